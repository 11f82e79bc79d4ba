import Matrices
import Testing
import _BPTestSupport

@Suite struct SketchTests {
  /// Rank-5 signal (σ = 10, 8, 6, 4, 2) plus noise of size 1e-6 on a 120×80 matrix.
  func lowRankPlusNoise(_ g: inout SeededGenerator) -> Matrix {
    let signal = TestMatrices.withSpectrum([10, 8, 6, 4, 2], rows: 120, columns: 80, &g)
    return signal + 1e-6 * Matrix.gaussian(rows: 120, columns: 80, using: &g)
  }

  @Test func randomizedSVDMatchesExactOnLowRankPlusNoise() {
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      let a = lowRankPlusNoise(&g)
      let exact = a.svd()
      let sketch = LinearOperator(a).randomizedSVD(rank: 5, oversampling: 5, powerIterations: 1, using: &g)
      #expect(sketch.singularValues.count == 5)
      expectClose(sketch.singularValues, Array(exact.singularValues.prefix(5)), rtol: 1e-9, "seed \(seed)")
      // Singular vectors agree up to sign: |cos| ≈ 1.
      for k in 0..<5 {
        let cu = abs(cosineSimilarity(sketch.u.column(k), exact.u.column(k)))
        let cv = abs(cosineSimilarity(sketch.v.column(k), exact.v.column(k)))
        #expect(cu > 1 - 1e-9 && cv > 1 - 1e-9, "seed \(seed) k \(k): |cos| \(cu), \(cv)")
      }
      #expect(TestMatrices.orthogonalityError(sketch.u) < 1e-12)
    }
  }

  @Test func forwardOnlySketchRecoversRankAndScale() {
    var g = SeededGenerator(seed: 8)
    let a = TestMatrices.withSpectrum([3, 1], rows: 50, columns: 40, &g)
    let op = LinearOperator(rows: 50, columns: 40, apply: { a * $0 })
    let sv = op.sketchSingularValues(sketchSize: 400 / 10 * 10, using: &g)
    #expect(sv.count == 40)
    // Exact rank 2: everything after the second value is rounding noise.
    #expect(sv[2] < 1e-12 * sv[0])
    // σₖ(Y) = σₖ(A)(1 + O(1/√ℓ)) with ℓ = 40: generous band of ±50 %.
    #expect(abs(sv[0] / 3 - 1) < 0.5 && abs(sv[1] / 1 - 1) < 0.5, "\(sv[0]), \(sv[1])")
  }

  @Test func forwardOnlySketchIsUnbiasedInFrobeniusNorm() {
    var g = SeededGenerator(seed: 12)
    let a = TestMatrices.withSpectrum([2, 1, 1], rows: 30, columns: 30, &g)  // ‖A‖_F² = 6
    let op = LinearOperator(a)
    var mean = 0.0
    let trials = 200
    for _ in 0..<trials {
      mean += op.sketchSingularValues(sketchSize: 4, using: &g).reduce(0) { $0 + $1 * $1 }
    }
    mean /= Double(trials)
    // Var of ‖AΩ‖²_F/ℓ is 2‖AᵀA‖_F²/ℓ = 2·18/4 = 9 per trial; sd of the mean 0.21: 4 sd band.
    #expect(abs(mean - 6) < 0.85, "mean \(mean)")
  }
}
