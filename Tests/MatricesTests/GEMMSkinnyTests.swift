import Testing

@testable import Matrices

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
        let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: alpha, beta: beta, pad: pad, seed: seed)
        for configuration in skinnyConfigurations(level, packs: false) {
          let context = "\(level) seed \(seed) threads \(configuration.threads) kc \(configuration.kc) \(p.label)"
          let f = p.errors(p.runFloat(configuration))
          #expect(f.worst <= 1e-5 * Double(k).squareRoot(), "Float \(context): \(f.worst)")
          #expect(f.paddingKept, "Float \(context): padding of C modified")
          let d = p.errors(p.runDouble(configuration))
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
        let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 0.75, beta: seed % 2 == 0 ? 0 : -1.25,
                              pad: Int(seed % 3), seed: seed)
        let inPlace = skinnyConfigurations(level, packs: false)
        let packed = skinnyConfigurations(level, packs: true)
        let serialFloat = p.runFloat(inPlace[0]), serialDouble = p.runDouble(inPlace[0])
        for (direct, reference) in zip(inPlace, packed) {
          let context = "\(level) seed \(seed) threads \(direct.threads) kc \(direct.kc) \(p.label)"
          let f = p.runFloat(direct), d = p.runDouble(direct)
          #expect(f.map(\.bitPattern) == p.runFloat(reference).map(\.bitPattern), "Float in place ≠ packed, \(context)")
          #expect(d.map(\.bitPattern) == p.runDouble(reference).map(\.bitPattern), "Double in place ≠ packed, \(context)")
        }
        var two = inPlace[0]
        (two.threads, two.parallelThreshold, two.minimumChunkExtent) = (2, 0, 1)
        #expect(p.runFloat(two).map(\.bitPattern) == serialFloat.map(\.bitPattern), "Float 2 vs 1 thread \(level) \(p.label)")
        #expect(p.runDouble(two).map(\.bitPattern) == serialDouble.map(\.bitPattern), "Double 2 vs 1 thread \(level) \(p.label)")
      }
    }
  }

  /// β = 0 overwrites C without reading it, in both in-place forms and their edge tiles.
  @Test(arguments: GEMM.KernelLevel.available)
  func betaZeroIgnoresNaNInC(level: GEMM.KernelLevel) {
    for (seed, (m, n, k, tA, tB)) in [(13, 7, 50, false, true), (5, 17, 30, true, false), (61, 20, 9, false, false)].enumerated() {
      let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 1.5, beta: 0, pad: 2, nanC: true,
                            seed: UInt64(7000 + seed))
      for configuration in skinnyConfigurations(level, packs: false) {
        let f = p.errors(p.runFloat(configuration)), d = p.errors(p.runDouble(configuration))
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
      let p = GEMMProblem(m, n, k, transposeA: tA, transposeB: tB, alpha: 1, beta: index == 0 ? 1 : 0, pad: 0,
                            seed: UInt64(8000 + index))
      var automatic = GEMM.Configuration()
      (automatic.threads, automatic.parallelThreshold) = (2, 0)
      var packed = automatic
      packed.packsBothOperands = true
      let f = p.runFloat(automatic)
      #expect(p.errors(f).worst <= 1e-5 * Double(k).squareRoot(), "dense \(p.label)")
      #expect(f.map(\.bitPattern) == p.runFloat(packed).map(\.bitPattern), "dense in place ≠ packed \(p.label)")
    }
  }
}
