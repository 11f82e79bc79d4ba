import Networks

/// PatternAttribution (Kindermans et al. 2018), CLI name `pattern-attribution`: the gradient pass
/// with every dense/conv weight replaced by the elementwise product of weight and pattern.
///
/// ```
/// r_{l−1} = (W_l ⊙ A_l)ᵀ M_l r_l
/// ```
/// (paper-digest §3.6), ReLU masks and pooling as in the gradient, seeded like LRP with
/// `e_c · f_c(x)`. `W ⊙ A` is not entrywise non-negative; Sixt et al. argue its near-rank-1 spectrum
/// makes the chain collapse (§4.5).
/// Complexity: one gradient pass plus one elementwise product per weight.
public struct PatternAttribution: RelevancePropagator {
  /// `pattern-attribution`.
  public var name: String { "pattern-attribution" }
  /// How a class explanation seeds the logits (default `.logitValue`).
  public var seed: LogitSeed
  /// The patterns, one per dense/conv layer the pass crosses.
  public var patterns: PatternSet

  /// Creates the method.
  /// - Parameters:
  ///   - patterns: the estimated patterns.
  ///   - seed: `.logitValue` (default) or `.unit`.
  public init(patterns: PatternSet, seed: LogitSeed = .logitValue) {
    self.patterns = patterns
    self.seed = seed
  }

  /// Propagates `start` down to the input.
  /// - Throws: `AttributionError.unsupportedLayer` for a dense/conv layer without a pattern,
  ///   `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try PatternBackward(method: name, patterns: patterns) { weight, pattern in
      MethodArrays.product(weight, pattern)
    }.propagate(network: network, trace: trace, start: start)
  }
}
