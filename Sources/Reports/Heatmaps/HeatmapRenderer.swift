import Analysis
import Foundation
import Networks

/// Turns a relevance tensor into a colour image the way the paper's figures do.
///
/// Steps: (1) reduce channels (Analysis' `HeatmapReduction`, paper-digest §6.1); (2) clip at `L = P_p(|x|)`, the
/// `clipPercentile`-th percentile of the absolute reduced values (linear interpolation; the
/// maximum when that percentile is 0 on a sparse map);
/// (3) colour: a diverging map sends `x ↦ (x/L + 1)/2` (so 0 sits at the map's centre and the
/// limits are symmetric), a sequential map sends `x ↦ x/L` (negatives → 0); (4) optional
/// nearest-neighbour upscaling by an integer factor. An all-zero map renders as the map's
/// centre (diverging) or its start (sequential).
public struct HeatmapRenderer: Sendable {
  /// Channel reduction before colouring.
  public var reduction: HeatmapReduction
  /// Percentile of |x| used as the colour limit, in (0, 100]; 100 is the plain abs-max.
  public var clipPercentile: Double
  /// The colour map (diverging maps are used symmetrically around 0).
  public var colorMap: ColorMap
  /// Integer nearest-neighbour upscale factor, ≥ 1.
  public var upscale: Int

  /// A renderer; defaults: channel sum, 99.5th percentile, `coldnhot`, no upscaling.
  public init(reduction: HeatmapReduction = .sum, clipPercentile: Double = 99.5,
              colorMap: ColorMap = .coldnhot, upscale: Int = 1) {
    precondition(clipPercentile > 0 && clipPercentile <= 100, "clipPercentile must be in (0, 100], got \(clipPercentile)")
    precondition(upscale >= 1, "upscale must be at least 1, got \(upscale)")
    self.reduction = reduction
    self.clipPercentile = clipPercentile
    self.colorMap = colorMap
    self.upscale = upscale
  }

  /// `(channels, height, width)` of a `[H, W]`, `[C, H, W]` or `[1, C, H, W]` tensor.
  /// - Precondition: the tensor has one of these shapes.
  static func planeShape(_ t: Tensor) -> (channels: Int, height: Int, width: Int) {
    switch t.rank {
    case 2: return (1, t.shape[0], t.shape[1])
    case 3: return (t.shape[0], t.shape[1], t.shape[2])
    case 4 where t.shape[0] == 1: return (t.shape[1], t.shape[2], t.shape[3])
    default: preconditionFailure("heatmaps need a [H, W], [C, H, W] or [1, C, H, W] tensor, got \(t.shape)")
    }
  }

  /// The channel-reduced map, row-major `[H·W]`, with its height and width (`reduction` applied
  /// by `HeatmapReduction.heatmaps`).
  public func reduce(_ relevance: Tensor) -> (values: [Double], height: Int, width: Int) {
    let (c, h, w) = HeatmapRenderer.planeShape(relevance)
    let map = reduction.heatmaps(Tensor(shape: [c, h, w], scalars: relevance.scalars))[0]
    return (map.scalars, h, w)
  }

  /// The colour limit `L = P_p(|x|)` of reduced values. When that percentile is 0 but some value
  /// is not (a sparse map, e.g. RectGrad's, with more than `100 − p` % zeros), `L = max|x|`
  /// instead, so the few non-zero pixels stay visible. 0 when all values are zero or NaN.
  public func limit(of values: [Double]) -> Double {
    let magnitudes = values.filter { !$0.isNaN }.map { abs($0) }
    guard !magnitudes.isEmpty else { return 0 }
    let p = Quantiles.percentile(magnitudes, clipPercentile)
    if p > 0 { return p }
    return magnitudes.max() ?? 0
  }

  /// The RGB image of `relevance` (see the type's steps).
  public func image(_ relevance: Tensor) -> RasterImage {
    let (values, h, w) = reduce(relevance)
    let limit = limit(of: values)
    var samples = [UInt8]()
    samples.reserveCapacity(values.count * 3)
    for v in values {
      let t: Double
      if limit > 0 && v.isFinite {
        t = colorMap.isDiverging ? (v / limit + 1) / 2 : v / limit
      } else {
        t = colorMap.isDiverging ? 0.5 : 0
      }
      let c = colorMap.color(at: t)
      samples += [c.red, c.green, c.blue]
    }
    return RasterImage(width: w, height: h, format: .rgb8, samples: samples).upscaled(by: upscale)
  }

  /// The PNG file of ``image(_:)``.
  public func png(_ relevance: Tensor, encoder: PNGEncoder = PNGEncoder()) -> Data {
    encoder.encodeData(image(relevance))
  }
}
