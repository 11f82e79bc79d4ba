/// One-sided (Hestenes) Jacobi orthogonalisation of contiguous columns: the kernel behind
/// ``Matrix/svd()`` and ``Matrix/singularValues()``.
///
/// For each column pair `(i, j)` with `α = ‖aᵢ‖²`, `β = ‖aⱼ‖²`, `γ = aᵢ·aⱼ`, if
/// `|γ| > tol·‖aᵢ‖‖aⱼ‖` the plane rotation
/// ```
/// ζ = (β − α) / (2γ),  t = sign(ζ) / (|ζ| + √(1 + ζ²)),  c = 1/√(1 + t²),  s = c·t
/// aᵢ ← c·aᵢ − s·aⱼ,    aⱼ ← s·aᵢ + c·aⱼ
/// ```
/// makes the pair orthogonal (the same rotation is applied to the columns of `V` when
/// accumulated). Cyclic-by-row sweeps repeat until a whole sweep applies no rotation. On exit the
/// columns are mutually orthogonal to `tol` relative to their norms; their norms are the singular
/// values. The squared norms are recomputed exactly while rotating (no downdating), so tiny
/// columns keep full relative accuracy (Demmel & Veselić 1992; Drmač & Veselić 2008).
///
/// Unsafe-pointer kernel; callers validate shapes. Summation order is fixed (deterministic).
struct JacobiSVDKernel {
  /// Column length.
  let m: Int
  /// Number of columns.
  let n: Int
  /// `n` columns of length `m`, column `j` at `w + j·m`.
  let w: UnsafeMutablePointer<Double>
  /// `n` columns of length `n` accumulating the right rotations, or `nil`.
  let v: UnsafeMutablePointer<Double>?
  /// Squared column norms, length `n`.
  let norms2: UnsafeMutablePointer<Double>

  /// Runs sweeps until convergence; returns the number of sweeps (the last one rotates nothing),
  /// or `nil` if `maxSweeps` sweeps were not enough.
  func run(tolerance tol: Double, maxSweeps: Int) -> Int? {
    for j in 0..<n { norms2[j] = VectorKernels.dot(w + j &* m, w + j &* m, m) }
    for sweep in 1...maxSweeps {
      var rotations = 0
      for i in 0..<n {
        for j in (i &+ 1)..<max(n, i &+ 1) where rotatePair(i, j, tol) { rotations &+= 1 }
      }
      if rotations == 0 { return sweep }
    }
    return nil
  }

  /// Orthogonalises columns `i` and `j` if needed; returns whether a rotation was applied.
  @inline(__always)
  private func rotatePair(_ i: Int, _ j: Int, _ tol: Double) -> Bool {
    let alpha = norms2[i], beta = norms2[j]
    if alpha == 0 || beta == 0 { return false }
    let pi = w + i &* m, pj = w + j &* m
    let gamma = Self.dot(pi, pj, m)
    if abs(gamma) <= tol * alpha.squareRoot() * beta.squareRoot() { return false }
    let zeta = (beta - alpha) / (2 * gamma)
    let t: Double
    if abs(zeta) > 0x1p500 {
      t = 1 / (2 * zeta)
    } else {
      t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
    }
    let c = 1 / (1 + t * t).squareRoot()
    let s = c * t
    let (ni, nj) = Self.rotate(pi, pj, m, c, s, measuring: true)
    norms2[i] = ni
    norms2[j] = nj
    if let v { _ = Self.rotate(v + i &* n, v + j &* n, n, c, s, measuring: false) }
    return true
  }

  /// `Σ a[k]·b[k]` with four interleaved accumulators (fixed order).
  @inline(__always)
  static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
    VectorKernels.dot(a, b, n)
  }

  /// `(a, b) ← (c·a − s·b, s·a + c·b)`; when `measuring`, also returns the new `(‖a‖², ‖b‖²)`
  /// (two interleaved accumulators each, fixed order).
  @inline(__always)
  static func rotate(
    _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int,
    _ c: Double, _ s: Double, measuring: Bool
  ) -> (Double, Double) {
    var a0 = 0.0, a1 = 0.0, b0 = 0.0, b1 = 0.0
    var k = 0
    if measuring {
      while k &+ 2 <= n {
        let x0 = a[k], y0 = b[k], x1 = a[k &+ 1], y1 = b[k &+ 1]
        let u0 = c * x0 - s * y0, v0 = s * x0 + c * y0
        let u1 = c * x1 - s * y1, v1 = s * x1 + c * y1
        a[k] = u0; b[k] = v0; a[k &+ 1] = u1; b[k &+ 1] = v1
        a0 += u0 * u0; a1 += u1 * u1
        b0 += v0 * v0; b1 += v1 * v1
        k &+= 2
      }
    } else {
      while k &+ 2 <= n {
        let x0 = a[k], y0 = b[k], x1 = a[k &+ 1], y1 = b[k &+ 1]
        a[k] = c * x0 - s * y0; b[k] = s * x0 + c * y0
        a[k &+ 1] = c * x1 - s * y1; b[k &+ 1] = s * x1 + c * y1
        k &+= 2
      }
    }
    var sa = a0 + a1, sb = b0 + b1
    while k < n {
      let x = a[k], y = b[k]
      let xn = c * x - s * y, yn = s * x + c * y
      a[k] = xn
      b[k] = yn
      sa += xn * xn
      sb += yn * yn
      k &+= 1
    }
    return (sa, sb)
  }
}
