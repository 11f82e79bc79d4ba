import Foundation

/// How `IntegratedGradients` discretises the path integral `∫₀¹ ∇f(x⁰ + α(x − x⁰)) dα`
/// (the options of Captum's `IntegratedGradients.attribute(method=…)`).
public enum PathQuadrature: String, Sendable, Equatable, CaseIterable {
  /// Gauss–Legendre with `n` nodes mapped to `[0, 1]`: `α_i = (1 + t_i)/2`, `w_i = v_i/2` for the
  /// roots `t_i` of the Legendre polynomial `P_n` and their weights `v_i` (Captum's default
  /// `gausslegendre`, `numpy.polynomial.legendre.leggauss`). Exact for polynomials of degree `2n − 1`.
  case gaussLegendre = "gausslegendre"
  /// Left Riemann sum: `α_i = i/n`, `w_i = 1/n`, `i = 0 … n−1`.
  case riemannLeft = "riemann_left"
  /// Right Riemann sum: `α_i = i/n`, `w_i = 1/n`, `i = 1 … n`.
  case riemannRight = "riemann_right"
  /// Midpoint rule: `α_i = (i + ½)/n`, `w_i = 1/n`.
  case riemannMiddle = "riemann_middle"
  /// Trapezoid rule on `α_i = i/(n−1)`: weights `1/(2(n−1))` at both ends, `1/(n−1)` inside
  /// (needs `n ≥ 2`).
  case riemannTrapezoid = "riemann_trapezoid"

  /// The smallest number of steps the rule accepts.
  public var minimumSteps: Int { self == .riemannTrapezoid ? 2 : 1 }

  /// The nodes `α_i ∈ [0, 1]` (ascending) and weights `w_i` (summing to 1) of an `n`-step rule,
  /// computed in Double.
  /// - Precondition: `n ≥ minimumSteps`.
  /// - Complexity: `O(n²)` for Gauss–Legendre (Newton iterations on the three-term recurrence),
  ///   `O(n)` otherwise.
  public func nodes(steps n: Int) -> (alphas: [Double], weights: [Double]) {
    precondition(n >= minimumSteps, "PathQuadrature \(rawValue): needs at least \(minimumSteps) steps, got \(n)")
    let dn = Double(n)
    switch self {
    case .gaussLegendre:
      let (t, v) = Self.legendre(n)
      return (t.map { (1 + $0) / 2 }, v.map { $0 / 2 })
    case .riemannLeft:
      return ((0..<n).map { Double($0) / dn }, Array(repeating: 1 / dn, count: n))
    case .riemannRight:
      return ((1...n).map { Double($0) / dn }, Array(repeating: 1 / dn, count: n))
    case .riemannMiddle:
      return ((0..<n).map { (Double($0) + 0.5) / dn }, Array(repeating: 1 / dn, count: n))
    case .riemannTrapezoid:
      let h = 1 / (dn - 1)
      var w = Array(repeating: h, count: n)
      w[0] = h / 2
      w[n - 1] = h / 2
      return ((0..<n).map { Double($0) * h }, w)
    }
  }

  /// Roots `t_i` (ascending) and weights `v_i = 2 / ((1 − t²) P_n'(t)²)` of the `n`-point
  /// Gauss–Legendre rule on `[−1, 1]`, by Newton's method from the Tricomi initial guess
  /// `cos(π (i − ¼)/(n + ½))`, symmetrised.
  static func legendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    var t = [Double](repeating: 0, count: n)
    var v = [Double](repeating: 0, count: n)
    for i in 0..<(n + 1) / 2 {
      var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var derivative = 0.0
      for _ in 0..<100 {
        let (p, dp) = evaluate(n, x)
        derivative = dp
        let step = p / dp
        x -= step
        if abs(step) < 1e-16 { break }
      }
      derivative = evaluate(n, x).1
      let w = 2 / ((1 - x * x) * derivative * derivative)
      // Root i counted from the right end; mirror it to the left.
      t[n - 1 - i] = x
      t[i] = -x
      v[n - 1 - i] = w
      v[i] = w
    }
    if n % 2 == 1 { t[n / 2] = 0 }
    return (t, v)
  }

  /// `P_n(x)` and `P_n'(x)` by the recurrence `k P_k = (2k − 1) x P_{k−1} − (k − 1) P_{k−2}`.
  private static func evaluate(_ n: Int, _ x: Double) -> (Double, Double) {
    var p0 = 1.0
    var p1 = x
    if n == 0 { return (1, 0) }
    for k in stride(from: 2, through: n, by: 1) {
      let dk = Double(k)
      let p2 = ((2 * dk - 1) * x * p1 - (dk - 1) * p0) / dk
      p0 = p1
      p1 = p2
    }
    let dp = Double(n) * (x * p1 - p0) / (x * x - 1)
    return (p1, dp)
  }
}
