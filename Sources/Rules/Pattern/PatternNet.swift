import Networks

/// PatternNet (Kindermans et al. 2018), CLI name `pattern-net`: the gradient pass with every
/// dense/conv weight replaced by its estimated signal pattern.
///
/// ```
/// r_{l−1} = A_lᵀ M_l r_l
/// ```
/// (paper-digest §3.6), ReLU masks `M_l = 1[z_l > 0]` and pooling as in the gradient. It projects
/// the output back to the estimated signal direction in input space; seeded with `e_c`.
/// Patterns come from `PatternEstimator` or `PatternSet.load`.
/// Complexity: one gradient pass.
public struct PatternNet: RelevancePropagator {
  /// `pattern-net`.
  public var name: String { "pattern-net" }
  /// How a class explanation seeds the logits (default `.unit`).
  public var seed: LogitSeed
  /// The patterns, one per dense/conv layer the pass crosses.
  public var patterns: PatternSet

  /// Creates the method.
  /// - Parameters:
  ///   - patterns: the estimated patterns (`PatternSet.patterns`: `a`, or `a₊` for the ReLU estimator).
  ///   - seed: `.unit` (default) or `.logitValue`.
  public init(patterns: PatternSet, seed: LogitSeed = .unit) {
    self.patterns = patterns
    self.seed = seed
  }

  /// Propagates `start` down to the input.
  /// - Throws: `AttributionError.unsupportedLayer` for a dense/conv layer without a pattern,
  ///   `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try PatternBackward(method: name, patterns: patterns) { _, pattern in pattern }
      .propagate(network: network, trace: trace, start: start)
  }
}
