import Matrices
import Testing
import _BPTestSupport

@Suite struct LinearOperatorTests {
  @Test func compositionMatchesExplicitProduct() {
    var g = SeededGenerator(seed: 1)
    let a = Matrix.gaussian(rows: 4, columns: 6, using: &g)
    let b = Matrix.gaussian(rows: 6, columns: 3, using: &g)
    let ab = LinearOperator(a) * LinearOperator(b)
    #expect(ab.rows == 4 && ab.columns == 3 && ab.hasAdjoint)
    let explicit = TestMatrices.naiveProduct(a, b)
    expectClose(ab.materialized().scalars, explicit.scalars, rtol: 1e-14)
    let adj = ab.adjoint?.materialized()
    expectClose(adj?.scalars ?? [], explicit.transposed().scalars, rtol: 1e-14)
    let x: [Double] = [1, -2, 0.5]
    expectClose(ab.apply(vector: x), explicit * x, rtol: 1e-14)
  }

  @Test func closureOperatorWithoutAdjoint() {
    // Cyclic shift on ℝ⁵ applied to each column of the block.
    let shift = LinearOperator(rows: 5, columns: 5, apply: { x in
      var y = x
      for i in 0..<5 { for j in 0..<x.columns { y[(i + 1) % 5, j] = x[i, j] } }
      return y
    })
    #expect(!shift.hasAdjoint && shift.adjoint == nil)
    #expect(shift.apply(vector: [1, 2, 3, 4, 5]) == [5, 1, 2, 3, 4])
    let p = shift.materialized()
    #expect(p[1, 0] == 1 && p[0, 4] == 1 && p.frobeniusNorm == Double(5).squareRoot())
    #expect((shift * LinearOperator.identity(5)).materialized() == p)
    #expect(!(shift * LinearOperator.identity(5)).hasAdjoint)
  }
}
