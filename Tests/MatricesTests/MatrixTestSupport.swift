import Foundation
import Matrices

/// Test-side helpers that do not use the code under test beyond `Matrix` storage and `qr()`
/// (whose own tests establish it independently with naive loops).
enum TestMatrices {
  /// A random `n × k` matrix with orthonormal columns: `Q` of the QR of a Gaussian matrix.
  static func orthonormal(_ n: Int, _ k: Int, _ g: inout SeededGenerator) -> Matrix {
    Matrix.gaussian(rows: n, columns: k, using: &g).qr().q
  }

  /// `A = U diag(s) Vᵀ` with random orthonormal `U` (`m × r`), `V` (`n × r`), `r = s.count`,
  /// formed by naive triple loops (independent of GEMM).
  static func withSpectrum(_ s: [Double], rows m: Int, columns n: Int, _ g: inout SeededGenerator) -> Matrix {
    let u = orthonormal(m, s.count, &g)
    let v = orthonormal(n, s.count, &g)
    var a = [Double](repeating: 0, count: m * n)
    let (us, vs, r) = (u.scalars, v.scalars, s.count)
    us.withUnsafeBufferPointer { up in
      vs.withUnsafeBufferPointer { vp in
        a.withUnsafeMutableBufferPointer { ap in
          for i in 0..<m {
            for k in 0..<r {
              let f = up[i * r + k] * s[k]
              for j in 0..<n { ap[i * n + j] += f * vp[j * r + k] }
            }
          }
        }
      }
    }
    return Matrix(rows: m, columns: n, scalars: a)
  }

  /// Naive `AᵀB` by loops.
  static func naiveTransposeProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.columns, columns: b.columns)
    for i in 0..<a.columns {
      for j in 0..<b.columns {
        var s = 0.0
        for k in 0..<a.rows { s += a[k, i] * b[k, j] }
        c[i, j] = s
      }
    }
    return c
  }

  /// Naive `AB` by loops.
  static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    naiveTransposeProduct(a.transposed(), b)
  }

  /// `max |(QᵀQ − I)ᵢⱼ|`.
  static func orthogonalityError(_ q: Matrix) -> Double {
    let g = naiveTransposeProduct(q, q)
    var e = 0.0
    for i in 0..<g.rows {
      for j in 0..<g.columns { e = max(e, abs(g[i, j] - (i == j ? 1 : 0))) }
    }
    return e
  }

  /// Frobenius norm by a plain loop.
  static func frobenius(_ a: Matrix) -> Double {
    a.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// A geometric spectrum from 1 down to `last` with `count` values: `last^(k/(count−1))`.
  static func geometric(count: Int, down last: Double) -> [Double] {
    (0..<count).map { k in count == 1 ? 1 : pow(last, Double(k) / Double(count - 1)) }
  }
}
