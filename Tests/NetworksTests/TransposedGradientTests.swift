import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The input gradient of large dense layers through a cached `Wᵀ`: bitwise equal to the plain
/// `G · W` product, never stale after a weight change, and the cache itself.
@Suite struct TransposedGradientTests {
  /// `G · W` as one GEMM with `W` as its `B` operand (the form `inputGradient` uses otherwise).
  func plainProduct(_ layer: Dense, _ g: Tensor) -> [Float] {
    let (n, k, out) = (g.shape[0], layer.inputCount, layer.outputCount)
    var dx = [Float](repeating: 0, count: n * k)
    g.scalars.withUnsafeBufferPointer { gb in
      layer.weight.scalars.withUnsafeBufferPointer { w in
        dx.withUnsafeMutableBufferPointer { d in
          GEMM.sgemm(
            transposeA: false, transposeB: false, m: n, n: k, k: out, alpha: 1, a: gb.baseAddress!,
            lda: out, b: w.baseAddress!, ldb: k, beta: 0, c: d.baseAddress!, ldc: k)
        }
      }
    }
    return dx
  }

  /// A dense layer of exactly the size threshold (`in·out = 2²²`), odd widths included.
  func layer(_ out: Int, _ k: Int, _ g: inout SeededGenerator) -> Dense {
    Dense(name: "big", weight: DoubleReference.randomTensor([out, k], &g), bias: nil)
  }

  /// Batches 2…64 take the transposed form; the result equals the plain product bit for bit, and
  /// agrees with a Double reference.
  @Test(arguments: [2, 5, 32, 64])
  func equalsThePlainProductBitwise(batch: Int) {
    var gen = SeededGenerator(seed: UInt64(batch))
    let dense = layer(1024, 4096, &gen)
    #expect(dense.inputCount * dense.outputCount >= Dense.transposedGradientMinimumWeights)
    let g = DoubleReference.randomTensor([batch, 1024], &gen)
    let dx = dense.inputGradient(outputGradient: g)
    #expect(dx.shape == [batch, 4096])
    #expect(dx.scalars.map(\.bitPattern) == plainProduct(dense, g).map(\.bitPattern), "batch \(batch)")
    // Double reference for a few columns.
    for (s, i) in [(0, 0), (batch - 1, 4095), (batch / 2, 1234)] {
      var sum = 0.0
      for o in 0..<1024 { sum += Double(g.scalars[s * 1024 + o]) * Double(dense.weight.scalars[o * 4096 + i]) }
      expectClose(Double(dx.scalars[s * 4096 + i]), sum, rtol: 1e-4, atol: 1e-3)
    }
  }

  /// A weight changed after a cached gradient is never served from the stale transpose.
  @Test func mutatedWeightIsNotStale() {
    var gen = SeededGenerator(seed: 7)
    var dense = layer(2048, 2048, &gen)
    let g = DoubleReference.randomTensor([4, 2048], &gen)
    _ = dense.inputGradient(outputGradient: g)
    dense.weight.scalars[5 * 2048 + 3] += 1  // row o = 5, input i = 3
    let dx = dense.inputGradient(outputGradient: g)
    #expect(dx.scalars.map(\.bitPattern) == plainProduct(dense, g).map(\.bitPattern))
  }

  /// The cache: a hit returns the same transpose, a full cache clears, and the transpose is right.
  @Test func cacheHitsAndClears() {
    let cache = TransposedWeightCache(maximumFloats: 12)
    let w: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
    let t = cache.transposed(w, rows: 2, columns: 3)
    #expect(t == [1, 4, 2, 5, 3, 6])
    #expect(cache.transposed(w, rows: 2, columns: 3) == t)
    #expect(cache.statistics == (hits: 1, misses: 1))
    let v: [Float] = Array(repeating: 2, count: 8)  // 6 + 8 > 12: clears, then caches v
    #expect(cache.transposed(v, rows: 4, columns: 2) == v)
    _ = cache.transposed(w, rows: 2, columns: 3)
    #expect(cache.statistics == (hits: 1, misses: 3))
  }
}
