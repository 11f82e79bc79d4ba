import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import Matrices

/// A random problem: buffers as stored (with leading-dimension padding) and the expected result
/// computed in Double by the reference triple loop, plus the error scale Σ|α·a·b| + |β·c|.
/// Shared by the GEMM test suites of this target.
struct GEMMProblem {
  let transposeA: Bool, transposeB: Bool
  let m: Int, n: Int, k: Int
  let lda: Int, ldb: Int, ldc: Int
  let alpha: Double, beta: Double
  let a: [Double], b: [Double], c: [Double]
  let expected: [Double]
  let scale: [Double]

  init(
    _ m: Int, _ n: Int, _ k: Int, transposeA: Bool, transposeB: Bool,
    alpha: Double = 1, beta: Double = 0, pad: Int = 0, nanC: Bool = false, seed: UInt64
  ) {
    var g = SeededGenerator(seed: seed)
    self.transposeA = transposeA
    self.transposeB = transposeB
    (self.m, self.n, self.k, self.alpha, self.beta) = (m, n, k, alpha, beta)
    let (aRows, aCols) = transposeA ? (k, m) : (m, k)
    let (bRows, bCols) = transposeB ? (n, k) : (k, n)
    lda = max(1, aCols + pad)
    ldb = max(1, bCols + pad)
    ldc = max(1, n + pad)
    // Values rounded to Float so the Float and Double runs see the same inputs.
    a = (0..<aRows * lda).map { _ in Double(Float(g.nextGaussian())) }
    b = (0..<bRows * ldb).map { _ in Double(Float(g.nextGaussian())) }
    c = (0..<m * ldc).map { _ in nanC ? .nan : Double(Float(g.nextGaussian())) }
    var expected = c
    GEMM.referenceProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &expected, ldc: ldc)
    self.expected = expected
    var scale = c.map { nanC || beta == 0 ? 0 : abs(beta * $0) }
    GEMM.referenceProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: abs(alpha),
      a: a.map(abs), lda: lda, b: b.map(abs), ldb: ldb, beta: 1, c: &scale, ldc: ldc)
    self.scale = scale
  }

  var label: String {
    "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta) lda=\(lda) ldb=\(ldb) ldc=\(ldc)"
  }

  func runFloat(_ configuration: GEMM.Configuration) -> [Float] {
    let a = self.a.map(Float.init), b = self.b.map(Float.init)
    var c = self.c.map(Float.init)
    GEMM.sgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Float(alpha),
      a: a, lda: lda, b: b, ldb: ldb, beta: Float(beta), c: &c, ldc: ldc,
      configuration: configuration)
    return c
  }

  func runDouble(_ configuration: GEMM.Configuration) -> [Double] {
    var c = self.c
    GEMM.dgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc, configuration: configuration)
    return c
  }

  /// The worst error relative to the scale Σ|α·a·b| + |β·c| inside the m×n window, and whether
  /// the padding columns of C are untouched.
  func errors<T: BinaryFloatingPoint>(_ actual: [T]) -> (worst: Double, paddingKept: Bool) {
    var worst = 0.0
    var kept = true
    for i in 0..<m {
      for j in 0..<ldc {
        let index = i * ldc + j
        let x = Double(actual[index])
        if j >= n {
          kept = kept && (x == c[index] || (x.isNaN && c[index].isNaN))
        } else {
          worst = max(worst, x.isFinite ? abs(x - expected[index]) / (scale[index] + 1e-30) : .infinity)
        }
      }
    }
    return (worst, kept)
  }

  /// Checks every element of C inside the m×n window against the reference and every padding
  /// element for being untouched.
  func check<T: BinaryFloatingPoint>(
    _ actual: [T], relative: Double, _ context: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let (worst, padOK) = errors(actual)
    #expect(worst <= relative, "\(context) \(label): worst relative error \(worst)", sourceLocation: sourceLocation)
    #expect(padOK, "\(context) \(label): padding of C was modified", sourceLocation: sourceLocation)
  }
}

