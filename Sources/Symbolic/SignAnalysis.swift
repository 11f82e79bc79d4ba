/// Abstract interpretation of expressions over signs, under `Assumptions`.
///
/// Each node gets a `SignSet` containing every sign the node can take for values satisfying the
/// assumptions (an over-approximation, so "proved ≥ 0" is sound) wherever the expression is defined:
/// a reciprocal drops the zero case, since a division by zero has no value (the rule checker
/// guarantees that every denominator of a parsed rule is non-zero). Index ranges are non-empty. Base facts: numbers by value;
/// parameters by their declared range; `a`, `a0` are `≥ 0` when `nonNegativeActivations`; `b = 0`
/// when `biasFree`; every other symbol has any sign. Composite rules are those of `SignSet`, plus
/// three relational refinements applied when the plain rules give an unknown sign:
/// 1. **ε-stabiliser**: `x + k·sign(x)` with `k > 0` is `≠ 0` (positive when `x ≥ 0`).
/// 2. **bounded inputs** (`l ≤ a ≤ h`): a sum is normalised, each `w` outside a function is split into
///    `pos(w) + neg(w)`, terms are grouped by their factor free of `a, l, h`, and each group's
///    linear form `cₐ·a + c_l·l + c_h·h` is recognised as `α(a − l) + β(h − a)` (sign of `α, β`).
///    This proves the zᴮ numerator `a·w − l·pos(w) − h·neg(w) = pos(w)(a − l) + neg(w)(a − h) ≥ 0`.
/// 3. **secant of a monotone function**: `(F(x) − F(y)) / (x − y)`, or over a stabiliser of `x − y` (`stab`, `sstab`, `pcount`) with
///    `F ∈ {pos, relu, neg, step}` (non-decreasing) is `≥ 0` (DeepLIFT's rescale multiplier).
public struct SignAnalysis: Sendable {
  /// The facts used.
  public let assumptions: Assumptions

  /// Creates an analysis under `assumptions`.
  public init(assumptions: Assumptions) { self.assumptions = assumptions }

  /// The possible signs of `expr`. O(size), plus normalisation of sums that need a refinement.
  public func signs(of expr: Expr) -> SignSet {
    switch expr {
    case .number(let x): return SignSet(of: x)
    case .parameter(let name): return signs(ofParameter: name)
    case .symbol(let q): return signs(ofSymbol: q)
    case .negate(let x): return signs(of: x).negated
    case .binary(let op, let x, let y):
      switch op {
      case .add, .subtract:
        let rhs = op == .add ? signs(of: y) : signs(of: y).negated
        let plain = signs(of: x) + rhs
        guard plain.contains(.positive) && plain.contains(.negative) || plain == .any else { return plain }
        return plain.intersection(refinedSigns(of: Simplifier.normalize(expr)) ?? .any)
      case .multiply: return signs(of: x) * signs(of: y)
      case .divide:
        if isMonotoneSecant(x, y) { return .nonNegative }
        return signs(of: x) * signs(of: y).reciprocal
      }
    case .power(let x, let n): return signs(of: x).power(n)
    case .call(let f, let x): return signs(of: x).applying(f)
    case .sum(_, let body): return signs(of: body).summed
    }
  }

  private func signs(ofParameter name: String) -> SignSet {
    switch assumptions.parameters[name] {
    case .positive?: .positive
    case .nonNegative?: .nonNegative
    case .fixed(let v)?: SignSet(of: v)
    case .any?, nil: .any
    }
  }

  private func signs(ofSymbol q: Quantity) -> SignSet {
    switch q {
    case .a, .a0: assumptions.nonNegativeActivations ? .nonNegative : .any
    case .b: assumptions.biasFree ? .zero : .any
    default: .any
    }
  }

  // MARK: - Refinements on the normal form

  private func refinedSigns(of p: Polynomial) -> SignSet? {
    if let s = epsilonStabilised(p) { return s }
    if assumptions.boundedInputs, let s = boundedDecomposition(p) { return s }
    return nil
  }

  /// `x + k·sign(x)` with `k > 0`: `+` where `x ≥ 0` (since `sign(0) = +1`), `−` where `x < 0`.
  private func epsilonStabilised(_ p: Polynomial) -> SignSet? {
    for (m, c) in p.terms {
      for (a, n) in m.factors where n == 1 {
        guard case .call(.sign, let x) = a else { continue }
        var k = m
        k.factors[a] = nil
        let kSigns = signs(of: k.expr(coefficient: c))
        var rest = p
        rest.terms[m] = nil
        guard kSigns == .positive, rest == x else { continue }
        let xs = signs(of: x.expr)
        var r: SignSet = []
        if xs.contains(.positive) || xs.contains(.zero) { r.insert(.positive) }
        if xs.contains(.negative) { r.insert(.negative) }
        return r
      }
    }
    return nil
  }

  private func boundedDecomposition(_ p: Polynomial) -> SignSet? {
    // Split w into pos(w) + neg(w) where it appears as a plain factor.
    let w = Atom.symbol(.w)
    let split = Polynomial.atom(.call(.pos, .atom(w))) + .atom(.call(.neg, .atom(w)))
    var expanded = Polynomial.zero
    for (m, c) in p.terms {
      var rest = m
      let n = rest.factors[w] ?? 0
      guard n >= 0 else { return nil }
      rest.factors[w] = nil
      expanded = expanded + .monomial(rest, c) * split.power(n)
    }
    // Group by the factor free of a, l, h; collect the linear form (cₐ, c_l, c_h, c₀).
    var groups: [Monomial: [Quantity?: Double]] = [:]
    for (m, c) in expanded.terms {
      var rest = m
      var variable: Quantity?
      for q in [Quantity.a, .l, .h] where rest.factors[.symbol(q)] != nil {
        guard rest.factors[.symbol(q)] == 1, variable == nil else { return nil }
        variable = q
        rest.factors[.symbol(q)] = nil
      }
      groups[rest, default: [:]][variable, default: 0] += c
    }
    var total: SignSet = .zero
    for (rest, form) in groups {
      let ca = form[.a] ?? 0
      let cl = form[.l] ?? 0
      let ch = form[.h] ?? 0
      let c0 = form[nil] ?? 0
      var formSigns: SignSet
      if ca == -(cl + ch) {
        // cₐa + c_l l + c_h h = α(a − l) + β(h − a) with α = −c_l, β = c_h.
        let alpha = SignSet(of: -cl)
        let beta = SignSet(of: ch)
        formSigns = alpha * SignSet.nonNegative + beta * SignSet.nonNegative
      } else {
        formSigns = SignSet(of: ca) * signs(ofSymbol: .a) + SignSet(of: cl) * .any + SignSet(of: ch) * .any
      }
      formSigns = formSigns + SignSet(of: c0)
      total = total + signs(of: rest.expr(coefficient: 1)) * formSigns
    }
    return total
  }

  /// `(F(x) − F(y)) / (x − y)`, or over a stabiliser of `x − y`, `F` non-decreasing.
  private func isMonotoneSecant(_ numerator: Expr, _ denominator: Expr) -> Bool {
    guard case .binary(.subtract, .call(let f, let x), .call(let g, let y)) = numerator, f == g,
      [.pos, .relu, .neg, .step].contains(f)
    else { return false }
    var d = denominator
    if case .call(let s, let inner) = d, s.isStabiliser { d = inner }
    return Simplifier.equivalent(d, x - y)
  }
}
