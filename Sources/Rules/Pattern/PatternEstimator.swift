import Networks

/// Estimates PatternNet/PatternAttribution signal patterns from data, streaming over batches
/// (Kindermans et al. 2018; paper-digest §3.6).
///
/// For every dense/conv layer with input patches `x` and outputs `y = wᵀx + b` per output unit, the
/// linear estimator is `a = cov(x, y) / (wᵀ cov(x, y))`; the two-component ReLU estimator (on layers
/// followed by a ReLU) is `a₊` over the observations with `y > 0` (and `a₋` over `y < 0`), see
/// `PatternEstimatorKind`. Conv layers pool all output positions. Means and cross-moments are
/// accumulated in Double, so batches can be fed one at a time in any split.
///
/// ```swift
/// var estimator = PatternEstimator(network: net, kind: .relu)
/// for batch in batches { estimator.accumulate(batch: batch) }
/// try estimator.patterns().save(to: url)
/// ```
public struct PatternEstimator: Sendable {
  /// The estimator kind.
  public let kind: PatternEstimatorKind
  /// The network whose layers get patterns.
  public let network: Network
  /// The number of input samples seen so far.
  public private(set) var sampleCount = 0
  private var statistics: [Int: PatternStatistics] = [:]

  /// Prepares empty statistics for every dense/conv layer of `network`.
  /// - Parameters:
  ///   - network: the network.
  ///   - kind: `.relu` (two-component, the paper's "relu" patterns; default) or `.linear`.
  public init(network: Network, kind: PatternEstimatorKind = .relu) {
    self.network = network
    self.kind = kind
    for (l, layer) in network.layers.enumerated() {
      guard let weight = PatternSet.weight(of: layer) else { continue }
      let beforeReLU: Bool = {
        guard l + 1 < network.layers.count, case .relu = network.layers[l + 1] else { return false }
        return true
      }()
      let subsets: [PatternStatistics.Subset] = kind == .relu && beforeReLU ? [.positive, .negative] : [.all]
      statistics[l] = PatternStatistics(layer: layer, weight: weight, subsets: subsets)
    }
  }

  /// Adds the activations of one traced batch.
  /// - Precondition: `trace` is a forward trace of `network`.
  /// - Complexity: per dense/conv layer two (linear) or four (ReLU estimator) products of the cost
  ///   of its weight gradient.
  public mutating func accumulate(trace: ForwardTrace) {
    precondition(
      trace.activations.count == network.layers.count + 1,
      "PatternEstimator: the trace does not belong to this network")
    for l in statistics.keys.sorted() {
      statistics[l]!.add(input: trace.activations[l], output: trace.activations[l + 1])
    }
    sampleCount += trace.batchSize
  }

  /// Traces `batch` (`[N] + inputShape`) and adds its activations.
  /// - Throws: `InputShapeError` when the batch does not fit the network.
  public mutating func accumulate(batch: Tensor) throws {
    try network.checkInput(batch)
    accumulate(trace: network.trace(batch))
  }

  /// The patterns estimated from everything accumulated so far.
  /// - Throws: `AttributionError.invalidParameter` when no sample was accumulated.
  public func patterns() throws -> PatternSet {
    guard sampleCount > 0 else {
      throw AttributionError.invalidParameter(
        method: "pattern-estimation", parameter: "data", expected: "at least one sample, got none")
    }
    var set = PatternSet(estimator: kind, patterns: [:])
    for (l, stats) in statistics {
      let layer = network.layers[l]
      guard let weight = PatternSet.weight(of: layer) else { continue }
      set.patterns[layer.name] = stats.pattern(subset: 0, weight: weight)
      if stats.subsets.count == 2 {
        set.negativePatterns[layer.name] = stats.pattern(subset: 1, weight: weight)
      }
    }
    return set
  }
}
