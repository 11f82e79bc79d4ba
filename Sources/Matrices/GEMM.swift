/// General matrix–matrix products on row-major buffers, in the BLAS `gemm` shape.
///
/// ```
/// C ← α · op(A) · op(B) + β · C,   op(X) = X or Xᵀ
/// ```
/// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides
/// of the buffers as stored (before any transpose). With `beta == 0`, `C` is overwritten and
/// its previous contents (even NaN) are ignored, as in BLAS.
///
/// The summation order over `k` for each output element is fixed, so the result does not depend
/// on the number of threads.
public enum GEMM {
  /// Single precision: `C ← α·op(A)·op(B) + β·C`.
  /// - Complexity: `2·m·n·k` floating-point operations.
  public static func sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    referenceProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
  }

  /// Double precision: `C ← α·op(A)·op(B) + β·C`.
  /// - Complexity: `2·m·n·k` floating-point operations.
  public static func dgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    referenceProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
  }

  /// The straightforward triple loop, the reference every fast kernel is tested against.
  static func referenceProduct<T: BinaryFloatingPoint>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    for i in 0..<m {
      for j in 0..<n {
        var sum: T = 0
        for p in 0..<k {
          let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
          let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
          sum += aip * bpj
        }
        c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j]
      }
    }
  }
}
