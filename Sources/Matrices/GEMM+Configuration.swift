import CKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension GEMM {
  /// The micro-kernel families in `CKernels`, in increasing order of capability.
  enum KernelLevel: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Baseline vector code (SSE2 on x86-64), separate multiply and add.
    case portable = 0
    /// AVX2 + FMA, 6×16 (Float) / 6×8 (Double) micro-tiles.
    case avx2 = 1
    /// AVX-512F, 12×32 (Float) / 12×16 (Double) micro-tiles.
    case avx512 = 2

    /// The best level this CPU supports (detected once, thread-safely, by `static let`).
    static let best = KernelLevel(rawValue: Int(bp_cpu_level())) ?? .portable

    /// Every level that can run on this CPU.
    static var available: [KernelLevel] { allCases.filter { $0.rawValue <= best.rawValue } }

    var description: String { ["portable", "avx2", "avx512"][rawValue] }

    /// Micro-tile rows and columns for elements of `elementSize` bytes.
    func tile(elementSize: Int) -> (mr: Int, nr: Int) {
      var mr = 0
      var nr = 0
      bp_gemm_tile(Int32(rawValue), elementSize, &mr, &nr)
      return (mr, nr)
    }
  }

  /// How a product is run: kernel level, thread count and cache blocking. Internal, for tests and
  /// tuning; the public entry points use ``automatic``.
  struct Configuration: Sendable {
    /// Kernel level (clamped to ``KernelLevel/best`` by the C dispatcher).
    var level: KernelLevel = .best
    /// Number of disjoint blocks of `C` computed concurrently (1 = serial); by default the
    /// process-wide `Parallelism.maximumThreads`.
    var threads: Int = Parallelism.maximumThreads
    /// Products with fewer than this many multiply–adds (`m·n·k`) run serially.
    var parallelThreshold: Int = 1 << 21
    /// Fewest columns (or rows) of `C` per thread: each block packs the whole other operand, so
    /// many threads on a modest `C` would mostly repack (matters on machines with many cores).
    var minimumChunkExtent: Int = 128
    /// Cache blocking overrides; 0 = the level's default.
    var kc = 0, mc = 0, nc = 0
    /// Always pack both operands (`BP_PATH_PACKED`). By default a product whose `op(B)` has at
    /// most `4·NR` columns (with `A` not transposed) or whose `op(A)` has at most `4·NR` rows
    /// (with `B` not transposed) reads the large operand in place; the result is bitwise the
    /// same either way, and this switch is the reference that tests and timings compare with.
    var packsBothOperands = false

    /// Best level, `Parallelism.maximumThreads` threads (read at each call), default blocking.
    static var automatic: Configuration { Configuration() }

    /// Online processors, read once.
    static let onlineProcessors = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }
}

extension GEMM {
  /// A one-line description of the kernels the public entry points use on this machine, for
  /// benchmark and diagnostic output, e.g. `"avx2 (Float 6×16, Double 6×8), 2 threads"`.
  public static var kernelSummary: String {
    let level = Configuration.automatic.level
    let f = level.tile(elementSize: 4)
    let d = level.tile(elementSize: 8)
    let threads = Configuration.automatic.threads
    return "\(level) (Float \(f.mr)×\(f.nr), Double \(d.mr)×\(d.nr)), \(threads) thread\(threads == 1 ? "" : "s")"
  }
}
