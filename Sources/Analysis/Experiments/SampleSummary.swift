import Matrices

/// The summary of one sample of scores (one per image): order statistics for boxplots and the
/// median with its bootstrap confidence interval. NaN scores (constant maps) are dropped and counted.
public struct SampleSummary: Sendable, Equatable, Codable {
  /// Scores used (not NaN).
  public var n: Int
  /// Scores dropped because they were NaN.
  public var nanCount: Int
  /// Minimum, first quartile, median, third quartile, maximum (numpy-linear percentiles).
  public var minimum, lowerQuartile, median, upperQuartile, maximum: Double
  /// The mean.
  public var mean: Double
  /// The bootstrap confidence interval of the median (`confidence`, `resamples`).
  public var medianLower, medianUpper: Double
  /// The confidence level of the interval.
  public var confidence: Double

  /// Summarises `scores`; an all-NaN or empty sample gives NaN statistics with `n = 0`.
  /// - Parameters:
  ///   - resamples: bootstrap resamples of the median (paper: 10,000).
  ///   - generator: the seeded source of the resampling.
  public init(_ scores: [Double], resamples: Int, confidence: Double = 0.99, using generator: inout SeededGenerator) {
    let values = scores.filter { !$0.isNaN }
    n = values.count
    nanCount = scores.count - values.count
    self.confidence = confidence
    guard !values.isEmpty else {
      (minimum, lowerQuartile, median, upperQuartile, maximum, mean, medianLower, medianUpper) =
        (.nan, .nan, .nan, .nan, .nan, .nan, .nan, .nan)
      return
    }
    let p = Quantiles.percentiles(values, [0, 25, 50, 75, 100])
    (minimum, lowerQuartile, upperQuartile, maximum) = (p[0], p[1], p[3], p[4])
    mean = values.reduce(0, +) / Double(values.count)
    let interval = BootstrapInterval(medianOf: values, resamples: resamples, confidence: confidence, using: &generator)
    (median, medianLower, medianUpper) = (interval.median, interval.lower, interval.upper)
  }
}
