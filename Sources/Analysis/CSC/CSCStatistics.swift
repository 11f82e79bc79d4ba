/// The statistics the paper reports for one CSC point (digest §5 step 5), plus the chance level.
public struct CSCStatistics: Sendable, Equatable {
  /// The percentiles the paper's code computes.
  public static let percentileLevels: [Double] = [0, 1, 5, 10, 20, 50, 80, 95, 99, 100]
  /// The paper's histogram bin edges: `[0, 0.1, …, 0.9, 0.99, 0.999, 0.9999, 1]` (13 bins).
  public static let histogramEdges: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 0.999, 0.9999, 1]

  /// The CSC value: `numpy.median` of the finite |cos| values (NaN when there are none).
  public let median: Double
  /// The mean of the finite values.
  public let mean: Double
  /// `(level, value)` for every level of ``percentileLevels`` (numpy-linear).
  public let percentiles: [(level: Double, value: Double)]
  /// Counts per bin of ``histogramEdges``: bins are `[eₖ, eₖ₊₁)` except the last, `[0.9999, 1]`,
  /// which also receives the few values above 1 by rounding (numpy would drop them). Computed on
  /// all values (the paper subsamples at most 50,000).
  public let histogram: [Int]
  /// The number of finite values.
  public let count: Int
  /// The number of NaN pairs dropped.
  public let nanCount: Int
  /// The vector length at this point (channels or units).
  public let width: Int
  /// The chance level at this width, ``ChanceBaseline/median(width:)`` (exact, not Monte Carlo).
  public let baseline: Double

  /// Summarises a pooled sample.
  /// - Complexity: O(n log n).
  public init(_ sample: CosineSample) {
    let sorted = sample.values.sorted()
    count = sorted.count
    nanCount = sample.nanCount
    width = sample.width
    baseline = ChanceBaseline.median(width: sample.width)
    if sorted.isEmpty {
      median = .nan
      mean = .nan
      percentiles = Self.percentileLevels.map { ($0, .nan) }
      histogram = [Int](repeating: 0, count: Self.histogramEdges.count - 1)
      return
    }
    median = Quantiles.median(sorted: sorted)
    mean = sorted.reduce(0, +) / Double(sorted.count)
    percentiles = Self.percentileLevels.map { ($0, Quantiles.percentile(sorted: sorted, $0)) }
    var bins = [Int](repeating: 0, count: Self.histogramEdges.count - 1)
    var k = 0
    for v in sorted {
      while k < bins.count - 1 && v >= Self.histogramEdges[k + 1] { k += 1 }
      bins[k] += 1
    }
    histogram = bins
  }

  /// The value at percentile `level` (one of ``percentileLevels``), or `nil`.
  public func percentile(_ level: Double) -> Double? {
    percentiles.first { $0.level == level }?.value
  }

  /// Equality of every statistic (percentile tuples compared elementwise).
  public static func == (a: CSCStatistics, b: CSCStatistics) -> Bool {
    a.median == b.median && a.mean == b.mean && a.histogram == b.histogram && a.count == b.count
      && a.nanCount == b.nanCount && a.width == b.width && a.baseline == b.baseline
      && a.percentiles.map(\.value) == b.percentiles.map(\.value)
  }
}
