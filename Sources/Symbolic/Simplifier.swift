/// Brings expressions to a canonical normal form and back.
///
/// Rules applied (all sound in the field of rational functions, i.e. where denominators are ≠ 0):
/// - constant folding (also of functions of constants), `relu = pos`;
/// - flattening, expansion of products over sums, collecting like terms with `Double`
///   coefficients checked for exactness (a rounded coefficient withdraws `equivalent`), integer powers merged
///   (`x·x⁻¹ = 1`), canonical ordering by printed form;
/// - linearity of sums: `sum_k(c·f·g) = c·f·sum_k(g)` for factors `f` independent of `k`, and
///   `sum_k(c) = c·sum_k(1)` (the index count is kept symbolic);
/// - cancelling `p/p` also for multi-term `p` (`(x+y)/(x+y) = 1`), hence `sum_i(f)/sum_i(f) = 1`;
/// - `pos(x) + neg(x) = x`, `pos(x)·x⁻¹ = step(x)`, `step(x)ⁿ = step(x)` (n ≥ 1),
///   `pos(c·x) = c·pos(x)` for `c > 0` (also `neg`, `relu`, `abs`; `step`, `sign` drop `c`);
/// - not simplified: `pos(x)·neg(x)` (it is 0, but the rule is rarely useful), `abs`, `sign`, `stab`, `sstab`
///   of non-constants.
public enum Simplifier {
  /// The normal form of `expr`, printed back as an expression. O(size²) typical; expansion of
  /// products of sums can grow the result.
  public static func simplify(_ expr: Expr) -> Expr { normalize(expr).expr }

  /// Whether `x` and `y` have the same normal form (a sufficient, not necessary, test of equality
  /// where all denominators are non-zero).
  public static func equivalent(_ x: Expr, _ y: Expr) -> Bool {
    let difference = normalize(x - y)
    return difference == .zero && !difference.rounded
  }

  static func normalize(_ e: Expr) -> Polynomial {
    switch e {
    case .number(let x): return .constant(x)
    case .parameter(let name): return .atom(.parameter(name))
    case .symbol(let q): return .atom(.symbol(q))
    case .negate(let x): return -normalize(x)
    case .binary(.add, let x, let y): return tidy(normalize(x) + normalize(y))
    case .binary(.subtract, let x, let y): return tidy(normalize(x) - normalize(y))
    case .binary(.multiply, let x, let y): return tidy(normalize(x) * normalize(y))
    case .binary(.divide, let x, let y): return divide(normalize(x), normalize(y))
    case .power(let x, let n):
      let base = normalize(x)
      if n < 0, base == .zero { return .atom(.group(.zero), n) }
      return tidy(base.power(n))
    case .call(let f, let x):
      let argument = normalize(x)
      var result = apply(f, argument)
      result.rounded = result.rounded || argument.rounded
      return result
    case .sum(let k, let x):
      let body = normalize(x)
      var result = sum(k, body)
      result.rounded = result.rounded || body.rounded
      return result
    }
  }

  private static func divide(_ n: Polynomial, _ d: Polynomial) -> Polynomial {
    if d == .zero { return n * .atom(.group(.zero), -1) }
    if d.terms.count > 1, let q = n.quotient(by: d) { return q }
    return tidy(n * d.power(-1))
  }

  private static func apply(_ f: Function, _ p: Polynomial) -> Polynomial {
    if let c = p.constantValue { return .constant(f.apply(c)) }
    let g: Function = f == .relu ? .pos : f
    if let (m, c) = p.singleTerm, c != 1 {
      let unit = Polynomial.monomial(m, 1)
      switch (g, c > 0) {
      case (.pos, true), (.neg, true), (.abs, _): return .constant(Swift.abs(c)) * .atom(.call(g, unit))
      case (.pos, false): return .constant(c) * .atom(.call(.neg, unit))
      case (.neg, false): return .constant(c) * .atom(.call(.pos, unit))
      case (.step, true), (.sign, true): return .atom(.call(g, unit))
      default: break
      }
    }
    return .atom(.call(g, p))
  }

  private static func sum(_ k: Index, _ p: Polynomial) -> Polynomial {
    var result = Polynomial.zero
    for (m, c) in p.terms {
      var outside = Monomial.one
      var inside = Monomial.one
      for (a, n) in m.factors {
        if a.freeIndices.contains(k) { inside.factors[a] = n } else { outside.factors[a] = n }
      }
      let body = inside.factors.isEmpty ? Polynomial.constant(1) : .monomial(inside, 1)
      result = result + .monomial(outside * Monomial(factors: [.sum(k, body): 1]), c)
    }
    return tidy(result)
  }

  /// Local rewrites on a collected polynomial: `pos(x)+neg(x) = x`, `pos(x)·x⁻¹ = step(x)`,
  /// idempotent `step`, and multi-term cancellation `p·group(p)⁻¹ = 1`.
  static func tidy(_ p: Polynomial) -> Polynomial {
    var changed = true
    var current = p
    while changed {
      changed = false
      var next = Polynomial.zero
      next.rounded = current.rounded
      for (m, c) in current.terms {
        let rewritten = rewriteMonomial(m)
        if rewritten != .monomial(m, 1) { changed = true }
        next = next + rewritten * .constant(c)
      }
      if let merged = mergePosNeg(next) {
        next = merged
        changed = true
      }
      if let cancelled = cancelGroups(next) {
        next = cancelled
        changed = true
      }
      current = next
    }
    return current
  }

  private static func rewriteMonomial(_ m: Monomial) -> Polynomial {
    for (a, n) in m.factors {
      if case .call(.step, _) = a, n > 1 {
        var r = m
        r.factors[a] = 1
        return .monomial(r, 1)
      }
      if case .call(.pos, let x) = a, n >= 1, let (xa, xc) = x.asFactor ?? (x.terms.count > 1 ? (.group(x), 1) : nil),
        let e = m.factors[xa], e <= -1
      {
        var r = m
        r.factors[a] = n == 1 ? nil : n - 1
        r.factors[xa] = e == -1 ? nil : e + 1
        r.factors[.call(.step, x), default: 0] += 1
        return .monomial(r, 1) * .quotient(1, xc)
      }
    }
    return .monomial(m, 1)
  }

  private static func mergePosNeg(_ p: Polynomial) -> Polynomial? {
    for (m, c) in p.terms {
      for (a, n) in m.factors where n == 1 {
        guard case .call(.pos, let x) = a else { continue }
        var partner = m
        partner.factors[a] = nil
        partner.factors[.call(.neg, x), default: 0] += 1
        guard p.terms[partner] == c else { continue }
        var rest = m
        rest.factors[a] = nil
        var r = p
        r.terms[m] = nil
        r.terms[partner] = nil
        return r + .monomial(rest, c) * x
      }
    }
    return nil
  }

  private static func cancelGroups(_ p: Polynomial) -> Polynomial? {
    for m in p.terms.keys {
      for (a, n) in m.factors where n < 0 {
        guard case .group(let g) = a else { continue }
        // Collect the terms containing group(g)^n, strip it, and see whether g divides them.
        var carrying = Polynomial.zero
        for (m2, c2) in p.terms where m2.factors[a] == n {
          var stripped = m2
          stripped.factors[a] = nil
          carrying = carrying + .monomial(stripped, c2)
        }
        guard let q = carrying.quotient(by: g) else { continue }
        var r = p
        for m2 in p.terms.keys where m2.factors[a] == n { r.terms[m2] = nil }
        return r + q * (n + 1 == 0 ? .constant(1) : .atom(a, n + 1))
      }
    }
    return nil
  }
}
