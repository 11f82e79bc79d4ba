import Matrices
import Testing
import _BPTestSupport

@Suite struct SVDEdgeCaseTests {
  @Test func degenerateShapes() {
    let e = Matrix(rows: 0, columns: 3).svd()
    #expect(e.singularValues.isEmpty && e.u.rows == 0 && e.v.rows == 3 && e.v.columns == 0)
    let s = Matrix([[-2]]).svd()
    #expect(s.singularValues == [2] && abs(s.u[0, 0]) == 1 && s.u[0, 0] * s.v[0, 0] == -1)
    // A row vector: σ = ‖x‖, v = x/‖x‖ up to sign.
    let r = Matrix([[3, 0, 4]]).svd()
    expectClose(r.singularValues, [5], rtol: 1e-15)
    expectClose(r.v.column(0).map { $0 * r.u[0, 0] }, [0.6, 0, 0.8], rtol: 1e-15)
    #expect(Matrix(rows: 4, columns: 0).singularValues().isEmpty)
  }

  @Test func repeatedSingularValues() {
    #expect(Matrix.identity(7).singularValues() == [Double](repeating: 1, count: 7))
    var g = SeededGenerator(seed: 17)
    let s = [2.0, 2, 2, 1, 1]
    let a = TestMatrices.withSpectrum(s, rows: 9, columns: 5, &g)
    let d = a.svd()
    expectClose(d.singularValues, s, atol: 1e-14)
    #expect(TestMatrices.orthogonalityError(d.u) < 1e-13 && TestMatrices.orthogonalityError(d.v) < 1e-13)
  }

  @Test func extremeScalesDoNotOverflowOrUnderflow() {
    for scale in [1e300, 1e-300, Double.leastNormalMagnitude / 64] {
      let a = Matrix([[3, 0], [4, 5]]) * scale
      let sv = a.singularValues()
      // Hand values (see SVDTests.handDerivedTwoByTwo): √45·scale, √5·scale.
      expectClose(sv, [Double(45).squareRoot() * scale, Double(5).squareRoot() * scale], rtol: scale < 1e-300 ? 1e-5 : 1e-14, "scale \(scale)")
    }
  }

  @Test func wideRankDeficientOverSeeds() {
    for seed in UInt64(0)..<10 {
      var g = SeededGenerator(seed: seed)
      let r = 1 + Int(seed % 4)
      let s = (0..<r).map { Double(r - $0) }
      let a = TestMatrices.withSpectrum(s, rows: 6, columns: 11, &g)
      let d = a.svd()
      expectClose(d.singularValues, s + [Double](repeating: 0, count: 6 - r), atol: 1e-14, "seed \(seed)")
      #expect(TestMatrices.orthogonalityError(d.u) < 1e-13 && TestMatrices.orthogonalityError(d.v) < 1e-13, "seed \(seed)")
      let rec = TestMatrices.frobenius(d.reconstructed() - a) / TestMatrices.frobenius(a)
      #expect(rec < 1e-14, "seed \(seed): \(rec)")
    }
  }

  @Test func nonFiniteInputIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = Matrix([[1, .nan], [0, 1]]).singularValues()
    }
  }

  @Test func secondToFirstRatio() {
    let d = Matrix([[4, 0], [0, 1]]).svd()
    #expect(d.secondToFirstRatio == 0.25)
    #expect(Matrix(rows: 2, columns: 2).svd().secondToFirstRatio.isNaN)
    #expect(Matrix([[2], [0]]).svd().secondToFirstRatio == 0)
  }
}

/// Compile-time check that the public value types are `Sendable`.
@Suite struct SendableTests {
  func requireSendable<T: Sendable>(_: T.Type) {}
  @Test func publicTypesAreSendable() {
    requireSendable(Matrix.self)
    requireSendable(SingularValueDecomposition.self)
    requireSendable(LinearOperator.self)
  }
}