/// Small blocking, so that moderate debug-build sizes cross every kc/mc/nc block boundary.
private func configurations(level: GEMM.KernelLevel) -> [GEMM.Configuration] {
  var serial = GEMM.Configuration()
  serial.level = level
  serial.threads = 1
  var tiny = serial
  (tiny.kc, tiny.mc, tiny.nc) = (7, 13, 40)
  var parallel = tiny
  parallel.threads = 3
  parallel.parallelThreshold = 0
  parallel.minimumChunkExtent = 1
  return [serial, tiny, parallel]
}

private let shapes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 37, 19), (29, 1, 23), (1, 1, 70), (2, 2, 1), (6, 16, 8), (5, 15, 3), (7, 17, 9),
  (12, 32, 5), (13, 33, 31), (31, 7, 61), (3, 50, 2), (19, 23, 0), (1, 2060, 6), (2060, 1, 5),
]

@Suite struct GEMMTests {
  @Test(arguments: GEMM.KernelLevel.available)
  func floatMatchesReferenceForAllShapesAndTransposes(level: GEMM.KernelLevel) {
    var seed: UInt64 = 1
    for (m, n, k) in shapes {
      for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
        seed &+= 1
        let (alpha, beta, pad) = [(1.0, 0.0, 0), (-0.5, 1.0, 3), (2.0, 0.75, 1)][Int(seed % 3)]
        let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: alpha, beta: beta, pad: pad, seed: seed)
        for configuration in configurations(level: level) {
          p.check(p.runFloat(configuration), relative: 1e-5 * Double(max(k, 1)).squareRoot(),
                  "Float \(level) seed \(seed) threads \(configuration.threads) kc \(configuration.kc)")
        }
      }
    }
  }

  @Test(arguments: GEMM.KernelLevel.available)
  func doubleMatchesReferenceForAllShapesAndTransposes(level: GEMM.KernelLevel) {
    var seed: UInt64 = 1000
    for (m, n, k) in shapes {
      for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
        seed &+= 1
        let (alpha, beta, pad) = [(1.0, 0.0, 2), (-0.5, 1.0, 0), (2.0, 0.75, 5)][Int(seed % 3)]
        let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: alpha, beta: beta, pad: pad, seed: seed)
        for configuration in configurations(level: level) {
          p.check(p.runDouble(configuration), relative: 1e-13,
                  "Double \(level) seed \(seed) threads \(configuration.threads) kc \(configuration.kc)")
        }
      }
    }
  }

  /// beta == 0 must overwrite C without reading it: NaN in C must not leak into the result.
  @Test(arguments: GEMM.KernelLevel.available)
  func betaZeroIgnoresNaNInC(level: GEMM.KernelLevel) {
    for (seed, (m, n, k)) in [(1, 1, 9), (9, 1, 4), (14, 35, 20), (6, 16, 300)].enumerated() {
      let p = GEMMProblem(m, n, k, transposeA: seed % 2 == 1, transposeB: false, alpha: 1.5, beta: 0,
                      pad: 2, nanC: true, seed: UInt64(seed))
      for configuration in configurations(level: level) {
        p.check(p.runFloat(configuration), relative: 1e-5 * Double(k).squareRoot(), "Float NaN-C \(level)")
        p.check(p.runDouble(configuration), relative: 1e-13, "Double NaN-C \(level)")
      }
    }
  }

  /// Each element of C is computed by one thread with the same kc blocking, so 1, 2 and 3
  /// threads (and row or column splits) give bitwise identical results.
  @Test(arguments: GEMM.KernelLevel.available)
  func resultIsBitwiseIndependentOfThreadCount(level: GEMM.KernelLevel) {
    // Includes vector shapes whose split leaves a one-row block (m = 7 → 6 + 1 with MR = 6).
    let shapes = [(67, 131, 300), (150, 40, 70), (33, 17, 600), (7, 1, 50), (13, 1, 41), (1, 37, 22), (1, 200, 9)]
    for (seed, (m, n, k)) in shapes.enumerated() {
      let p = GEMMProblem(m, n, k, transposeA: seed % 3 == 1, transposeB: seed % 4 == 2, alpha: 0.5, beta: 0.25,
                      pad: 1, seed: UInt64(100 + seed))
      var runs: [([Float], [Double])] = []
      for threads in [1, 2, 3] {
        var configuration = GEMM.Configuration()
        configuration.level = level
        configuration.threads = threads
        configuration.parallelThreshold = 0
        configuration.minimumChunkExtent = 1
        runs.append((p.runFloat(configuration), p.runDouble(configuration)))
      }
      for (threads, r) in zip([2, 3], runs.dropFirst()) {
        let floatDiffs = zip(r.0, runs[0].0).filter { $0.bitPattern != $1.bitPattern }.count
        let doubleDiffs = zip(r.1, runs[0].1).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(floatDiffs == 0, "Float \(level) \(threads) vs 1 thread, \(p.label)")
        #expect(doubleDiffs == 0, "Double \(level) \(threads) vs 1 thread, \(p.label)")
      }
    }
  }

  /// The public entry points (best level, all cores, parallel above the threshold).
  @Test func publicEntryPointsMatchReference() {
    let p = GEMMProblem(150, 140, 120, transposeA: false, transposeB: true, alpha: 1, beta: 0.5, pad: 3, seed: 7)
    let af = p.a.map(Float.init), bf = p.b.map(Float.init)
    var cf = p.c.map(Float.init)
    GEMM.sgemm(transposeA: false, transposeB: true, m: 150, n: 140, k: 120, alpha: 1, a: af, lda: p.lda,
               b: bf, ldb: p.ldb, beta: 0.5, c: &cf, ldc: p.ldc)
    p.check(cf, relative: 1e-5 * 11, "public sgemm")
    var cd = p.c
    GEMM.dgemm(transposeA: false, transposeB: true, m: 150, n: 140, k: 120, alpha: 1, a: p.a, lda: p.lda,
               b: p.b, ldb: p.ldb, beta: 0.5, c: &cd, ldc: p.ldc)
    p.check(cd, relative: 1e-13, "public dgemm")
    // Depth beyond the default kc (two balanced k blocks), transposed A, default blocking.
    let q = GEMMProblem(70, 50, 800, transposeA: true, transposeB: false, alpha: -1, beta: 2, pad: 1, seed: 8)
    var cq = q.c.map(Float.init)
    GEMM.sgemm(transposeA: true, transposeB: false, m: 70, n: 50, k: 800, alpha: -1, a: q.a.map(Float.init),
               lda: q.lda, b: q.b.map(Float.init), ldb: q.ldb, beta: 2, c: &cq, ldc: q.ldc)
    q.check(cq, relative: 1e-5 * 800.0.squareRoot(), "public sgemm k=800")
    var dq = q.c
    GEMM.dgemm(transposeA: true, transposeB: false, m: 70, n: 50, k: 800, alpha: -1, a: q.a, lda: q.lda,
               b: q.b, ldb: q.ldb, beta: 2, c: &dq, ldc: q.ldc)
    q.check(dq, relative: 1e-13, "public dgemm k=800")
  }

  @Test func kernelSummaryNamesTheBestLevel() {
    #expect(GEMM.kernelSummary.hasPrefix(GEMM.KernelLevel.best.description))
  }

  @Test func stopwatchReportsOrderedStatistics() {
    var counter = 0
    let t = Stopwatch.measure(warmup: 2, runs: 5) { counter += 1 }
    #expect(counter == 7)
    #expect(t.samples.count == 5)
    #expect(t.min <= t.median && t.median <= t.max && t.min >= 0)
    #expect(BenchmarkTiming(samples: [4, 1, 3, 2]).median == 2.5)
    blackHole(counter)
  }
}

