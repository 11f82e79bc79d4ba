import Matrices
import Networks

/// How two input relevance maps of one image are compared in the sanity checks.
public enum SimilarityMeasure: String, Sendable, CaseIterable {
  /// The paper's `ssim_flipped`: heatmap post-processing per method (channel sum or abs-max),
  /// `normalize_sanity` (99.5; 100 for RectGrad), SSIM with a 5×5 window, the sign-flip maximum.
  case ssimFlip = "ssim"
  /// Spearman rank correlation of the post-processed heatmaps (Quantus `correlation_spearman`).
  case spearman
  /// The cosine `⟨x, y⟩ / (‖x‖ ‖y‖)` of the raw maps as flat vectors (Quantus `cosine`); NaN when
  /// either map is zero. Signed: a map and its negation score −1.
  case cosine
  /// `|cos|` of the raw maps as flat vectors (the matrix-level view of later-layer independence:
  /// the sign of the collapsed direction is free).
  case absoluteCosine = "abs-cosine"

  /// Scores two single-image maps of `method`.
  /// - Parameters:
  ///   - method: the method's registry name (chooses the post-processing).
  ///   - reference, other: maps shaped like one network input.
  ///   - imageShape: `[C, H, W]` the maps are read as (a flat MLP input `[256]` is `[1, 16, 16]`).
  public func score(method: String, _ reference: Tensor, _ other: Tensor, imageShape: [Int]) -> Double {
    switch self {
    case .cosine:
      return cosineSimilarity(reference.scalars.map(Double.init), other.scalars.map(Double.init))
    case .absoluteCosine:
      return abs(cosineSimilarity(reference.scalars.map(Double.init), other.scalars.map(Double.init)))
    case .ssimFlip, .spearman:
      let reduction = HeatmapReduction.paper(forMethod: method)
      let x = reduction.heatmaps(Tensor(shape: imageShape, scalars: reference.scalars))[0]
      let y = reduction.heatmaps(Tensor(shape: imageShape, scalars: other.scalars))[0]
      if self == .spearman { return SaliencySimilarity.spearman(x.scalars, y.scalars) }
      let percentile =
        method == "rectgrad" ? SaliencySimilarity.rectGradPercentile : SaliencySimilarity.paperPercentile
      return SaliencySimilarity.ssimFlipped(x, y, percentile: percentile)
    }
  }

  /// `[C, H, W]` for a network input shape: itself for images, `[1, s, s]` for a flat input of a
  /// square size `s²`, else `[1, 1, n]`.
  public static func imageShape(forInput shape: [Int]) -> [Int] {
    if shape.count == 3 { return shape }
    let n = shape.reduce(1, *)
    let side = Int(Double(n).squareRoot().rounded())
    return side * side == n ? [1, side, side] : [1, 1, n]
  }
}
