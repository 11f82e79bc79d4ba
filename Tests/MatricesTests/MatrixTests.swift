import Matrices
import Testing
import _BPTestSupport

@Suite struct MatrixTests {
  @Test func constructionIndexingAndExtraction() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(a.rows == 2 && a.columns == 3)
    #expect(a[1, 2] == 6)
    #expect(a.row(1) == [4, 5, 6])
    #expect(a.column(1) == [2, 5])
    #expect(a.transposed() == Matrix([[1, 4], [2, 5], [3, 6]]))
    #expect(Matrix(rows: 2, columnVectors: [[1, 4], [2, 5], [3, 6]]) == a)
    #expect(a.columns(1..<3) == Matrix([[2, 3], [5, 6]]))
    #expect(Matrix.identity(2) == Matrix([[1, 0], [0, 1]]))
    #expect(Matrix(rows: 2, columns: 2, repeating: 7).scalars == [7, 7, 7, 7])
    #expect(Matrix.diagonal([2, 3], rows: 2, columns: 3) == Matrix([[2, 0, 0], [0, 3, 0]]))
  }

  @Test func transposeOfLargeNonSquareMatchesDefinition() {
    var g = SeededGenerator(seed: 5)
    let a = Matrix.gaussian(rows: 37, columns: 70, using: &g)
    let t = a.transposed()
    for i in 0..<37 { for j in 0..<70 { #expect(t[j, i] == a[i, j]) } }
  }

  @Test func productsAgainstHandValues() {
    let a = Matrix([[1, 2], [3, 4]])
    let b = Matrix([[0, 1], [1, 0]])
    #expect(a * b == Matrix([[2, 1], [4, 3]]))
    #expect(a * [1, 1] == [3, 7])
    #expect([1, 1] * a == [4, 6])
    #expect(a.multiplied(by: a, transposingSelf: true) == Matrix([[10, 14], [14, 20]]))
    #expect(a.multiplied(by: a, transposingOther: true) == Matrix([[5, 11], [11, 25]]))
    #expect(a + b == Matrix([[1, 3], [4, 4]]))
    #expect(a - b == Matrix([[1, 1], [2, 4]]))
    #expect(2 * a == Matrix([[2, 4], [6, 8]]) && a * 2 == 2 * a && -a == a * -1 && a / 2 == a * 0.5)
    #expect(a.hadamard(b) == Matrix([[0, 2], [3, 0]]))
    #expect(a.map { $0 * $0 } == Matrix([[1, 4], [9, 16]]))
    #expect(Matrix(rows: 0, columns: 3) * Matrix(rows: 3, columns: 2) == Matrix(rows: 0, columns: 2))
    #expect(Matrix(rows: 2, columns: 0) * Matrix(rows: 0, columns: 2) == Matrix(rows: 2, columns: 2))
  }

  @Test func productsAgainstNaiveLoopsOverSeeds() {
    for seed in UInt64(0)..<5 {
      var g = SeededGenerator(seed: seed)
      let (m, k, n) = (3 + Int(seed), 5 + 2 * Int(seed), 4)
      let a = Matrix.gaussian(rows: m, columns: k, using: &g)
      let b = Matrix.gaussian(rows: k, columns: n, using: &g)
      expectClose((a * b).scalars, TestMatrices.naiveProduct(a, b).scalars, rtol: 1e-14, "seed \(seed)")
      let x = (0..<k).map { _ in g.nextGaussian() }
      expectClose(a * x, TestMatrices.naiveProduct(a, Matrix(rows: k, columns: 1, scalars: x)).scalars, rtol: 1e-14, "seed \(seed)")
    }
  }

  @Test func normsAndCosines() {
    expectClose(Matrix([[3, 0], [0, 4]]).frobeniusNorm, 5, rtol: 1e-15)
    expectClose(Matrix([[3, 0], [0, 4]]).spectralNorm, 4, rtol: 1e-15)
    #expect(dot([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]) == 35)
    #expect(norm([3, 4]) == 5)
    // No overflow or underflow: hand values.
    expectClose(norm([3e300, 4e300]), 5e300, rtol: 1e-15)
    expectClose(norm([3e-300, 4e-300]), 5e-300, rtol: 1e-15)
    expectClose(cosineSimilarity([1, 0], [1, 1]), 1 / Double(2).squareRoot(), rtol: 1e-15)
    expectClose(cosineSimilarity([1, 2], [-2, -4]), -1, rtol: 1e-15)
    #expect(cosineSimilarity([0, 0], [1, 1]).isNaN)
    #expect(cosineSimilarity([1e-300, 0], [1e-300, 1e-300]) > 0.7)
    let c = Matrix([[1, 1, 0], [0, 1, 0]]).columnCosineSimilarities()
    expectClose(c[0, 1], 1 / Double(2).squareRoot(), rtol: 1e-15)
    #expect(c[0, 0] == 1 && c[1, 1] == 1 && c[2, 0].isNaN && c[0, 2].isNaN)
    let pairs = Matrix([[1, 1], [0, 1]]).columnCosineSimilarities(with: Matrix([[2, -1], [0, -1]]))
    expectClose(pairs, [1, -1], rtol: 1e-15)
  }

  @Test func descriptionIsCompact() {
    #expect(Matrix([[1, 2], [3, 4.5]]).description == "2×2 [[1, 2], [3, 4.5]]")
    let big = Matrix(rows: 10, columns: 10, repeating: 1)
    #expect(big.description.contains("…"))
    #expect(big.description.count < 200)
  }

  @Test func finiteness() {
    #expect(Matrix([[1, 2]]).isFinite)
    #expect(!Matrix([[1, .nan]]).isFinite)
  }
}
