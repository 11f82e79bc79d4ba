import Networks

/// DeepLIFT (Shrikumar et al. 2017; paper-digest §3.7) in the three variants of Sixt et al. 2020:
/// Rescale (`deeplift-rescale`), RevealCancel (`deeplift-reveal-cancel`) and the ablation without
/// cross terms (`deeplift-ablation`).
///
/// One forward pass of the reference input `x⁰` (zeros by default; batch 1 when one reference
/// serves all samples) gives `Δa_l = a_l(x) − a_l(x⁰)` at every layer boundary below the start.
/// Multipliers `m` then travel down from the start, where the injected relevance is taken as the
/// multiplier of the start layer's output (Captum's `grad_outputs`). The relevance reported at
/// every lower boundary is the contribution `m ⊙ Δa` (for a split multiplier `m⁺ ⊙ Δz⁺ + m⁻ ⊙ Δz⁻`).
///
/// | layer | `.rescale` | `.revealCancel` | `.ablation` |
/// |---|---|---|---|
/// | dense/conv | `m_x = Wᵀm` | full linear rule with cross terms (below) | `m_x = W⁺ᵀm` |
/// | ReLU | secant `m_z = m_a·Δa/Δz` | RevealCancel (below) above dense/conv, else Rescale | secant |
/// | max-pool | `DeepLIFTMaxPoolRule` (default `.gradient`, Captum 0.9) | same | same |
/// | avg-pool, flatten | the gradient | same | same |
///
/// **Rescale.** The secant slope is replaced by the gradient `m_a·1[z > 0]` where `|Δz| < 1e-10`
/// (Captum `DeepLift(eps=1e-10)`). With the default seed `.logitValue`, `R = e_c·f_c(x)`, the input
/// relevance is `f_c(x) ·` Captum's `DeepLift(multiply_by_inputs=True).attribute(x, baselines=x⁰,
/// target=c)`; with `seed: .unit` it is Captum's value exactly. Summation to delta,
/// `Σ_i R_i = Σ_k R_top,k·Δa_top,k` (`= f_c(x) − f_c(x⁰)` for a unit seed), holds at every boundary
/// above the top-most max-pool and, with the `.gradient` max-pool rule, below it whenever every
/// pool window's maximum is the same element for `x` and `x⁰`; with `.delta` everywhere.
///
/// **RevealCancel** (our definition, which the catalogue rule `deeplift.revealcancel` states in
/// the rule language and the generic evaluator computes). At a ReLU on the output of a dense/conv
/// layer with input difference `Δx`, the pre-activation difference is split into its positive and
/// negative parts, each a sum of terms of one sign (the bias cancels in `z − z⁰`):
/// ```
/// Δz⁺ = Σᵢ pos(wᵢΔxᵢ) = W⁺Δx⁺ + W⁻Δx⁻,     Δz⁻ = Σᵢ neg(wᵢΔxᵢ) = W⁻Δx⁺ + W⁺Δx⁻
/// P = pc(Δz⁺),  N = pc(Δz⁻)    (deeplift's pseudocount: pc(t) = t ± 1e-7 where |t| < 5e-8, + at 0)
/// Δy⁺ = ½(f(z⁰+P) − f(z⁰)) + ½(f(z⁰+N+P) − f(z⁰+N)),   m⁺ = m_a·Δy⁺/P
/// Δy⁻ = ½(f(z⁰+N) − f(z⁰)) + ½(f(z⁰+P+N) − f(z⁰+P)),   m⁻ = m_a·Δy⁻/N
/// ```
/// with `f = relu` and `z⁰` the reference's pre-activation: Shrikumar et al.'s Shapley halves, with
/// deeplift 0.6's pseudocount. The layer below applies the linear rule with cross terms
/// `m_x = 1[Δx>0](W⁺ᵀm⁺ + W⁻ᵀm⁻) + 1[Δx<0](W⁻ᵀm⁺ + W⁺ᵀm⁻) + 1[Δx=0]·½Wᵀ(m⁺+m⁻)`. The parts are
/// computed as written (one stacked product, never as `½(Δz ± |W||Δx|)`), so a part that is an
/// exact zero (every term of that sign vanishes) is an exact zero in Float32 too and gets the
/// pseudocount, as in the definition. A ReLU that is not on a dense/conv output uses Rescale.
/// Captum does not implement RevealCancel.
///
/// **Ablation** ("DeepLIFT Abla."): the authors' `cross_mxts=False`,
/// `m_x = 1[Δx>0]·W⁺ᵀm⁺ + 1[Δx<0]·W⁺ᵀm⁻ + 1[Δx=0]·W⁺ᵀ½(m⁺+m⁻)`, which is `W⁺ᵀm` under Rescale
/// (the code uses `W⁺` for both signs, paper-digest §3.7). With non-negative slopes this is a
/// non-negative backward chain, which Theorem 1 predicts to converge; its contributions do not sum
/// to `f_c(x) − f_c(x⁰)`.
///
/// Complexity: one forward pass of the reference (kept for the next call on the same network and
/// reference), then per dense/conv layer one transposed product (Rescale, ablation); RevealCancel adds per dense/conv layer below a ReLU a stacked forward product
/// of 4× the layer's work (the four sign quadrants; 2× where `Δx` has one sign) and a second
/// transposed product. Derived weights
/// (`W⁺`, `|W|`, `[W⁺ W⁻]`, `[W⁺; W⁻]`) are built once per weight buffer and cached in the value.
public struct DeepLIFT: RelevancePropagator {
  /// The DeepLIFT variant: which nonlinear and linear rules the pass uses.
  public enum Variant: String, Sendable, Equatable, CaseIterable {
    /// Rescale on ReLU, full linear rule (collapses to `Wᵀm`). CLI `deeplift-rescale`.
    case rescale
    /// RevealCancel on ReLU (separate `m⁺`, `m⁻`), full linear rule with cross terms.
    /// CLI `deeplift-reveal-cancel`.
    case revealCancel = "reveal-cancel"
    /// Rescale on ReLU, linear rule without cross terms (only `W⁺` carries multipliers).
    /// CLI `deeplift-ablation`.
    case ablation
  }

