import Foundation
import Matrices

/// Converged top singular triplets of an explicit product by block subspace iteration with
/// Rayleigh–Ritz, warm-started from the previous depth (``BackwardProducts/ExplicitSVD/subspace(block:tolerance:maxIterations:)``).
///
/// With `V` an orthonormal `d_m × b` block (the previous depth's right Ritz vectors, or a seeded
/// Gaussian block at the first depth), one iteration is
/// ```
/// Y = P V;  Q = orth(Y);  Z = Pᵀ Q = Bᵀ (B = Qᵀ P);  Z = V' Σ Ũᵀ (Jacobi SVD of d_m × b);  U = Q Ũ
/// ```
/// so `Pᵀ u_i = σ_i v_i` holds exactly and the only residual is `r_i = P v_i − σ_i u_i`, read off
/// the next `Y`. A pair with residual `‖r_i‖` has a singular value of `P` within `‖r_i‖` of
/// `σ_i`; the iteration stops once `‖r_i‖ ≤ tolerance·σ_i + floor·σ₁` for `i = 1, 2`
/// (`floor = 1e-13`, the rounding level of the residual), so σ₂ has relative error ≤ `tolerance`
/// or absolute error ≤ `1e-13·σ₁` — σ₂/σ₁ is resolved down to ~1e-13, like the Jacobi SVD. The
/// residual of a block method converges like `(σ_{b+1}/σ_i)^t`, independent of the gap between
/// σ₁ and σ₂. When `maxIterations` pass without convergence the depth falls back to the full
/// Jacobi SVD (``CompressedSVD``), so results are always converged.
struct SubspaceIteration {
  /// Block width `b`.
  let block: Int
  /// Relative tolerance on σ₁ and σ₂.
  let tolerance: Double
  /// Iterations per depth before the Jacobi fallback.
  let maxIterations: Int
  /// Residual floor relative to σ₁.
  static let floor = 1e-13
  /// The right Ritz vectors of the previous depth (`d_m × b`).
  private var right: Matrix?

  /// Iteration with block `block`, tolerance, iteration budget.
  init(block: Int, tolerance: Double, maxIterations: Int) {
    precondition(block >= 2 && tolerance > 0 && maxIterations >= 1, "SubspaceIteration: block ≥ 2, tolerance > 0, maxIterations ≥ 1")
    self.block = block
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// The top `min(b, d_k, d_m)` singular triplets of `p` and the iterations used (`0` after a
  /// Jacobi fallback or for a block that spans the whole row space).
  mutating func decompose(_ p: Matrix, using generator: inout SeededGenerator) -> (svd: SingularValueDecomposition, iterations: Int) {
    let b = Swift.min(block, p.rows, p.columns)
    if b < block || b == p.columns {
      // The block covers a whole side: the projected problem is the full one.
      let svd = CompressedSVD.svd(p)
      right = nil
      return (svd, 0)
    }
    var v = right ?? Matrix.gaussian(rows: p.columns, columns: b, using: &generator).orthonormalizedColumns()
    var y = p * v
    for iteration in 1...maxIterations {
      let q = y.orthonormalizedColumns()
      let z = p.multiplied(by: q, transposingSelf: true)  // d_m × b = Bᵀ
      let small = z.svd()  // Bᵀ = V' Σ Ũᵀ
      v = small.u
      let u = q * small.v
      y = p * v
      let sigma = small.singularValues
      if Self.converged(y: y, u: u, sigma: sigma, tolerance: tolerance) {
        right = v
        return (SingularValueDecomposition(u: u, singularValues: sigma, v: v, sweeps: small.sweeps), iteration)
      }
    }
    right = nil
    return (CompressedSVD.svd(p), 0)
  }

  /// `‖Y_i − σ_i U_i‖ ≤ tolerance·σ_i + floor·σ₁` for the first two columns.
  static func converged(y: Matrix, u: Matrix, sigma: [Double], tolerance: Double) -> Bool {
    guard let s1 = sigma.first else { return true }
    if s1 == 0 { return true }
    for i in 0..<Swift.min(2, sigma.count) {
      var r = 0.0
      for row in 0..<y.rows {
        let e = y[row, i] - sigma[i] * u[row, i]
        r += e * e
      }
      if r.squareRoot() > tolerance * sigma[i] + floor * s1 { return false }
    }
    return true
  }
}
