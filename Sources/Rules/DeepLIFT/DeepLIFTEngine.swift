import Networks

/// The DeepLIFT backward pass shared by `DeepLIFTRescale`, `DeepLIFTRevealCancel` and
/// `DeepLIFTAblation` (Shrikumar et al. 2017; paper-digest §3.7).
///
/// One forward pass of the reference input `x⁰` (batch 1 when one reference serves all samples)
/// gives `Δa_l = a_l(x) − a_l(x⁰)` at every layer boundary below the start. Multipliers `m` then
/// travel down from the start, where the injected relevance is taken as the multiplier of the
/// start layer's output (Captum's `grad_outputs`); the relevance reported at every lower boundary
/// is the contribution `m ⊙ Δa` (for a split multiplier `m⁺ ⊙ Δa⁺ + m⁻ ⊙ Δa⁻`).
///
/// Layers: dense/conv by the linear rule of the chosen `Rule`; ReLU by Rescale or RevealCancel;
/// max-pool by the `DeepLIFTMaxPoolRule` (default: like the gradient, as Captum 0.9); avg-pool and
/// flatten pass the gradient.
struct DeepLIFTEngine: Sendable {
  /// Which nonlinear and linear rules the pass uses.
  enum Rule: Sendable {
    /// Rescale on ReLU, full linear rule (collapses to `Wᵀ m`).
    case rescale
    /// RevealCancel on ReLU (separate `m⁺`, `m⁻`), full linear rule with cross terms.
    case revealCancel
    /// Rescale on ReLU, linear rule without cross terms (only `W⁺` carries multipliers).
    case ablation
  }

  /// Below this absolute input difference a ReLU uses its gradient instead of the secant slope
  /// (Captum `DeepLift(eps=1e-10)`).
  static let rescaleEpsilon: Float = 1e-10
  /// DeepLIFT's pseudocount threshold for RevealCancel denominators (`NEAR_ZERO_THRESHOLD`).
  static let nearZero: Float = 1e-7

  let method: String
  let rule: Rule
  /// `nil` (zeros), `inputShape`, `[1] + inputShape` or `[N] + inputShape`.
  let reference: Tensor?
  /// The max-pool rule.
  let maxPool: DeepLIFTMaxPoolRule

  /// The reference as a batch (`[1, …]` or `[N, …]`).
  /// - Throws: `AttributionError.invalidParameter` for a shape that fits neither.
  func referenceBatch(network: Network, batch: Int) throws -> Tensor {
    try MethodArrays.referenceBatch(
      reference, method: method, parameter: "reference", network: network, batch: batch)
  }

  /// Runs the pass. See the type documentation.
  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: method, network: network, trace: trace, start: start)
    let top = start.layer
    var refActivation = try referenceBatch(network: network, batch: trace.batchSize)
    var deltas = [MethodArrays.difference(trace.activations[0], refActivation)]
    deltas.reserveCapacity(top + 2)
    var refActivations = [refActivation]
    for l in 0...top {
      refActivation = network.layers[l].forward(refActivation)
      refActivations.append(refActivation)
      deltas.append(MethodArrays.difference(trace.activations[l + 1], refActivation))
    }
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

/// A DeepLIFT multiplier at one layer boundary: one tensor, or separate multipliers for the
/// positive and negative parts of the difference (after RevealCancel) with those parts.
struct DeepLIFTMultiplier: Sendable {
  /// The multiplier (for a split multiplier, `m⁺`).
  var single: Tensor
  /// `m⁻` and the parts `Δ⁺`, `Δ⁻` the split multipliers apply to; `nil` when `m⁺ = m⁻`.
  var split: (negative: Tensor, positivePart: Tensor, negativePart: Tensor)?

  init(single: Tensor) {
    self.single = single
    self.split = nil
  }

  init(positive: Tensor, negative: Tensor, positivePart: Tensor, negativePart: Tensor) {
    self.single = positive
    self.split = (negative, positivePart, negativePart)
  }

  /// `m ⊙ Δ`, or `m⁺ ⊙ Δ⁺ + m⁻ ⊙ Δ⁻` for a split multiplier.
  func contribution(delta: Tensor) -> Tensor {
    guard let split else { return MethodArrays.product(single, delta) }
    var out = [Float](repeating: 0, count: single.count)
    single.scalars.withUnsafeBufferPointer { mp in
      split.negative.scalars.withUnsafeBufferPointer { mn in
        split.positivePart.scalars.withUnsafeBufferPointer { dp in
          split.negativePart.scalars.withUnsafeBufferPointer { dn in
            out.withUnsafeMutableBufferPointer { o in
              for i in 0..<o.count { o[i] = mp[i] * dp[i] + mn[i] * dn[i] }
            }
          }
        }
      }
    }
    return Tensor(shape: single.shape, scalars: out)
  }
}
