import Matrices
import Networks

/// How an attribution `[N, C, H, W]` becomes one grey-scale heatmap per input before SSIM,
/// as the paper's `heatmap_postprocess` (over the channel axis; the Keras code reduces the last,
/// channels-last axis — here channels are axis 1, NCHW).
public enum HeatmapReduction: String, Sendable, CaseIterable {
  /// `Σ_c x_c` (signed): DTD, PatternAttribution, PatternNet, every LRP and DeepLIFT variant.
  case sum
  /// `max_c |x_c|`: Guided BP, Deconv, RectGrad, SmoothGrad, Gradient.
  case absMax
  /// `Σ_c |x_c|` (defined in the paper's code, not used by any method there).
  case absSum

  /// The paper's choice for a method name (`get_analyser_params`): ``absMax`` for the gradient
  /// family — `gradient`, `guided-backprop`/`guided_backprop`/`guidedbp`, `deconvnet`/`deconv`,
  /// `rectgrad`/`rect_grad`, `smoothgrad` — and ``sum`` for every other method. Matching ignores
  /// case, `-` and `_`.
  public static func paper(forMethod name: String) -> HeatmapReduction {
    let key = name.lowercased().filter { $0 != "-" && $0 != "_" }
    let gradientFamily: Set<String> = ["gradient", "guidedbackprop", "guidedbp", "deconvnet", "deconv", "rectgrad", "smoothgrad"]
    return gradientFamily.contains(key) ? .absMax : .sum
  }

  /// The heatmap (`H × W` matrix) of every input of an attribution batch.
  /// - Parameter attribution: `[N, C, H, W]`, or `[C, H, W]` for a single input.
  /// - Precondition: rank 3 or 4.
  /// - Complexity: O(N·C·H·W).
  public func heatmaps(_ attribution: Tensor) -> [Matrix] {
    let s = attribution.shape
    precondition(s.count == 3 || s.count == 4, "HeatmapReduction: expected [N, C, H, W] or [C, H, W], got \(s)")
    let shape = s.count == 4 ? s : [1] + s
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let plane = h * w
    return (0..<n).map { i in
      var out = [Double](repeating: 0, count: plane)
      for ch in 0..<c {
        let base = (i * c + ch) * plane
        for p in 0..<plane {
          let v = Double(attribution.scalars[base + p])
          switch self {
          case .sum: out[p] += v
          case .absSum: out[p] += abs(v)
          case .absMax: if ch == 0 || abs(v) > out[p] { out[p] = abs(v) }
          }
        }
      }
      return Matrix(rows: h, columns: w, scalars: out)
    }
  }
}
