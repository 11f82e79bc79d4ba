import Matrices
import Testing
import _BPTestSupport

@Suite struct QRTests {
  func check(_ a: Matrix, _ label: String) {
    let (q, r) = a.qr()
    #expect(q.rows == a.rows && q.columns == a.columns && r.rows == a.columns && r.columns == a.columns)
    #expect(TestMatrices.orthogonalityError(q) <= 1e-13, "\(label): QᵀQ ≠ I")
    for i in 0..<r.rows {
      #expect(r[i, i] >= 0, "\(label): negative diagonal at \(i)")
      for j in 0..<i { #expect(r[i, j] == 0, "\(label): R[\(i), \(j)] = \(r[i, j])") }
    }
    let qr = TestMatrices.naiveProduct(q, r)
    expectClose(qr.scalars, a.scalars, rtol: 1e-13, "\(label): QR ≠ A")
  }

  @Test func randomTallAndSquareOverSeeds() {
    for seed in UInt64(0)..<10 {
      var g = SeededGenerator(seed: seed)
      let n = 1 + Int(seed)
      let m = n + Int(seed % 3) * 5
      check(Matrix.gaussian(rows: m, columns: n, using: &g), "seed \(seed) \(m)×\(n)")
    }
  }

  @Test func handDerived() {
    // [[3], [4]] = [[0.6], [0.8]] · [5].
    let (q, r) = Matrix([[3], [4]]).qr()
    expectClose(q.scalars, [0.6, 0.8], rtol: 1e-15)
    expectClose(r.scalars, [5], rtol: 1e-15)
  }

  @Test func rankDeficientStillOrthonormal() {
    let a = Matrix([[1, 2, 0], [2, 4, 0], [3, 6, 0], [4, 8, 0]])
    check(a, "rank 1 with zero column")
    let o = a.orthonormalizedColumns()
    #expect(TestMatrices.orthogonalityError(o) <= 1e-13)
  }

  @Test func orthonormalizedColumnsSpanTheInput() {
    var g = SeededGenerator(seed: 99)
    let a = Matrix.gaussian(rows: 20, columns: 6, using: &g)
    let q = a.orthonormalizedColumns()
    // Projection Q Qᵀ A reproduces A.
    let p = TestMatrices.naiveProduct(q, TestMatrices.naiveTransposeProduct(q, a))
    expectClose(p.scalars, a.scalars, rtol: 1e-13)
  }
}