/// Timing probe, skipped unless `BP_TIMING=1` (a measurement, not a test; run it in release:
/// `BP_TIMING=1 swift test -c release --filter GEMMTimingProbe`). Shapes match
/// Benchmarks/peers/numpy_sgemm.py.
@Suite(.serialized, .enabled(if: getenv("BP_TIMING").map { String(cString: $0) == "1" } ?? false))
struct GEMMTimingProbe {
  private func time<T: BinaryFloatingPoint>(
    _ type: T.Type, _ label: String, _ m: Int, _ n: Int, _ k: Int, _ configuration: GEMM.Configuration,
    run: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, GEMM.Configuration) -> Void
  ) {
    var g = SeededGenerator(seed: 3)
    let a = (0..<m * k).map { _ in T(g.nextGaussian()) }
    let b = (0..<k * n).map { _ in T(g.nextGaussian()) }
    var c = [T](repeating: 0, count: m * n)
    let runs = m * n * k > 1 << 28 ? 7 : 15
    let t = Stopwatch.measure(warmup: 3, runs: runs) {
      c.withUnsafeMutableBufferPointer { run(a, b, $0.baseAddress!, configuration) }
    }
    blackHole(c)
    let flops = 2 * Double(m) * Double(n) * Double(k)
    print(label + String(repeating: " ", count: max(0, 40 - label.count)),
          "\(configuration.level) threads \(configuration.threads):",
          (flops / t.median / 1e9 * 10).rounded() / 10, "GFLOP/s (median",
          (t.median * 1e6).rounded() / 1e3, "ms, min", (t.min * 1e6).rounded() / 1e3, "ms)")
  }

  private func sgemm(_ label: String, _ m: Int, _ n: Int, _ k: Int, _ cfg: GEMM.Configuration) {
    time(Float.self, label, m, n, k, cfg) { a, b, c, cfg in
      GEMM.sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k,
                 b: b, ldb: n, beta: 0, c: c, ldc: n, configuration: cfg)
    }
  }

  private func dgemm(_ label: String, _ m: Int, _ n: Int, _ k: Int, _ cfg: GEMM.Configuration) {
    time(Double.self, label, m, n, k, cfg) { a, b, c, cfg in
      GEMM.dgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k,
                 b: b, ldb: n, beta: 0, c: c, ldc: n, configuration: cfg)
    }
  }

  @Test func gemmThroughput() {
    let auto = GEMM.Configuration.automatic
    var one = auto
    one.threads = 1
    var portable = one
    portable.level = .portable
    print("GEMM kernels:", GEMM.kernelSummary)
    sgemm("sgemm 1024^3", 1024, 1024, 1024, auto)
    sgemm("sgemm 1024^3", 1024, 1024, 1024, one)
    sgemm("sgemm 1024^3", 1024, 1024, 1024, portable)
    dgemm("dgemm 1024^3", 1024, 1024, 1024, auto)
    dgemm("dgemm 1024^3", 1024, 1024, 1024, one)
    dgemm("dgemm 1024^3", 1024, 1024, 1024, portable)
    dgemm("dgemm 2048^3", 2048, 2048, 2048, auto)
    sgemm("conv (M32 K27 N32768)", 32, 32768, 27, auto)
    sgemm("conv (M64 K288 N8192)", 64, 8192, 288, auto)
    sgemm("conv (M128 K1152 N2048)", 128, 2048, 1152, auto)
    time(Float.self, "conv dW = dY·colsᵀ (M64 K8192 N288)", 64, 288, 8192, auto) { a, b, c, cfg in
      GEMM.sgemm(transposeA: false, transposeB: true, m: 64, n: 288, k: 8192, alpha: 1, a: a, lda: 8192,
                 b: b, ldb: 8192, beta: 0, c: c, ldc: 288, configuration: cfg)
    }
    // The CIFAR-10 network's 8192→1024 dense layer at batch 32: forward Yᵀ = W·Xᵀ (W read in
    // place) and input gradient G·W (W streamed in prefetched blocks), against both packed.
    var packed = auto
    packed.packsBothOperands = true
    for (label, cfg) in [("", auto), (", packed", packed)] {
      time(Float.self, "dense fwd Yᵀ = W·Xᵀ (M1024 K8192 N32)\(label)", 1024, 32, 8192, cfg) { a, b, c, cfg in
        GEMM.sgemm(transposeA: false, transposeB: true, m: 1024, n: 32, k: 8192, alpha: 1, a: a, lda: 8192,
                   b: b, ldb: 8192, beta: 0, c: c, ldc: 32, configuration: cfg)
      }
      sgemm("dense grad G·W (M32 K1024 N8192)\(label)", 32, 8192, 1024, cfg)
    }
    sgemm("dense batch 1 (M1 K4096 N4096)", 1, 4096, 4096, auto)
    sgemm("dense batch 1 (M4096 K4096 N1)", 4096, 1, 4096, auto)
  }
}
