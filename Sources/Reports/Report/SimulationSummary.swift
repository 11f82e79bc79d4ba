import Analysis

/// One family of the random-matrix simulation: `1 − mean|cos|` per multiplication (median and
/// percentile band over samples), the numbers behind the simulation chart.
public struct SimulationSummary: Sendable, Equatable, Codable {
  /// Family name (`alpha2beta1`, `relu`, …).
  public var family: String
  /// Samples and vectors per sample.
  public var samples, vectors: Int
  /// The band in percent.
  public var band: Double
  /// Median of `1 − mean|cos|` after 0, 1, 2, … multiplications.
  public var median: [Double]
  /// Lower and upper band.
  public var lower, upper: [Double]
  /// Multiplications until the median falls below 1e-6, if it does.
  public var collapseDepth: Int?

  /// The summary of a simulation result.
  public init(_ r: SimulationResult) {
    family = r.family
    samples = r.samples
    vectors = r.vectors
    band = r.band
    median = r.steps.map(\.median)
    lower = r.steps.map(\.lower)
    upper = r.steps.map(\.upper)
    collapseDepth = r.multiplications(below: 1e-6)
  }
}
