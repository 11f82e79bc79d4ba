/// Hilbert's projective metric on the nonnegative orthant,
/// `d(x, y) = ln( maxᵢ(xᵢ/yᵢ) / minᵢ(xᵢ/yᵢ) )`.
///
/// It is invariant under positive scaling, `d(αx, βy) = d(x, y)`, and zero iff `x ∥ y`.
/// Zeros: coordinates where both vectors are zero are ignored; if one vector is zero where the
/// other is positive (different supports) the distance is `+∞`. Computed as one logarithm of
/// `max r / min r` (exactly 0 for parallel vectors), falling back to differences of logarithms
/// when the ratios leave the normal range, so it never overflows.
/// - Precondition: equal lengths, entries `≥ 0` (NaN is rejected), neither vector all zero.
/// - Complexity: O(n).
/// - References: G. Birkhoff, "Extensions of Jentzsch's theorem", Trans. AMS 85 (1957).
public func hilbertDistance(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "hilbertDistance: lengths \(x.count) and \(y.count) differ")
  precondition(x.allSatisfy { $0 >= 0 } && y.allSatisfy { $0 >= 0 }, "hilbertDistance: entries must be nonnegative")
  precondition(x.contains { $0 > 0 } && y.contains { $0 > 0 }, "hilbertDistance: zero vector is not in the cone")
  return hilbertDistanceUnchecked(x, y)
}

/// ``hilbertDistance(_:_:)`` without the argument checks. Uses `ln(max r / min r)` on the ratios
/// `rᵢ = xᵢ/yᵢ` (exactly 0 for parallel vectors) and falls back to differences of logarithms when
/// a ratio or their quotient leaves the normal range.
func hilbertDistanceUnchecked(_ x: [Double], _ y: [Double]) -> Double {
  var hi = 0.0, lo = Double.infinity
  for i in x.indices {
    let (a, b) = (x[i], y[i])
    if a == 0 && b == 0 { continue }
    if a == 0 || b == 0 { return .infinity }
    let r = a / b
    hi = Swift.max(hi, r)
    lo = Swift.min(lo, r)
  }
  let q = hi / lo
  if lo.isNormal && hi.isFinite && q.isFinite { return _log(q) }
  var lhi = -Double.infinity, llo = Double.infinity
  for i in x.indices where x[i] > 0 {
    let r = _log(x[i]) - _log(y[i])
    lhi = Swift.max(lhi, r)
    llo = Swift.min(llo, r)
  }
  return lhi - llo
}

/// Birkhoff's projective diameter and contraction coefficient of nonnegative matrices acting
/// on column vectors, `x ↦ A x`.
extension Matrix {
  /// The projective diameter `Δ(A) = sup_{x,y>0} d(Ax, Ay) = max_{i,j,k,l} ln(a_ik a_jl / (a_jk a_il))`,
  /// i.e. the largest Hilbert distance between two columns.
  ///
  /// Zero handling: all-zero columns are skipped (they do not change `Ax` for `x > 0`); two
  /// nonzero columns with different supports give `Δ = +∞`; the zero matrix gives NaN (it maps
  /// the cone to `0`). `Δ = 0` exactly when `A` is rank one with a positive-direction range.
  /// - Precondition: every entry is `≥ 0`.
  /// - Complexity: O(m·n²) divisions and `n²/2` logarithms.
  public var projectiveDiameter: Double {
    precondition(scalars.allSatisfy { $0 >= 0 }, "Matrix.projectiveDiameter: entries must be nonnegative")
    let live = (0..<columns).map { column($0) }.filter { c in c.contains { $0 > 0 } }
    if live.isEmpty { return .nan }
    var diameter = 0.0
    for k in live.indices {
      for l in (k + 1)..<live.count {
        diameter = Swift.max(diameter, hilbertDistanceUnchecked(live[k], live[l]))
        if diameter == .infinity { return diameter }
      }
    }
    return diameter
  }

  /// Birkhoff's contraction coefficient `τ(A) = tanh(Δ(A)/4)` for the Hilbert metric:
  /// `d(Ax, Ay) ≤ τ(A)·d(x, y)` for positive `x, y`, and `τ(AB) ≤ τ(A)·τ(B)`.
  ///
  /// `τ ∈ [0, 1]`: `τ = 1` when `Δ = ∞` (zeros in incompatible places: no strict contraction),
  /// `τ = 0` for rank-one positive matrices, NaN for the zero matrix.
  /// - Precondition: every entry is `≥ 0`.
  /// - References: G. Birkhoff (1957); E. Seneta, "Non-negative Matrices and Markov Chains",
  ///   Springer 1981, §3.4.
  public var birkhoffContraction: Double {
    let d = projectiveDiameter
    if d.isNaN { return .nan }
    return d == .infinity ? 1 : _tanh(d / 4)
  }
}
