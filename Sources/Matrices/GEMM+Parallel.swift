import CKernels
import Dispatch

extension GEMM {
  /// A pointer handed to `concurrentPerform` iterations.
  ///
  /// Invariant: every iteration writes a disjoint block of `C` and only reads `A` and `B`, and
  /// `concurrentPerform` returns only after all iterations finished, so no access races or
  /// outlives the caller's buffers.
  struct SendablePointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
  }

  /// `C ← α·op(A)·op(B) + β·C` in single precision with an explicit ``Configuration``.
  static func sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, configuration: Configuration
  ) {
    run(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, configuration: configuration,
      kernel: bp_sgemm)
  }

  /// `C ← α·op(A)·op(B) + β·C` in double precision with an explicit ``Configuration``.
  static func dgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, configuration: Configuration
  ) {
    run(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, configuration: configuration,
      kernel: bp_dgemm)
  }

  /// The C entry point's shape (`bp_sgemm` / `bp_dgemm`).
  typealias Kernel<T> = @Sendable (
    Int32, Int32, Int32, Int, Int, Int, T, UnsafePointer<T>?, Int, UnsafePointer<T>?, Int, T,
    UnsafeMutablePointer<T>?, Int, UnsafePointer<bp_gemm_options>?
  ) -> Int32

  /// Validates the arguments, then runs the product serially or as disjoint column (or row)
  /// blocks of `C` on `configuration.threads` threads (matrix–vector shapes too: they are
  /// bandwidth-bound, and two cores stream more than one). Block boundaries fall on micro-tile
  /// multiples; every block uses the same path and `kc`, so each element of `C` sees the same
  /// sequence of operations whatever the split.
  private static func run<T: Sendable>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int, configuration: Configuration,
    kernel: Kernel<T>
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "GEMM: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transposeA ? m : k), "GEMM: lda=\(lda) too small")
    precondition(ldb >= max(1, transposeB ? k : n), "GEMM: ldb=\(ldb) too small")
    precondition(ldc >= max(1, n), "GEMM: ldc=\(ldc) too small for n=\(n)")
    if m == 0 || n == 0 { return }
    MemoryRetention.enable()
    let level = Int32(configuration.level.rawValue)
    let tA: Int32 = transposeA ? 1 : 0
    let tB: Int32 = transposeB ? 1 : 0
    // The path is chosen for the whole product and passed to every block, so that a thin block
    // of a split never switches algorithm (and summation order).
    let blocked = configuration.packsBothOperands ? BP_PATH_PACKED : BP_PATH_BLOCKED
    let path = m == 1 ? BP_PATH_ROW_VECTOR : n == 1 ? BP_PATH_COLUMN_VECTOR : blocked
    var options = bp_gemm_options(
      kc: configuration.kc, mc: configuration.mc, nc: configuration.nc, path: Int32(path))
    let work = m.multipliedReportingOverflow(by: n).partialValue
      .multipliedReportingOverflow(by: k).partialValue
    let threads = work < configuration.parallelThreshold ? 1 : configuration.threads
    // Split the longer side of C into `chunks` runs of whole micro-tiles.
    let tile = configuration.level.tile(elementSize: MemoryLayout<T>.size)
    let splitColumns = n >= m
    let extent = splitColumns ? n : m
    let unit = splitColumns ? tile.nr : tile.mr
    let units = (extent + unit - 1) / unit
    let chunks = max(1, min(threads, units, extent / max(1, configuration.minimumChunkExtent)))
    if chunks <= 1 {
      let status = kernel(level, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &options)
      precondition(status == 0, "GEMM: out of memory for pack buffers")
      return
    }
    let aBase = SendablePointer(base: UnsafeMutablePointer(mutating: a))
    let bBase = SendablePointer(base: UnsafeMutablePointer(mutating: b))
    let cBase = SendablePointer(base: c)
    let blockOptions = options
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let lo = min(extent, units * chunk / chunks * unit)
      let hi = min(extent, units * (chunk + 1) / chunks * unit)
      guard lo < hi else { return }
      var opts = blockOptions
      let status: Int32
      if splitColumns {
        let bBlock = transposeB ? bBase.base + lo * ldb : bBase.base + lo
        status = kernel(
          level, tA, tB, m, hi - lo, k, alpha, aBase.base, lda, bBlock, ldb, beta,
          cBase.base + lo, ldc, &opts)
      } else {
        let aBlock = transposeA ? aBase.base + lo : aBase.base + lo * lda
        status = kernel(
          level, tA, tB, hi - lo, n, k, alpha, aBlock, lda, bBase.base, ldb, beta,
          cBase.base + lo * ldc, ldc, &opts)
      }
      precondition(status == 0, "GEMM: out of memory for pack buffers")
    }
  }
}
