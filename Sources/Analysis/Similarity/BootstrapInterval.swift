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
  /// - Complexity: O(resamples · n log n).
  public init(medianOf values: [Double], resamples: Int = 10_000, confidence: Double = 0.99, using generator: inout SeededGenerator) {
    precondition(!values.isEmpty && !values.contains(where: \.isNaN), "BootstrapInterval: needs a non-empty sample without NaN")
    precondition(resamples >= 1 && confidence > 0 && confidence < 1, "BootstrapInterval: resamples ≥ 1 and confidence in (0, 1)")
    let n = values.count
    var medians = [Double](repeating: 0, count: resamples)
    var draw = [Double](repeating: 0, count: n)
    for r in 0..<resamples {
      for k in 0..<n {
        let index = Int(generator.next().multipliedFullWidth(by: UInt64(n)).high)
        draw[k] = values[index]
      }
      draw.sort()
      medians[r] = Quantiles.median(sorted: draw)
    }
    medians.sort()
    self.median = Quantiles.median(values)
    self.lower = Quantiles.percentile(sorted: medians, 50 * (1 - confidence))
    self.upper = Quantiles.percentile(sorted: medians, 50 * (1 + confidence))
    self.confidence = confidence
    self.resamples = resamples
  }
}
