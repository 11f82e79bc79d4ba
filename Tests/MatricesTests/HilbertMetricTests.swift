import Matrices
import Testing
import _BPTestSupport

@Suite struct HilbertMetricTests {
  func positive(_ m: Int, _ n: Int, _ g: inout SeededGenerator) -> Matrix {
    Matrix.gaussian(rows: m, columns: n, using: &g).map { 0.05 + abs($0) }
  }

  @Test func handValues() {
    // ratios 1, 2, 4 → ln(4/1).
    expectClose(hilbertDistance([1, 2, 4], [1, 1, 1]), log4, rtol: 1e-15)
    #expect(hilbertDistance([1, 2], [2, 4]) == 0)
    #expect(hilbertDistance([1, 0], [1, 1]) == .infinity)
    #expect(hilbertDistance([1, 0, 2], [3, 0, 6]) == 0)
    // [[1, 2], [2, 1]]: Δ = |ln(1·1 / (2·2))| = ln 4.
    let a = Matrix([[1, 2], [2, 1]])
    expectClose(a.projectiveDiameter, log4, rtol: 1e-15)
    // tanh(ln(4)/4) = (4^{1/2} − 1)/(4^{1/2} + 1) = 1/3.
    expectClose(a.birkhoffContraction, 1.0 / 3, rtol: 1e-14)
    #expect(Matrix([[1, 2], [3, 6]]).projectiveDiameter == 0)
    #expect(Matrix([[1, 0], [1, 1]]).birkhoffContraction == 1)
    #expect(Matrix([[1, 0], [1, 0]]).birkhoffContraction == 0)
    #expect(Matrix(rows: 2, columns: 2).birkhoffContraction.isNaN)
  }

  private var log4: Double { 2 * 0.693_147_180_559_945_3 }

  @Test func invariantUnderPositiveScalingOverSeeds() {
    for seed in UInt64(0)..<20 {
      var g = SeededGenerator(seed: seed)
      let x = (0..<6).map { _ in 0.1 + abs(g.nextGaussian()) }
      let y = (0..<6).map { _ in 0.1 + abs(g.nextGaussian()) }
      let (s, t) = (0.1 + abs(g.nextGaussian()) * 100, 0.1 + abs(g.nextGaussian()))
      expectClose(hilbertDistance(x.map { s * $0 }, y.map { t * $0 }), hilbertDistance(x, y), rtol: 1e-12, "seed \(seed)")
      // Diagonal scalings: Δ(D₁ A D₂) = Δ(A).
      let a = positive(5, 4, &g)
      let d1 = (0..<5).map { _ in 0.1 + abs(g.nextGaussian()) }
      let d2 = (0..<4).map { _ in 0.1 + abs(g.nextGaussian()) }
      var b = a
      for i in 0..<5 { for j in 0..<4 { b[i, j] *= d1[i] * d2[j] } }
      expectClose(b.projectiveDiameter, a.projectiveDiameter, rtol: 1e-12, "seed \(seed)")
    }
  }

  @Test func contractionIsSubmultiplicativeAndBoundsDistancesOverSeeds() {
    for seed in UInt64(0)..<30 {
      var g = SeededGenerator(seed: seed)
      let a = positive(4, 5, &g)
      let b = positive(5, 3, &g)
      let ab = TestMatrices.naiveProduct(a, b)
      let (ta, tb, tab) = (a.birkhoffContraction, b.birkhoffContraction, ab.birkhoffContraction)
      #expect(tab <= ta * tb * (1 + 1e-12), "seed \(seed): τ(AB) \(tab) > τ(A)τ(B) \(ta * tb)")
      let x = (0..<3).map { _ in 0.01 + abs(g.nextGaussian()) }
      let y = (0..<3).map { _ in 0.01 + abs(g.nextGaussian()) }
      let bx = TestMatrices.naiveProduct(b, Matrix(rows: 3, columns: 1, scalars: x)).scalars
      let by = TestMatrices.naiveProduct(b, Matrix(rows: 3, columns: 1, scalars: y)).scalars
      #expect(hilbertDistance(bx, by) <= tb * hilbertDistance(x, y) * (1 + 1e-12), "seed \(seed)")
    }
  }
}
