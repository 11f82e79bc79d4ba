import Testing

@testable import Matrices

/// One product with a skinny side (a dense layer against a small batch), its operands as stored
/// (with leading-dimension padding), and its Double reference result and error scale.
private struct SkinnyProblem {
  let transposeA: Bool, transposeB: Bool
  let m: Int, n: Int, k: Int
  let lda: Int, ldb: Int, ldc: Int
  let alpha: Double, beta: Double
  let a: [Double], b: [Double], c: [Double]
  let expected: [Double], scale: [Double]

  init(
    _ m: Int, _ n: Int, _ k: Int, transposeA: Bool, transposeB: Bool, alpha: Double, beta: Double,
    pad: Int, nanC: Bool = false, seed: UInt64
  ) {
    var g = SeededGenerator(seed: seed)
    (self.transposeA, self.transposeB) = (transposeA, transposeB)
    (self.m, self.n, self.k, self.alpha, self.beta) = (m, n, k, alpha, beta)
    let (aRows, aCols) = transposeA ? (k, m) : (m, k)
    let (bRows, bCols) = transposeB ? (n, k) : (k, n)
    (lda, ldb, ldc) = (aCols + pad, bCols + pad, n + pad)
    // Float-representable values, so Float and Double runs share their inputs.
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
    "m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) α=\(alpha) β=\(beta) ld=\(lda),\(ldb),\(ldc)"
  }

  func float(_ configuration: GEMM.Configuration) -> [Float] {
    var c = self.c.map(Float.init)
    GEMM.sgemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Float(alpha),
      a: a.map(Float.init), lda: lda, b: b.map(Float.init), ldb: ldb, beta: Float(beta), c: &c,
      ldc: ldc, configuration: configuration)
    return c
  }

  func double(_ configuration: GEMM.Configuration) -> [Double] {
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
}

/// Shapes that take the in-place forms (n ≤ 4·NR with A as stored, or m ≤ 4·NR with B as
/// stored, for every level's NR), with m, n and k off the MR/NR/kc multiples, including one-row
/// and one-strip edges, k = 1, and depths of two default kc blocks.
private let skinnyShapes: [(Int, Int, Int)] = [
  (47, 33, 400), (100, 2, 390), (13, 7, 50), (6, 16, 1), (7, 17, 31),
  (33, 150, 400), (2, 129, 77), (5, 17, 3), (31, 40, 420), (64, 70, 9),
]

/// Serial with default blocking, serial with tiny blocks (kc = 7 crosses many block boundaries),
/// and three threads on the tiny blocks.
private func skinnyConfigurations(_ level: GEMM.KernelLevel, packs: Bool) -> [GEMM.Configuration] {
  var serial = GEMM.Configuration()
  serial.level = level
  serial.threads = 1
  serial.packsBothOperands = packs
  var tiny = serial
  tiny.kc = 7
  var parallel = tiny
  parallel.threads = 3
  parallel.parallelThreshold = 0
  parallel.minimumChunkExtent = 1
  return [serial, tiny, parallel]
}

