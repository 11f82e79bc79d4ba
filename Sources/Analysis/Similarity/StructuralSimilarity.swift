import Matrices

/// The structural similarity index (SSIM) of two grey-scale maps, as `skimage.measure.compare_ssim`
/// (scikit-image 0.16.2, the version the paper used) computes it with a uniform window.
///
/// For every pixel whose `w × w` window lies inside the image (`w` odd), with window means
/// `μx, μy` and **sample** (co)variances (factor `N/(N−1)`, `N = w²`, when ``sampleCovariance``):
/// ```
/// S = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
/// C1 = (K1·L)²,  C2 = (K2·L)²,  σx² = N/(N−1)·(mean(x²) − μx²), …
/// ```
/// and SSIM is the mean of `S` over the image with a border of `(w − 1)/2` pixels cropped
/// (skimage's `crop(S, pad).mean()`). Because of the crop, only full windows enter, so scipy's
/// `reflect` padding of `uniform_filter` never matters. Window sums are taken directly (not as
/// running sums as in scipy), in Double: results agree with skimage to rounding (≈1e-15).
///
/// The paper's settings are the defaults (``paper``): `w = 5`, `K1 = 0.01`, `K2 = 0.03`, and
/// `L = 2`, skimage's default `data_range` for float images (`dtype_range` = [−1, 1]), although
/// the normalised maps lie in [0, 1].
public struct StructuralSimilarity: Sendable, Equatable {
  /// Side of the square uniform window (odd, ≥ 3).
  public var windowSize: Int
  /// Luminance constant `K1`.
  public var k1: Double
  /// Contrast constant `K2`.
  public var k2: Double
  /// The dynamic range `L` in `C1 = (K1 L)²`, `C2 = (K2 L)²`.
  public var dataRange: Double
  /// Use the unbiased (`N/(N−1)`) window covariance, skimage's default.
  public var sampleCovariance: Bool

  /// Creates an SSIM configuration; the defaults are the paper's.
  /// - Precondition: `windowSize` odd and ≥ 3, `dataRange > 0`.
  public init(windowSize: Int = 5, k1: Double = 0.01, k2: Double = 0.03, dataRange: Double = 2, sampleCovariance: Bool = true) {
    precondition(windowSize >= 3 && windowSize % 2 == 1, "StructuralSimilarity: windowSize must be odd and ≥ 3, got \(windowSize)")
    precondition(dataRange > 0, "StructuralSimilarity: dataRange must be positive")
    self.windowSize = windowSize
    self.k1 = k1
    self.k2 = k2
    self.dataRange = dataRange
    self.sampleCovariance = sampleCovariance
  }

  /// The paper's configuration: 5×5 uniform window, K1 = 0.01, K2 = 0.03, L = 2, sample covariance.
  public static let paper = StructuralSimilarity()

  /// The mean SSIM of two equally shaped maps (rows × columns = height × width).
  /// - Precondition: equal shapes, both sides ≥ ``windowSize``.
  /// - Complexity: O(H·W·w).
  public func similarity(_ x: Matrix, _ y: Matrix) -> Double {
    let s = map(x, y)
    var total = 0.0
    for v in s.scalars { total += v }
    return total / Double(s.scalars.count)
  }

  /// The local SSIM values `S` of the cropped interior, an `(H − w + 1) × (W − w + 1)` matrix
  /// (entry `(i, j)` belongs to the window whose top-left pixel is `(i, j)`).
  /// - Precondition: equal shapes, both sides ≥ ``windowSize``.
  public func map(_ x: Matrix, _ y: Matrix) -> Matrix {
    precondition(x.rows == y.rows && x.columns == y.columns, "StructuralSimilarity: shapes \(x.rows)×\(x.columns) and \(y.rows)×\(y.columns) differ")
    let w = windowSize
    precondition(x.rows >= w && x.columns >= w, "StructuralSimilarity: a \(x.rows)×\(x.columns) map is smaller than the \(w)×\(w) window")
    let n = Double(w * w)
    let covNorm = sampleCovariance ? n / (n - 1) : 1
    let c1 = (k1 * dataRange) * (k1 * dataRange)
    let c2 = (k2 * dataRange) * (k2 * dataRange)
    let sx = Self.windowSums(x.scalars, rows: x.rows, columns: x.columns, window: w)
    let sy = Self.windowSums(y.scalars, rows: y.rows, columns: y.columns, window: w)
    let sxx = Self.windowSums(zip(x.scalars, x.scalars).map { $0 * $1 }, rows: x.rows, columns: x.columns, window: w)
    let syy = Self.windowSums(zip(y.scalars, y.scalars).map { $0 * $1 }, rows: x.rows, columns: x.columns, window: w)
    let sxy = Self.windowSums(zip(x.scalars, y.scalars).map { $0 * $1 }, rows: x.rows, columns: x.columns, window: w)
    var out = [Double](repeating: 0, count: sx.count)
    for k in out.indices {
      let ux = sx[k] / n, uy = sy[k] / n
      let vx = covNorm * (sxx[k] / n - ux * ux)
      let vy = covNorm * (syy[k] / n - uy * uy)
      let vxy = covNorm * (sxy[k] / n - ux * uy)
      let a1 = 2 * ux * uy + c1, a2 = 2 * vxy + c2
      let b1 = ux * ux + uy * uy + c1, b2 = vx + vy + c2
      out[k] = (a1 * a2) / (b1 * b2)
    }
    return Matrix(rows: x.rows - w + 1, columns: x.columns - w + 1, scalars: out)
  }

  /// Sums of every full `w × w` window, separable: horizontal sums of `w`, then vertical.
  static func windowSums(_ a: [Double], rows: Int, columns: Int, window w: Int) -> [Double] {
    let oc = columns - w + 1, orows = rows - w + 1
    var horizontal = [Double](repeating: 0, count: rows * oc)
    for i in 0..<rows {
      for j in 0..<oc {
        var s = 0.0
        for d in 0..<w { s += a[i * columns + j + d] }
        horizontal[i * oc + j] = s
      }
    }
    var out = [Double](repeating: 0, count: orows * oc)
    for i in 0..<orows {
      for j in 0..<oc {
        var s = 0.0
        for d in 0..<w { s += horizontal[(i + d) * oc + j] }
        out[i * oc + j] = s
      }
    }
    return out
  }
}
