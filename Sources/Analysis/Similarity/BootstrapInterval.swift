import Matrices

/// A percentile-bootstrap confidence interval of the median, as the paper's sanity-check
/// notebooks draw it (10,000 resamples with replacement, the 0.5 % and 99.5 % percentiles of the
/// resampled medians).
public struct BootstrapInterval: Sendable, Equatable {
  /// The median of the original sample (`numpy.median`).
  public let median: Double
  /// The lower percentile of the bootstrap medians.
  public let lower: Double
  /// The upper percentile of the bootstrap medians.
  public let upper: Double
  /// The confidence level, e.g. 0.99.
  public let confidence: Double
  /// The number of resamples.
  public let resamples: Int

  /// Bootstraps the median of `values`.
  ///
  /// Each resample draws `n` indices uniformly with replacement from `generator` (index =
  /// high 64 bits of `next() · n`, Lemire's multiply-shift, bias below `n/2⁶⁴`); the interval is
  /// the numpy-linear percentiles `(1 − confidence)/2` and `(1 + confidence)/2` (×100) of the
  /// resampled medians. NaN values are a precondition failure (filter them first).
  /// - Parameters:
  ///   - values: the sample (e.g. one SSIM per image), non-empty.
  ///   - resamples: number of bootstrap resamples (paper: 10,000).
  ///   - confidence: in (0, 1) (paper: 0.99).
  ///   - generator: the seeded source of the resampling indices.
  /// - Complexity: O(n log n + resamples · n).
  public init(medianOf values: [Double], resamples: Int = 10_000, confidence: Double = 0.99, using generator: inout SeededGenerator) {
    precondition(!values.isEmpty && !values.contains(where: \.isNaN), "BootstrapInterval: needs a non-empty sample without NaN")
    precondition(resamples >= 1 && confidence > 0 && confidence < 1, "BootstrapInterval: resamples ≥ 1 and confidence in (0, 1)")
    let n = values.count
    // Each resample is a multiset of ranks: count how often each rank of the sorted sample was
    // drawn and read the middle order statistics off the cumulative counts (O(n) instead of a
    // sort; the medians are the same values the sort would give).
    let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    var rank = [Int](repeating: 0, count: n)
    for (r, index) in order.enumerated() { rank[index] = r }
    let sorted = order.map { values[$0] }
    let (lowMiddle, highMiddle) = ((n - 1) / 2, n / 2)
    var medians = [Double](repeating: 0, count: resamples)
    var counts = [Int](repeating: 0, count: n)
    for r in 0..<resamples {
      for k in 0..<n { counts[k] = 0 }
      for _ in 0..<n {
        let index = Int(generator.next().multipliedFullWidth(by: UInt64(n)).high)
        counts[rank[index]] &+= 1
      }
      var seen = 0, low = 0.0, high = 0.0, k = 0
      while seen <= highMiddle {
        let next = seen &+ counts[k]
        if seen <= lowMiddle && lowMiddle < next { low = sorted[k] }
        if highMiddle < next { high = sorted[k] }
        seen = next
        k &+= 1
      }
      medians[r] = n % 2 == 1 ? high : (low + high) / 2
    }
    medians.sort()
    self.median = Quantiles.median(values)
    self.lower = Quantiles.percentile(sorted: medians, 50 * (1 - confidence))
    self.upper = Quantiles.percentile(sorted: medians, 50 * (1 + confidence))
    self.confidence = confidence
    self.resamples = resamples
  }
}
