import Matrices

/// The paper's comparison of two saliency maps: `normalize_sanity` followed by SSIM, with the
/// maximum over the sign of the second map (the collapse leaves the sign of λ free).
///
/// ```
/// n(x) = clip((x − P_p(x)) / (P_{100−p}(x) − P_p(x)), 0, 1)
/// SSIM_flip(x, y) = max(SSIM(n(x), n(y)), SSIM(n(x), n(−y)))
/// ```
/// `P_q` is numpy's linear percentile over all pixels (``Quantiles``). Note the inversion: the
/// largest values map to 0 and the smallest to 1, exactly as the authors' `normalize_sanity`
/// (`when_explanations_lie.py`); its "all values of one sign" branch computes a value it never
/// uses, so it is omitted. `p = 99.5` in the paper's sanity checks, `100` for RectGrad.
public enum SaliencySimilarity {
  /// The paper's percentile for `normalize_sanity`.
  public static let paperPercentile = 99.5
  /// The percentile the paper uses for RectGrad (its maps are sparse).
  public static let rectGradPercentile = 100.0

  /// `normalize_sanity(x, p)`: the inverted robust min–max normalisation into [0, 1].
  ///
  /// IEEE semantics as numpy: when `P_p = P_{100−p}` (a constant map) the quotient is `0/0 = NaN`
  /// or `±∞`; NaN stays NaN through the clip (so SSIM becomes NaN) and `±∞` clips to 0 or 1.
  /// - Parameters:
  ///   - x: the heatmap (any shape; all entries are pooled for the percentiles).
  ///   - percentile: `p` in [50, 100].
  /// - Complexity: O(n log n).
  public static func normalizeSanity(_ x: Matrix, percentile p: Double = paperPercentile) -> Matrix {
    precondition(p >= 50 && p <= 100, "normalizeSanity: percentile \(p) outside [50, 100]")
    let sorted = x.scalars.sorted()
    let vmin = Quantiles.percentile(sorted: sorted, p)
    let vmax = Quantiles.percentile(sorted: sorted, 100 - p)
    let d = vmax - vmin
    return x.map { v in
      let t = (v - vmin) / d
      if t.isNaN { return t }
      return t < 0 ? 0 : (t > 1 ? 1 : t)
    }
  }

  /// `ssim_flipped(x, y)`: `max(SSIM(n(x), n(y)), SSIM(n(x), n(−y)))` with Python's `max`
  /// (returns the first argument unless the second is larger, so a NaN first value stays NaN).
  /// - Parameters:
  ///   - x, y: two heatmaps of equal shape (after ``HeatmapReduction``).
  ///   - percentile: the `normalize_sanity` percentile (99.5; 100 for RectGrad).
  ///   - ssim: the SSIM configuration (the paper's by default).
  /// - Complexity: O(n log n) for the percentiles plus O(n·w) for the SSIMs.
  public static func ssimFlipped(
    _ x: Matrix, _ y: Matrix, percentile: Double = paperPercentile, ssim: StructuralSimilarity = .paper
  ) -> Double {
    let nx = normalizeSanity(x, percentile: percentile)
    let plain = ssim.similarity(nx, normalizeSanity(y, percentile: percentile))
    let flipped = ssim.similarity(nx, normalizeSanity(-y, percentile: percentile))
    return flipped > plain ? flipped : plain
  }

  /// Spearman's rank correlation of the flattened maps: Pearson's correlation of their ranks,
  /// tied values getting the average of their ranks (`scipy.stats.spearmanr`). NaN when either
  /// map is constant.
  /// - Precondition: equal element counts ≥ 2.
  /// - Complexity: O(n log n).
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count && x.count >= 2, "spearman: needs two sequences of equal length ≥ 2")
    return pearson(averageRanks(x), averageRanks(y))
  }

  /// Pearson's correlation `Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²)`; NaN when either is constant.
  /// - Precondition: equal counts ≥ 2.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count && x.count >= 2, "pearson: needs two sequences of equal length ≥ 2")
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in x.indices {
      let a = x[i] - mx, b = y[i] - my
      sxy += a * b; sxx += a * a; syy += b * b
    }
    return sxy / (sxx.squareRoot() * syy.squareRoot())
  }

  /// The ranks `1…n` of `values` with ties replaced by their average rank (`rankdata(method='average')`).
  /// - Complexity: O(n log n).
  public static func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      let average = Double(start + 1 + end) / 2  // mean of ranks start+1 … end
      for k in start..<end { ranks[order[k]] = average }
      start = end
    }
    return ranks
  }

  /// The cosine similarity of the flattened maps (NaN if either is zero), as Quantus offers it.
  /// - Precondition: equal element counts.
  public static func cosine(_ x: Matrix, _ y: Matrix) -> Double {
    cosineSimilarity(x.scalars, y.scalars)
  }
}
