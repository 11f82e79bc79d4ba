import Networks

/// DeepLIFT with the Rescale rule (Shrikumar et al. 2017), CLI name `deeplift-rescale`.
///
/// With `Δa_l = a_l(x) − a_l(x⁰)` for the reference input `x⁰` (zeros by default, computed once per
/// call), multipliers travel down from the start: dense/conv `m_x = Wᵀ m_z`; ReLU the secant slope
/// `m_z = m_a · Δa/Δz` (the gradient `m_a · 1[z > 0]` where `|Δz| < 1e-10`); max-pool by default
/// routes `m` to the arg-max of `x` **like the gradient**, as Captum 0.9 does in a ReLU → MaxPool
/// chain (Captum issue #1104, see Tests/Fixtures/README.md), or by DeepLIFT's difference rule
/// (`maxPool: .delta`, see `DeepLIFTMaxPoolRule`); avg-pool and flatten pass the gradient.
/// The relevance at every boundary below the start is the contribution `m ⊙ Δa`.
///
/// The start relevance is the multiplier of the start layer's output (Captum's `grad_outputs`).
/// With the default seed `.logitValue`, `R = e_c · f_c(x)`, so the input relevance is
/// `f_c(x) ·` Captum's `DeepLift(multiply_by_inputs=True).attribute(x, baselines=x⁰, target=c)`;
/// with `seed: .unit` it is Captum's value exactly. Summation to delta,
/// `Σ_i R_i = Σ_k R_top,k · Δa_top,k` (`= f_c(x) − f_c(x⁰)` for a unit seed), holds at every
/// boundary above the top-most max-pool and, with the default `.gradient` max-pool rule, below it
/// whenever every pool window's maximum is the same element for `x` and `x⁰`; with `.delta`
/// everywhere.
///
/// Complexity: one forward pass of the reference (batch 1 for a shared reference) plus about one
/// gradient pass and a few elementwise sweeps.
public struct DeepLIFTRescale: RelevancePropagator {
  /// `deeplift-rescale`.
  public var name: String { "deeplift-rescale" }
  /// How a class explanation seeds the logits (default `.logitValue`).
  public var seed: LogitSeed
  /// The reference input: `nil` for zeros, or a tensor of shape `inputShape`, `[1] + inputShape`
  /// or `[N] + inputShape` (one reference per sample).
  public var reference: Tensor?
  /// The max-pool rule (default `.gradient`, Captum 0.9's behaviour).
  public var maxPool: DeepLIFTMaxPoolRule

  /// Creates the method.
  /// - Parameters:
  ///   - reference: the reference input `x⁰` (`nil`: all zeros).
  ///   - maxPool: `.gradient` (default, Captum 0.9) or `.delta` (DeepLIFT's difference rule).
  ///   - seed: `.logitValue` (LRP-style, the default) or `.unit` (Captum's `target=c`).
  public init(
    reference: Tensor? = nil, maxPool: DeepLIFTMaxPoolRule = .gradient, seed: LogitSeed = .logitValue
  ) {
    self.reference = reference
    self.maxPool = maxPool
    self.seed = seed
  }

  /// Propagates `start` down to the input; `relevances[l]` are the contributions `m ⊙ Δa_l`.
  /// - Throws: `AttributionError.invalidParameter` for a reference of the wrong shape,
  ///   `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try DeepLIFTEngine(method: name, rule: .rescale, reference: reference, maxPool: maxPool)
      .propagate(network: network, trace: trace, start: start)
  }
}
