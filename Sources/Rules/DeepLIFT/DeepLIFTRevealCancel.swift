import Networks

/// DeepLIFT with the RevealCancel rule (Shrikumar et al. 2017), CLI name `deeplift-reveal-cancel`.
///
/// As `DeepLIFTRescale`, but a ReLU whose input is a dense/conv output splits that layer's
/// difference into `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻` and `Δz⁻ = W⁻Δx⁺ + W⁺Δx⁻` and gives each part its own
/// multiplier
/// ```
/// Δy⁺ = ½(f(z⁰+Δz⁺) − f(z⁰)) + ½(f(z⁰+Δz⁻+Δz⁺) − f(z⁰+Δz⁻)),   m⁺ = m · Δy⁺/Δz⁺
/// Δy⁻ = ½(f(z⁰+Δz⁻) − f(z⁰)) + ½(f(z⁰+Δz⁺+Δz⁻) − f(z⁰+Δz⁺)),   m⁻ = m · Δy⁻/Δz⁻
/// ```
/// (deeplift 0.6's pseudocount `±1e-7` on parts below `5e-8`). The dense/conv layer then applies
/// the full linear rule with cross terms
/// `m_x = 1[Δx>0](W⁺ᵀm⁺ + W⁻ᵀm⁻) + 1[Δx<0](W⁻ᵀm⁺ + W⁺ᵀm⁻) + 1[Δx=0]Wᵀ½(m⁺+m⁻)`.
/// The relevance at a split boundary is `m⁺Δz⁺ + m⁻Δz⁻`, elsewhere `m ⊙ Δa`. A ReLU that does not
/// sit on a dense/conv output falls back to Rescale. Max-pool: gradient routing (as Rescale).
///
/// Complexity: Rescale plus four weight-split forward and four transposed products per dense/conv
/// layer below a ReLU.
public struct DeepLIFTRevealCancel: RelevancePropagator {
  /// `deeplift-reveal-cancel`.
  public var name: String { "deeplift-reveal-cancel" }
  /// How a class explanation seeds the logits (default `.logitValue`).
  public var seed: LogitSeed
  /// The reference input: `nil` for zeros, or `inputShape`, `[1] + inputShape`, `[N] + inputShape`.
  public var reference: Tensor?
  /// The max-pool rule (default `.gradient`, Captum 0.9's behaviour).
  public var maxPool: DeepLIFTMaxPoolRule

  /// Creates the method.
  /// - Parameters:
  ///   - reference: the reference input `x⁰` (`nil`: all zeros).
  ///   - maxPool: `.gradient` (default, Captum 0.9) or `.delta` (DeepLIFT's difference rule).
  ///   - seed: `.logitValue` (the default) or `.unit`.
  public init(
    reference: Tensor? = nil, maxPool: DeepLIFTMaxPoolRule = .gradient, seed: LogitSeed = .logitValue
  ) {
    self.reference = reference
    self.maxPool = maxPool
    self.seed = seed
  }

  /// Propagates `start` down to the input; the relevances are contributions.
  /// - Throws: `AttributionError.invalidParameter` for a reference of the wrong shape,
  ///   `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try DeepLIFTEngine(method: name, rule: .revealCancel, reference: reference, maxPool: maxPool)
      .propagate(network: network, trace: trace, start: start)
  }
}
