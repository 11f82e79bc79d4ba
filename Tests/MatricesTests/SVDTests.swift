import Foundation
import Matrices
import _BPTestSupport
import Testing

@Suite struct SVDTests {
  /// Checks σ against `expected` (absolute error ≤ tol·σ₁), orthonormality of U and V, and the
  /// reconstruction, reporting `label`.
  func check(_ a: Matrix, expected: [Double], tol: Double = 1e-12, _ label: String) {
    let d = a.svd()
    let r = min(a.rows, a.columns)
    #expect(d.u.rows == a.rows && d.u.columns == r && d.v.rows == a.columns && d.v.columns == r, "\(label)")
    let s1 = expected.first ?? 0
    var worst = 0.0
    for k in 0..<r { worst = max(worst, abs(d.singularValues[k] - expected[k])) }
    #expect(worst <= tol * s1, "\(label): max σ error \(worst) > \(tol)·σ₁")
    let eu = TestMatrices.orthogonalityError(d.u)
    let ev = TestMatrices.orthogonalityError(d.v)
    #expect(eu <= 1e-12 && ev <= 1e-12, "\(label): ‖UᵀU−I‖ \(eu), ‖VᵀV−I‖ \(ev)")
    let rec = TestMatrices.frobenius(d.reconstructed() - a) / max(TestMatrices.frobenius(a), .leastNormalMagnitude)
    #expect(rec <= 1e-13, "\(label): reconstruction error \(rec)")
  }

  @Test func knownSpectraSmallSquareOverSeeds() {
    for seed in UInt64(0)..<20 {
      var g = SeededGenerator(seed: seed)
      let n = 2 + Int(seed % 7) * 3
      var s = (0..<n).map { _ in abs(g.nextGaussian()) + 0.01 }
      s.sort(by: >)
      check(TestMatrices.withSpectrum(s, rows: n, columns: n, &g), expected: s, "seed \(seed) n \(n)")
    }
  }

  @Test func tinySecondSingularValue() {
    var g = SeededGenerator(seed: 7)
    let s = [1, 1e-10, 1e-11, 3e-12, 1e-13]
    let a = TestMatrices.withSpectrum(s, rows: 40, columns: 40, &g)
    check(a, expected: s + [Double](repeating: 0, count: 35), "rank-5 tiny tail")
    let sv = a.singularValues()
    expectClose(sv[1], 1e-10, rtol: 1e-3)
  }

  @Test func geometricDecayRectangularBothWays() {
    var g = SeededGenerator(seed: 11)
    let s = TestMatrices.geometric(count: 30, down: 1e-14)
    check(TestMatrices.withSpectrum(s, rows: 50, columns: 30, &g), expected: s, "tall 50×30")
    check(TestMatrices.withSpectrum(s, rows: 30, columns: 70, &g), expected: s, "wide 30×70")
  }

  @Test func rankDeficientHasExactZerosAndOrthonormalFactors() {
    var g = SeededGenerator(seed: 3)
    let s = [3.0, 2.0, 1.0]
    let a = TestMatrices.withSpectrum(s, rows: 12, columns: 8, &g)
    check(a, expected: s + [Double](repeating: 0, count: 5), "rank 3 in 12×8")
    // Exactly repeated and zero columns.
    var b = Matrix(rows: 5, columns: 4)
    for i in 0..<5 { b[i, 0] = Double(i + 1); b[i, 2] = Double(i + 1) }
    // b = x [1,0,1,0]: σ₁ = ‖x‖·√2, the rest 0.
    let x = (1...5).map(Double.init)
    check(b, expected: [norm(x) * Double(2).squareRoot(), 0, 0, 0], "duplicated columns")
    check(Matrix(rows: 3, columns: 2), expected: [0, 0].map { $0 }, tol: 0, "zero matrix")
  }

  @Test func handDerivedTwoByTwo() {
    // [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]], eigenvalues 45 and 5.
    let sv = Matrix([[3, 0], [4, 5]]).singularValues()
    expectClose(sv, [Double(45).squareRoot(), Double(5).squareRoot()], rtol: 1e-15)
    #expect(Matrix([[3, 0], [4, 5]]).spectralNorm == sv[0])
  }

  /// `[1, 1e-10, then geometric from 1e-10 down to 1e-14]`: σ₂/σ₁ = 1e-10 exactly.
  static func graded(_ n: Int) -> [Double] {
    [1] + (0..<(n - 1)).map { k in pow(10, -10 - 4 * Double(k) / Double(max(n - 2, 1))) }
  }

  /// Full U, V at 120×120 in every build; 300×300 values only (see README for timings).
  @Test func mediumFullDecomposition() {
    var g = SeededGenerator(seed: 21)
    let s = Self.graded(120)
    check(TestMatrices.withSpectrum(s, rows: 120, columns: 120, &g), expected: s, "120×120")
  }

  @Test func large300SingularValues() {
    var g = SeededGenerator(seed: 300)
    let s = Self.graded(300)
    let a = TestMatrices.withSpectrum(s, rows: 300, columns: 300, &g)
    let clock = ContinuousClock()
    var sv: [Double] = []
    let t = clock.measure { sv = a.singularValues() }
    var worst = 0.0
    for k in 0..<300 { worst = max(worst, abs(sv[k] - s[k])) }
    #expect(worst <= 1e-12, "300×300: max σ error \(worst)")
    #expect(abs(sv[1] / sv[0] - 1e-10) <= 1e-15, "σ₂/σ₁ = \(sv[1] / sv[0])")
    print("singularValues 300×300: \(t), max σ error \(worst)")
  }
}
