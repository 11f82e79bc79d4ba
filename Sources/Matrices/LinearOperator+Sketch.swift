/// Randomized range sketches of a ``LinearOperator`` (Halko, Martinsson, Tropp 2011).
extension LinearOperator {
  /// Approximate top-`rank` singular triplets by a randomized range finder with power
  /// iterations (HMT Algorithms 4.4 + 5.1).
  ///
  /// With sketch size `ℓ = min(rank + oversampling, m, n)` and a Gaussian `Ω` (`n × ℓ`):
  /// ```
  /// Q = orth(A Ω);  repeat q times: Q = orth(A · orth(Aᵀ Q))
  /// B = Qᵀ A = (Aᵀ Q)ᵀ  (ℓ × n);   B = Ũ Σ Vᵀ;   U = Q Ũ
  /// ```
  /// and returns the first `min(rank, ℓ)` triplets. `σ̃ₖ ≤ σₖ(A)` always; the error decays like
  /// `(σ_{ℓ−p+1}/σₖ)^(2q+1)`, so for a spectrum with a gap after `rank` values the result matches
  /// the exact SVD to high relative accuracy with `q = 1…2`.
  /// - Parameters:
  ///   - rank: number of singular triplets wanted, `k ≥ 1`.
  ///   - oversampling: extra sample columns `p` (default 10).
  ///   - powerIterations: `q ≥ 0` (default 1); each costs one `A` and one `Aᵀ` application.
  ///   - generator: source of the Gaussian test matrix (consumed `n·ℓ` draws, row-major).
  /// - Precondition: ``hasAdjoint``.
  /// - Complexity: `q + 1` applications each of `A` and `Aᵀ` to `ℓ`-column blocks, plus
  ///   `O((m + n) ℓ²)` for the QRs and the small SVD.
  public func randomizedSVD(
    rank: Int, oversampling: Int = 10, powerIterations: Int = 1, using generator: inout SeededGenerator
  ) -> SingularValueDecomposition {
    precondition(hasAdjoint, "LinearOperator.randomizedSVD: needs an adjoint (use sketchSingularValues for forward-only operators)")
    precondition(rank >= 1 && oversampling >= 0 && powerIterations >= 0, "LinearOperator.randomizedSVD: rank ≥ 1, oversampling ≥ 0, powerIterations ≥ 0")
    let l = Swift.min(rank + oversampling, rows, columns)
    if l == 0 {
      return SingularValueDecomposition(u: Matrix(rows: rows, columns: 0), singularValues: [], v: Matrix(rows: columns, columns: 0), sweeps: 0)
    }
    let omega = Matrix.gaussian(rows: columns, columns: l, using: &generator)
    var q = apply(omega).orthonormalizedColumns()
    for _ in 0..<powerIterations {
      let z = applyAdjoint(q).orthonormalizedColumns()
      q = apply(z).orthonormalizedColumns()
    }
    let bt = applyAdjoint(q)  // n × ℓ = Bᵀ
    let small = bt.svd()      // Bᵀ = V Σ Ũᵀ
    let kept = Swift.min(rank, l)
    let u = q * small.v.columns(0..<kept)
    return SingularValueDecomposition(
      u: u, singularValues: Array(small.singularValues.prefix(kept)), v: small.u.columns(0..<kept),
      sweeps: small.sweeps)
  }

  /// Singular values of the forward-only sketch `Y = A Ω / √ℓ`, with `Ω` an `n × ℓ` standard
  /// Gaussian matrix; needs no adjoint.
  ///
  /// What it estimates, exactly: `E[Y Yᵀ] = A Aᵀ` and `E‖Y‖_F² = ‖A‖_F²` (unbiased); if
  /// `rank(A) ≤ ℓ` then `range(Y) = range(A)` almost surely, so the number of nonzero values is
  /// `rank(A)`. The individual values are *not* unbiased: for a spectrum concentrated in
  /// `r ≪ ℓ` directions, `σₖ(Y) = σₖ(A)·(1 + O(1/√ℓ))` for `k ≤ r`, so ratios such as `σ₂/σ₁`
  /// are right to relative order `1/√ℓ`; directions beyond `ℓ` are folded into the first `ℓ`.
  /// Use ``randomizedSVD(rank:oversampling:powerIterations:using:)`` when an adjoint exists.
  /// - Parameters:
  ///   - sketchSize: `ℓ ≥ 1` columns of `Ω` (capped at `n`).
  ///   - generator: source of `Ω` (`n·ℓ` draws, row-major).
  /// - Returns: `min(m, ℓ)` values in descending order.
  /// - Complexity: one application of `A` to an `ℓ`-column block plus an `m × ℓ` SVD.
  public func sketchSingularValues(sketchSize: Int, using generator: inout SeededGenerator) -> [Double] {
    precondition(sketchSize >= 1, "LinearOperator.sketchSingularValues: sketchSize ≥ 1")
    let l = Swift.min(sketchSize, columns)
    if l == 0 || rows == 0 { return [] }
    let omega = Matrix.gaussian(rows: columns, columns: l, using: &generator)
    return (apply(omega) / Double(l).squareRoot()).singularValues()
  }
}
