import Networks

/// "DeepLIFT Abla." of Sixt et al. 2020: DeepLIFT Rescale without the cross terms of the linear
/// rule, CLI name `deeplift-ablation`.
///
/// The authors' `cross_mxts=False` keeps only the paths through positive weights:
/// `m_x = 1[Δx>0]·W⁺ᵀm⁺ + 1[Δx<0]·W⁺ᵀm⁻ + 1[Δx=0]·W⁺ᵀ½(m⁺+m⁻)`; under Rescale (`m⁺ = m⁻ = m`)
/// that is `m_x = W⁺ᵀ m` at every dense/conv layer (paper-digest §3.7: the code uses `W⁺` for both
/// signs, not `W⁻` for the negative one). ReLU: the Rescale slope; pools and flatten as
/// `DeepLIFTRescale`. With non-negative slopes this is a non-negative backward chain, which
/// Theorem 1 predicts to converge. Relevances are the contributions `m ⊙ Δa` (they do not sum to
/// `f_c(x) − f_c(x⁰)`).
///
/// Complexity: as `DeepLIFTRescale`.
public struct DeepLIFTAblation: RelevancePropagator {
  /// `deeplift-ablation`.
  public var name: String { "deeplift-ablation" }
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
    try DeepLIFTEngine(method: name, rule: .ablation, reference: reference, maxPool: maxPool)
      .propagate(network: network, trace: trace, start: start)
  }
}