  /// Below this absolute input difference a ReLU uses its gradient instead of the secant slope
  /// (Captum `DeepLift(eps=1e-10)`).
  static let rescaleEpsilon: Float = 1e-10
  /// DeepLIFT's pseudocount for RevealCancel parts (`NEAR_ZERO_THRESHOLD`).
  static let nearZero: Float = 1e-7

  /// The variant.
  public var variant: Variant
  /// The reference input: `nil` for zeros, or a tensor of shape `inputShape`, `[1] + inputShape`
  /// or `[N] + inputShape` (one reference per sample).
  public var reference: Tensor?
  /// The max-pool rule (default `.gradient`, Captum 0.9's behaviour).
  public var maxPool: DeepLIFTMaxPoolRule
  /// How a class explanation seeds the logits (default `.logitValue`).
  public var seed: LogitSeed
  /// Derived weights, shared by the copies of this value.
  let weights = DeepLIFTWeightCache()
  /// The reference's activations for the last network seen, shared by the copies of this value.
  let references = DeepLIFTReferenceCache()

  /// The command-line name: `deeplift-rescale`, `deeplift-reveal-cancel` or `deeplift-ablation`.
  public var name: String { "deeplift-" + variant.rawValue }

  /// Creates the method.
  /// - Parameters:
  ///   - variant: `.rescale`, `.revealCancel` or `.ablation`.
  ///   - reference: the reference input `x⁰` (`nil`: all zeros).
  ///   - maxPool: `.gradient` (default, Captum 0.9) or `.delta` (DeepLIFT's difference rule).
  ///   - seed: `.logitValue` (LRP-style, the default) or `.unit` (Captum's `target=c`).
  public init(
    _ variant: Variant, reference: Tensor? = nil, maxPool: DeepLIFTMaxPoolRule = .gradient,
    seed: LogitSeed = .logitValue
  ) {
    self.variant = variant
    self.reference = reference
    self.maxPool = maxPool
    self.seed = seed
  }

  /// Propagates `start` down to the input; `relevances[l]` are the contributions below the start
  /// (see the type documentation), `relevances[start.layer + 1]` the start itself.
  /// - Throws: `AttributionError.invalidParameter` for a reference of the wrong shape or a start
  ///   layer out of range, `.startShape` for a start relevance that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: name, network: network, trace: trace, start: start)
    let top = start.layer
    let refInput = try MethodArrays.referenceBatch(
      reference, method: name, parameter: "reference", network: network, batch: trace.batchSize)
    let refActivations = references.activations(network: network, reference: refInput, through: top)
    let deltas = (0...(top + 1)).map { MethodArrays.difference(trace.activations[$0], refActivations[$0]) }
    var relevances = [Tensor](repeating: Tensor(shape: [0]), count: top + 2)
    relevances[top + 1] = start.relevance
    var multiplier = DeepLIFTMultiplier(single: start.relevance)
    for l in stride(from: top, through: 0, by: -1) {
      let input = trace.activations[l]
      switch network.layers[l] {
      case .dense, .conv2d:
        multiplier = DeepLIFTMultiplier(
          single: linearBackward(network.layers[l], multiplier: multiplier, inputDelta: deltas[l]))
      case .relu:
        multiplier = reluBackward(
          network: network, index: l, multiplier: multiplier.single,
          z: input, dz: deltas[l], da: deltas[l + 1], refZ: refActivations[l],
          linearInputDelta: l >= 1 ? deltas[l - 1] : nil)
      case .maxPool2d(let p):
        let routing = trace.maxPoolIndices[l] ?? p.maxPoolForward(input).argmax
        switch maxPool {
        case .gradient:
          multiplier = DeepLIFTMultiplier(
            single: p.maxPoolBackward(
              outputGradient: multiplier.single, argmax: routing, inputShape: input.shape))
        case .delta:
          multiplier = DeepLIFTMultiplier(
            single: Self.maxPoolDelta(
              p, multiplier: multiplier.single, routing: routing, output: trace.activations[l + 1],
              refInput: refActivations[l], refOutput: refActivations[l + 1], inputDelta: deltas[l]))
        }
      case .avgPool2d(let p):
        multiplier = DeepLIFTMultiplier(
          single: p.avgPoolBackward(outputGradient: multiplier.single, inputShape: input.shape))
      case .flatten:
        multiplier = DeepLIFTMultiplier(single: multiplier.single.reshaped(to: input.shape))
      }
      relevances[l] = multiplier.contribution(delta: deltas[l])
    }
    return Attribution(relevances: relevances, stabilisedCount: 0)
  }
}
