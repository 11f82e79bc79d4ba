import Matrices

/// The backward product at one depth of a chain: `P_k = C_{k+1} ⋯ C_m` (`d_k × d_m`), measured
/// after rescaling (cosines and singular-value ratios are scale-free).
public struct DepthProfile: Sendable {
  /// How the singular values were obtained.
  public enum Method: Sendable, Equatable {
    /// Jacobi SVD of the explicit product (every singular value).
    case exact
    /// Randomized SVD of the explicit product (``BackwardProducts/ExplicitSVD/randomized(rank:oversampling:powerIterations:)``).
    case randomized(rank: Int, oversampling: Int, powerIterations: Int)
    /// Converged block subspace iteration (``BackwardProducts/ExplicitSVD/subspace(block:tolerance:maxIterations:)``):
    /// the top `block` singular values, after `iterations` iterations at this depth.
    case subspace(block: Int, iterations: Int)
    /// Forward-only Gaussian sketch `Y = P Ω / √ℓ` with `ℓ` columns (see ``BackwardProducts``).
    case sketch(size: Int)
  }

  /// `k`: the product maps relevance at the injection layer `m` down to the output of layer `k`
  /// (`0` = the network input).
  public let depth: Int
  /// The label of `C_{k+1}`, the last factor applied.
  public let label: String
  /// `d_k`, the number of rows of `P_k`.
  public let rows: Int
  /// Exact SVD or sketch.
  public let method: Method
  /// The singular values of the rescaled product (all of them when exact; `min(d_k, ℓ)` of the
  /// sketch), descending.
  public let singularValues: [Double]
  /// `ln` of the scale removed so far: `P_k = e^logScale · P̂_k`, `P̂_k` the rescaled product
  /// (sketch mode: `P_k Ω = e^logScale · Ŷ_k`, so it includes the norm of `Ω`).
  public let logScale: Double
  /// The Frobenius norm of the rescaled product (or of the rescaled sketch).
  public let frobeniusNorm: Double
  /// The top left singular vector `u₁` (length `d_k`): the direction every relevance vector
  /// collapses to at this depth when `σ₂/σ₁ → 0`. Sign fixed so that its largest-magnitude entry is positive.
  public let topLeftVector: [Double]
  /// The top right singular vector `v₁` (length `d_m`), explicit modes only.
  public let topRightVector: [Double]?
  /// Column alignment of the explicit product (explicit modes only, when requested).
  public let alignment: ColumnAlignment?
  /// The Birkhoff contraction bound on the column alignment, when every factor so far is
  /// explicit and entrywise non-negative.
  public let bound: ContractionBound?

  /// `σ₁` of the rescaled product.
  public var sigma1: Double { singularValues.first ?? 0 }
  /// `σ₂` of the rescaled product (0 if there is only one).
  public var sigma2: Double { singularValues.count > 1 ? singularValues[1] : 0 }
  /// `σ₂/σ₁` (NaN for the zero product).
  public var ratio: Double { sigma1 > 0 ? sigma2 / sigma1 : .nan }
  /// The stable rank `‖P‖_F²/σ₁²` (1 for rank one, up to `min(d_k, d_m)`).
  public var stableRank: Double { sigma1 > 0 ? (frobeniusNorm * frobeniusNorm) / (sigma1 * sigma1) : .nan }
}

/// How well the columns of an explicit product `P_k` are aligned (the columns are the images
/// of the unit vectors injected at the top; CSC measures the same thing on random combinations).
public struct ColumnAlignment: Sendable, Equatable {
  /// `1 − cos` of the least aligned pair of nonzero columns (signed cosine), computed as
  /// `‖x̂ − ŷ‖²/2` so that values down to ~1e-30 are resolved. The pair is chosen by the Gram
  /// matrix of the normalised columns (one GEMM), then recomputed exactly.
  public let worstMisalignment: Double
  /// The median over all pairs of nonzero columns of `1 − |cos|` (from the Gram matrix, so
  /// resolved to about `d_k·1e-16`).
  public let medianMisalignment: Double
  /// Number of all-zero columns (left out of the pairs).
  public let zeroColumns: Int
}

/// The Birkhoff–Hopf bound at one depth, beside the measured alignment.
///
/// With `Δ` the projective diameter and `τ = tanh(Δ/4)`: `Δ(P_k) ≤ B_k`, where `B_k` is the
/// diameter of the top block times the contraction coefficients of the blocks below it (blocks
/// are runs of consecutive factors whose product has `τ < 1`; a single positive factor is its own
/// block). Two nonnegative vectors at Hilbert distance `d` have `cos ≥ sech(d/2)` (Kantorovich
/// inequality on the coordinate ratios), so every pair of columns satisfies
/// `1 − cos ≤ 1 − sech(B_k/2)`.
public struct ContractionBound: Sendable, Equatable {
  /// `B_k`, the bound on the projective diameter of `P_k` (`+∞` until the first block closes).
  public let diameterBound: Double
  /// `1 − sech(B_k/2)`, the bound on ``ColumnAlignment/worstMisalignment``.
  public let misalignmentBound: Double
  /// The number of closed blocks that contributed a factor `τ < 1`.
  public let blocks: Int
  /// `true` when the measured worst misalignment exceeds the bound beyond rounding
  /// (`measured > bound·(1 + 1e-9) + 1e-14`): that would be a bug.
  public let violated: Bool
}
