/// Order statistics with numpy's conventions, so medians and percentiles match the paper's code.
///
/// - ``percentile(sorted:_:)`` is `numpy.percentile(x, p)` with the default `method='linear'`
///   (numpy ≥ 1.22): virtual index `h = (n − 1)·p/100`, `i = ⌊h⌋`, `t = h − i`, and the value
///   `lerp(x₍ᵢ₎, x₍ᵢ₊₁₎, t)` computed as numpy's `_lerp`: `a + (b − a)·t` for `t < 0.5`,
///   `b − (b − a)·(1 − t)` for `t ≥ 0.5` (this keeps the result exact at both ends).
/// - ``median(_:)`` is `numpy.median`: the middle value, or `(a + b)/2` of the two middle values
///   for an even count (this can differ from `percentile(50)` in the last bit).
/// NaN inputs give NaN (as numpy without `nan…` functions).
public enum Quantiles {
  /// The `p`-th percentile (`0 ≤ p ≤ 100`) of already ascending-sorted values, numpy-linear.
  /// - Precondition: `sorted` is non-empty, `0 ≤ p ≤ 100`.
  /// - Complexity: O(1).
  public static func percentile(sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "Quantiles.percentile: no values")
    precondition(p >= 0 && p <= 100, "Quantiles.percentile: p = \(p) outside [0, 100]")
    let h = Double(sorted.count - 1) * (p / 100)
    let i = Int(h.rounded(.down))
    let t = h - Double(i)
    let a = sorted[i]
    let b = sorted[Swift.min(i + 1, sorted.count - 1)]
    let d = b - a
    return t < 0.5 ? a + d * t : b - d * (1 - t)
  }

  /// The `p`-th percentile of `values` (sorted internally), numpy-linear; NaN if any value is NaN.
  /// - Complexity: O(n log n).
  public static func percentile(_ values: [Double], _ p: Double) -> Double {
    if values.contains(where: \.isNaN) { return .nan }
    return percentile(sorted: values.sorted(), p)
  }

  /// Several percentiles of `values` with one sort; NaN entries if any value is NaN.
  /// - Complexity: O(n log n + k).
  public static func percentiles(_ values: [Double], _ ps: [Double]) -> [Double] {
    if values.contains(where: \.isNaN) { return ps.map { _ in .nan } }
    let s = values.sorted()
    return ps.map { percentile(sorted: s, $0) }
  }

  /// `numpy.median` of ascending-sorted values.
  /// - Precondition: `sorted` is non-empty.
  public static func median(sorted: [Double]) -> Double {
    precondition(!sorted.isEmpty, "Quantiles.median: no values")
    let m = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
  }

  /// `numpy.median` of `values`; NaN if any value is NaN.
  /// - Complexity: O(n log n).
  public static func median(_ values: [Double]) -> Double {
    if values.contains(where: \.isNaN) { return .nan }
    return median(sorted: values.sorted())
  }
}
