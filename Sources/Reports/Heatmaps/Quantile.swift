/// Order statistics with the linear-interpolation rule (Hyndman–Fan type 7, NumPy's default
/// `np.percentile(..., method="linear")`, R's default).
public enum Quantile {
  /// The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` values:
  /// `h = (n − 1)·q`, result `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
  /// - Precondition: `sorted` is non-empty and ascending; `q` ∈ [0, 1].
  /// - Complexity: O(1).
  public static func sorted(_ sorted: [Double], _ q: Double) -> Double {
    precondition(!sorted.isEmpty, "quantile of an empty sample")
    precondition(q >= 0 && q <= 1, "quantile level \(q) outside [0, 1]")
    let h = Double(sorted.count - 1) * q
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }

  /// The `p`-th percentile (0 ≤ p ≤ 100) of `values` in any order, NaNs dropped; `nil` when no
  /// finite-or-infinite value remains. Complexity: O(n log n).
  public static func percentile(_ values: [Double], _ p: Double) -> Double? {
    let s = values.filter { !$0.isNaN }.sorted()
    return s.isEmpty ? nil : sorted(s, p / 100)
  }
}
