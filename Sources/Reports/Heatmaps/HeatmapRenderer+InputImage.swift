import Foundation
import Networks

extension HeatmapRenderer {
  /// The network input as a viewable image: each channel min-max scaled to 0…255 on its own
  /// (`(x − min_c) / (max_c − min_c)`, a constant channel becomes 0), one channel → gray, three
  /// channels → RGB, then upscaled by `upscale`.
  /// - Parameter input: a `[H, W]`, `[C, H, W]` or `[1, C, H, W]` tensor with C = 1 or 3.
  /// - Precondition: C is 1 or 3.
  public static func inputImage(_ input: Tensor, upscale: Int = 1) -> RasterImage {
    let (c, h, w) = planeShape(input)
    precondition(c == 1 || c == 3, "input images need 1 or 3 channels, got \(c) in \(input.shape)")
    let plane = h * w
    var samples = [UInt8](repeating: 0, count: plane * c)
    for k in 0..<c {
      let channel = input.scalars[(k * plane)..<((k + 1) * plane)]
      let finite = channel.filter { $0.isFinite }
      let lo = finite.min() ?? 0, hi = finite.max() ?? 0
      let range = hi - lo
      for p in 0..<plane {
        let v = channel[channel.startIndex + p]
        let u = range > 0 && v.isFinite ? Double((v - lo) / range) : 0
        samples[p * c + k] = UInt8((min(max(u, 0), 1) * 255).rounded())
      }
    }
    return RasterImage(width: w, height: h, format: c == 1 ? .gray8 : .rgb8, samples: samples).upscaled(by: upscale)
  }
}
