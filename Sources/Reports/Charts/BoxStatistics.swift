import Analysis

/// The five-number summary behind one box of a ``BoxPlot`` (Tukey's convention, as matplotlib
/// draws it).
///
/// Quartiles `Q1`, median and `Q3` use linear interpolation (Analysis' `Quantiles`, NumPy's default).
/// Whiskers reach the most extreme data values within `[Q1 − 1.5·IQR, Q3 + 1.5·IQR]`
/// (`IQR = Q3 − Q1`); values beyond them are outliers. NaNs are dropped.
public struct BoxStatistics: Sendable, Equatable, Codable {
  /// Number of (non-NaN) values.
  public let count: Int
  /// First quartile (25th percentile).
  public let lowerQuartile: Double
  /// Median (50th percentile).
  public let median: Double
  /// Third quartile (75th percentile).
  public let upperQuartile: Double
  /// Smallest value ≥ `Q1 − 1.5·IQR`.
  public let lowerWhisker: Double
  /// Largest value ≤ `Q3 + 1.5·IQR`.
  public let upperWhisker: Double
  /// Values outside the whiskers, ascending.
  public let outliers: [Double]

  /// The summary of `values`, or `nil` when no non-NaN value remains.
  /// - Complexity: O(n log n).
  public init?(_ values: [Double]) {
    let s = values.filter { !$0.isNaN }.sorted()
    guard !s.isEmpty else { return nil }
    count = s.count
    lowerQuartile = Quantiles.percentile(sorted: s, 25)
    median = Quantiles.percentile(sorted: s, 50)
    upperQuartile = Quantiles.percentile(sorted: s, 75)
    let iqr = upperQuartile - lowerQuartile
    let lowFence = lowerQuartile - 1.5 * iqr, highFence = upperQuartile + 1.5 * iqr
    lowerWhisker = s.first { $0 >= lowFence } ?? lowerQuartile
    upperWhisker = s.last { $0 <= highFence } ?? upperQuartile
    outliers = s.filter { $0 < lowFence || $0 > highFence }
  }
}