@Suite struct GEMMSkinnyTests {
  /// Against the Double reference loop, every transpose combination, α/β variants, padded
  /// leading dimensions; Float within √k·1e-5 of the scale, Double within 1e-13.
  @Test(arguments: GEMM.KernelLevel.available)
  func inPlaceFormsMatchTheDoubleReference(level: GEMM.KernelLevel) {
    var seed: UInt64 = 5000
    for (m, n, k) in skinnyShapes {
      for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
        seed &+= 1
        let (alpha, beta, pad) = [(1.0, 0.0, 0), (-0.5, 1.0, 3), (2.0, 0.75, 1)][Int(seed % 3)]
        let p = SkinnyProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: alpha, beta: beta, pad: pad, seed: seed)
        for configuration in skinnyConfigurations(level, packs: false) {
          let context = "\(level) seed \(seed) threads \(configuration.threads) kc \(configuration.kc) \(p.label)"
          let f = p.errors(p.float(configuration))
          #expect(f.worst <= 1e-5 * Double(k).squareRoot(), "Float \(context): \(f.worst)")
          #expect(f.paddingKept, "Float \(context): padding of C modified")
          let d = p.errors(p.double(configuration))
          #expect(d.worst <= 1e-13, "Double \(context): \(d.worst)")
          #expect(d.paddingKept, "Double \(context): padding of C modified")
        }
      }
    }
  }

  /// The in-place forms keep the packed path's arithmetic (same kc blocks, same fused sequence
  /// per element), so results are bitwise equal to `packsBothOperands` runs, for every blocking
  /// and thread count, and bitwise independent of the thread count.
  @Test(arguments: GEMM.KernelLevel.available)
  func inPlaceFormsAreBitwiseEqualToPackedAndAcrossThreads(level: GEMM.KernelLevel) {
    var seed: UInt64 = 6000
    for (m, n, k) in skinnyShapes {
      for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
        seed &+= 1
        let p = SkinnyProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 0.75, beta: seed % 2 == 0 ? 0 : -1.25,
                              pad: Int(seed % 3), seed: seed)
        let inPlace = skinnyConfigurations(level, packs: false)
        let packed = skinnyConfigurations(level, packs: true)
        let serialFloat = p.float(inPlace[0]), serialDouble = p.double(inPlace[0])
        for (direct, reference) in zip(inPlace, packed) {
          let context = "\(level) seed \(seed) threads \(direct.threads) kc \(direct.kc) \(p.label)"
          let f = p.float(direct), d = p.double(direct)
          #expect(f.map(\.bitPattern) == p.float(reference).map(\.bitPattern), "Float in place ≠ packed, \(context)")
          #expect(d.map(\.bitPattern) == p.double(reference).map(\.bitPattern), "Double in place ≠ packed, \(context)")
        }
        var two = inPlace[0]
        (two.threads, two.parallelThreshold, two.minimumChunkExtent) = (2, 0, 1)
        #expect(p.float(two).map(\.bitPattern) == serialFloat.map(\.bitPattern), "Float 2 vs 1 thread \(level) \(p.label)")
        #expect(p.double(two).map(\.bitPattern) == serialDouble.map(\.bitPattern), "Double 2 vs 1 thread \(level) \(p.label)")
      }
    }
  }

  /// β = 0 overwrites C without reading it, in both in-place forms and their edge tiles.
  @Test(arguments: GEMM.KernelLevel.available)
  func betaZeroIgnoresNaNInC(level: GEMM.KernelLevel) {
    for (seed, (m, n, k, tA, tB)) in [(13, 7, 50, false, true), (5, 17, 30, true, false), (61, 20, 9, false, false)].enumerated() {
      let p = SkinnyProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 1.5, beta: 0, pad: 2, nanC: true,
                            seed: UInt64(7000 + seed))
      for configuration in skinnyConfigurations(level, packs: false) {
        let f = p.errors(p.float(configuration)), d = p.errors(p.double(configuration))
        #expect(f.worst <= 1e-5 * Double(k).squareRoot() && f.paddingKept, "Float NaN-C \(level) \(p.label)")
        #expect(d.worst <= 1e-13 && d.paddingKept, "Double NaN-C \(level) \(p.label)")
      }
    }
  }

  /// A dense layer's two products at batch 32 (Yᵀ = W·Xᵀ and ∂X = G·W for a 128×512 weight),
  /// default configuration with two threads, against the reference; bitwise equal to packing.
  @Test func denseLayerShapesAtBatch32() {
    let (outputs, inputs, batch) = (128, 512, 32)
    let shapes = [(outputs, batch, inputs, false, true), (batch, inputs, outputs, false, false)]
    for (index, (m, n, k, tA, tB)) in shapes.enumerated() {
      let p = SkinnyProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 1, beta: index == 0 ? 1 : 0, pad: 0,
                            seed: UInt64(8000 + index))
      var automatic = GEMM.Configuration()
      (automatic.threads, automatic.parallelThreshold) = (2, 0)
      var packed = automatic
      packed.packsBothOperands = true
      let f = p.float(automatic)
      #expect(p.errors(f).worst <= 1e-5 * Double(k).squareRoot(), "dense \(p.label)")
      #expect(f.map(\.bitPattern) == p.float(packed).map(\.bitPattern), "dense in place ≠ packed \(p.label)")
    }
  }
}
