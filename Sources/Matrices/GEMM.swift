import CKernels

/// General matrix–matrix products on row-major buffers, in the BLAS `gemm` shape.
///
/// ```
/// C ← α · op(A) · op(B) + β · C,   op(X) = X or Xᵀ
/// ```
/// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides
/// of the buffers as stored (before any transpose). With `beta == 0`, `C` is overwritten and
/// its previous contents (even NaN) are ignored, as in BLAS.
///
/// The implementation is a Goto/BLIS-style blocked product in the C target `CKernels`: panels of
/// `op(A)` and `op(B)` are packed into contiguous buffers (which is where transposes are handled),
/// and a register-blocked micro-kernel (AVX-512, AVX2+FMA or portable, chosen at run time from the
/// CPU's features) runs over them. Large products are split over the cores into disjoint blocks
/// of `C`; shapes with `m == 1` or `n == 1` take a matrix–vector path.
///
/// The summation order over `k` for each output element is fixed by the shape and the kernel
/// level, so on a given CPU the result is bitwise independent of the number of threads.
/// Different kernel levels (e.g. with and without FMA) may differ in the last bits.
public enum GEMM {
  /// Single precision: `C ← α·op(A)·op(B) + β·C`.
  /// - Parameters:
  ///   - transposeA: use `Aᵀ` (`A` stored `k × m`) instead of `A` (stored `m × k`).
  ///   - transposeB: use `Bᵀ` (`B` stored `n × k`) instead of `B` (stored `k × n`).
  ///   - m: rows of `C` (and of `op(A)`).
  ///   - n: columns of `C` (and of `op(B)`).
  ///   - k: the inner dimension (columns of `op(A)`, rows of `op(B)`).
  ///   - alpha: scale of the product.
  ///   - a: `A`, row stride `lda` (at least its stored column count).
  ///   - b: `B`, row stride `ldb` (at least its stored column count).
  ///   - beta: scale of the old `C`; `0` means `C` is not read.
  ///   - c: `C`, row stride `ldc ≥ n`; must not overlap `A` or `B`.
  /// - Precondition: non-negative sizes and valid leading dimensions.
  /// - Complexity: `2·m·n·k` floating-point operations; extra memory `O(kc·(mc + nc))` per thread.
  public static func sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    sgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, configuration: .automatic)
  }

  /// Double precision: `C ← α·op(A)·op(B) + β·C`.
  ///
  /// Parameters, preconditions and guarantees as for ``sgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
  /// - Complexity: `2·m·n·k` floating-point operations; extra memory `O(kc·(mc + nc))` per thread.
  public static func dgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    dgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, configuration: .automatic)
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
