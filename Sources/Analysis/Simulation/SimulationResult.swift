/// The outcome of ``RandomMatrixSimulation/run(_:band:)`` for one family.
public struct SimulationResult: Sendable {
  /// One row of the simulation table: the statistics after `multiplications` factors.
  public struct Step: Sendable, Equatable {
    /// Factors applied so far (0 = the random input vectors themselves).
    public let multiplications: Int
    /// Median over samples of `1 − mean|cos|`.
    public let median: Double
    /// Lower end of the percentile band over samples.
    public let lower: Double
    /// Upper end of the percentile band over samples.
    public let upper: Double
    /// Every sample's value (NaN samples dropped), in sample order.
    public let perSample: [Double]
  }

  /// The family's name (``SimulationFamily/name``).
  public let family: String
  /// The shapes multiplied, in order.
  public let shapes: [RandomMatrixSimulation.Shape]
  /// Vectors per sample.
  public let vectors: Int
  /// Samples.
  public let samples: Int
  /// The percentile band in percent.
  public let band: Double
  /// `shapes.count + 1` steps, 0 multiplications first.
  public let steps: [Step]

  /// The first number of multiplications after which the median `1 − |cos|` is below
  /// `threshold`, or `nil` if it never is.
  public func multiplications(below threshold: Double) -> Int? {
    steps.first { $0.median < threshold }?.multiplications
  }
}
