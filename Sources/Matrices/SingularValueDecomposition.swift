/// A thin singular value decomposition `A = U Σ Vᵀ` of an `m × n` matrix, `r = min(m, n)`.
///
/// `u` is `m × r` and `v` is `n × r`, both with orthonormal columns; `singularValues` has `r`
/// entries `σ₁ ≥ σ₂ ≥ … ≥ σ_r ≥ 0`. Column `k` of `u` and `v` belong to `singularValues[k]`.
/// For zero singular values the corresponding singular vectors are an arbitrary orthonormal
/// completion. Produced by ``Matrix/svd()``.
public struct SingularValueDecomposition: Sendable, Equatable {
  /// Left singular vectors, `m × r`, orthonormal columns.
  public let u: Matrix
  /// Singular values in descending order, `r = min(m, n)` of them.
  public let singularValues: [Double]
  /// Right singular vectors, `n × r`, orthonormal columns.
  public let v: Matrix
  /// Jacobi sweeps used (the last one applied no rotation).
  public let sweeps: Int

  /// Creates a decomposition from its factors.
  /// - Precondition: `u.columns == v.columns == singularValues.count`.
  public init(u: Matrix, singularValues: [Double], v: Matrix, sweeps: Int) {
    precondition(
      u.columns == singularValues.count && v.columns == singularValues.count,
      "SingularValueDecomposition: factor shapes \(u.rows)×\(u.columns), \(singularValues.count), \(v.rows)×\(v.columns)")
    self.u = u
    self.singularValues = singularValues
    self.v = v
    self.sweeps = sweeps
  }

  /// The product `U Σ Vᵀ` (`m × n`).
  /// - Complexity: `2mnr` flops.
  public func reconstructed() -> Matrix {
    var us = u
    for i in 0..<u.rows {
      for k in 0..<u.columns { us[i, k] *= singularValues[k] }
    }
    return us.multiplied(by: v, transposingOther: true)
  }

  /// The decomposition of the transpose, `Aᵀ = V Σ Uᵀ`.
  public func transposed() -> SingularValueDecomposition {
    SingularValueDecomposition(u: v, singularValues: singularValues, v: u, sweeps: sweeps)
  }

  /// The ratio `σ₂/σ₁` (0 for rank ≤ 1 or fewer than two singular values, NaN when `σ₁ = 0`).
  public var secondToFirstRatio: Double {
    guard let s1 = singularValues.first else { return .nan }
    if s1 == 0 { return .nan }
    return singularValues.count > 1 ? singularValues[1] / s1 : 0
  }
}
