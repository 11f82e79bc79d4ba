/// An opaque factor of a normal-form monomial.
indirect enum Atom: Hashable, Sendable {
  case symbol(Quantity)
  case parameter(String)
  /// `f(p)` with a normalised, non-constant argument (`relu` is stored as `pos`).
  case call(Function, Polynomial)
  /// `sum_k(p)`: `p` is a single monomial with coefficient 1 whose factors all depend on `k`, or
  /// the constant 1 (the index count).
  case sum(Index, Polynomial)
  /// A polynomial with several terms kept as a factor: a negative power, or a power/product too
  /// large to expand.
  case group(Polynomial)

  var freeIndices: Set<Index> {
    switch self {
    case .symbol(let q): Set(q.indices)
    case .parameter: []
    case .call(_, let p), .group(let p): p.freeIndices
    case .sum(let k, let p): p.freeIndices.subtracting([k])
    }
  }

  var expr: Expr {
    switch self {
    case .symbol(let q): .symbol(q)
    case .parameter(let name): .parameter(name)
    case .call(let f, let p): .call(f, p.expr)
    case .sum(let k, let p): .sum(k, p.expr)
    case .group(let p): p.expr
    }
  }

  /// Whether a coefficient inside the atom was rounded.
  var rounded: Bool {
    switch self {
    case .symbol, .parameter: false
    case .call(_, let p), .sum(_, let p), .group(let p): p.rounded
    }
  }

  /// Canonical order key (rule-language text of the atom).
  var key: String { expr.description }
}

/// A product of atoms with non-zero integer exponents (the empty product is 1).
struct Monomial: Hashable, Sendable {
  var factors: [Atom: Int] = [:]

  static let one = Monomial()

  static func * (x: Monomial, y: Monomial) -> Monomial {
    var r = x
    for (a, n) in y.factors {
      let m = r.factors[a, default: 0] + n
      r.factors[a] = m == 0 ? nil : m
    }
    return r
  }

  var inverse: Monomial { Monomial(factors: factors.mapValues { -$0 }) }

  /// Whether a coefficient inside one of the atoms was rounded.
  var rounded: Bool { factors.keys.contains { $0.rounded } }

  var freeIndices: Set<Index> { factors.keys.reduce(into: Set<Index>()) { $0.formUnion($1.freeIndices) } }

  var sortedFactors: [(Atom, Int)] { factors.sorted { $0.key.key < $1.key.key } }

  var key: String { sortedFactors.map { "\($0.0.key)^\($0.1)" }.joined(separator: "*") }

  /// The monomial as an expression: numerator atoms, then `/` the denominator atoms.
  func expr(coefficient c: Double) -> Expr {
    let sorted = sortedFactors
    func power(_ item: (Atom, Int)) -> Expr { item.1 == 1 ? item.0.expr : .power(item.0.expr, item.1) }
    var numerator = sorted.filter { $0.1 > 0 }.map(power)
    if c != 1 || numerator.isEmpty { numerator.insert(.number(c), at: 0) }
    let denominator = sorted.filter { $0.1 < 0 }.map { power(($0.0, -$0.1)) }
    var e = numerator.dropFirst().reduce(numerator[0]) { $0 * $1 }
    if let first = denominator.first { e = e / denominator.dropFirst().reduce(first) { $0 * $1 } }
    return e
  }
}

/// The normal form of an expression: a sum of monomials with non-zero `Double` coefficients.
///
/// Coefficient arithmetic is checked for exactness (error-free transformations: `TwoSum` for `+`,
/// a fused multiply-add residual for `×` and `÷`); `rounded` records whether any operation that
/// built the polynomial rounded. Equality ignores the flag; `Simplifier.equivalent` only reports a
/// proof when no rounding occurred, so every proof holds for the exact binary values of the literals.
///
/// Normalisation (`Simplifier`) makes equal-by-algebra expressions structurally equal in many cases:
/// products are expanded, like terms collected, sums are split by linearity with factors independent
/// of the summation index pulled out. It works in the field of rational functions (`x/x = 1`), i.e.
/// its equalities hold wherever the denominators involved are non-zero.
struct Polynomial: Hashable, Sendable {
  var terms: [Monomial: Double] = [:]
  /// Whether some coefficient operation rounded (then an equality is not a proof).
  var rounded = false

  static func == (x: Polynomial, y: Polynomial) -> Bool { x.terms == y.terms }
  func hash(into hasher: inout Hasher) { hasher.combine(terms) }

  /// Largest number of terms a positive power of a sum is expanded to (`(x+y)^n` up to this bound).
  static let expansionLimit = 256.0

  static let zero = Polynomial()
  static func constant(_ c: Double) -> Polynomial { c == 0 ? .zero : Polynomial(terms: [.one: c]) }
  static func atom(_ a: Atom, _ n: Int = 1) -> Polynomial {
    Polynomial(terms: [Monomial(factors: [a: n]): 1], rounded: a.rounded)
  }
  static func monomial(_ m: Monomial, _ c: Double) -> Polynomial {
    c == 0 ? .zero : Polynomial(terms: [m: c], rounded: m.rounded)
  }

  /// `a / b` as a constant, flagged when the quotient is not exact.
  static func quotient(_ a: Double, _ b: Double) -> Polynomial {
    let q = a / b
    var r = Polynomial.constant(q)
    r.rounded = !q.isFinite || (-a).addingProduct(q, b) != 0
    return r
  }

  /// The constant value, if the polynomial is constant.
  var constantValue: Double? {
    if terms.isEmpty { return 0 }
    if terms.count == 1, let c = terms[.one] { return c }
    return nil
  }

  /// The single term, if there is exactly one.
  var singleTerm: (Monomial, Double)? { terms.count == 1 ? terms.first.map { ($0.key, $0.value) } : nil }

  var freeIndices: Set<Index> { terms.keys.reduce(into: Set<Index>()) { $0.formUnion($1.freeIndices) } }

  /// Terms in canonical order: positive coefficients first, then by printed monomial.
  var sortedTerms: [(Monomial, Double)] {
    terms.sorted { ($0.value < 0 ? 1 : 0, $0.key.key) < ($1.value < 0 ? 1 : 0, $1.key.key) }.map { ($0.key, $0.value) }
  }

  static func + (x: Polynomial, y: Polynomial) -> Polynomial {
    var r = x
    r.rounded = x.rounded || y.rounded
    for (m, c) in y.terms {
      let old = r.terms[m, default: 0]
      let s = old + c
      // TwoSum: the exact rounding error of old + c.
      let v = s - old
      if !s.isFinite || (old - (s - v)) + (c - v) != 0 { r.rounded = true }
      r.terms[m] = s == 0 ? nil : s
    }
    return r
  }

  static prefix func - (x: Polynomial) -> Polynomial { Polynomial(terms: x.terms.mapValues { -$0 }, rounded: x.rounded) }
  static func - (x: Polynomial, y: Polynomial) -> Polynomial { x + (-y) }

  /// Largest number of term pairs a product expands; bigger products of sums stay factored.
  static let productLimit = 4096

  static func * (x: Polynomial, y: Polynomial) -> Polynomial {
    if x.terms.count > 1, y.terms.count > 1, x.terms.count * y.terms.count > productLimit {
      return .monomial(Monomial(factors: [.group(x): 1]) * Monomial(factors: [.group(y): 1]), 1)
    }
    var r = Polynomial.zero
    r.rounded = x.rounded || y.rounded
    for (m1, c1) in x.terms {
      for (m2, c2) in y.terms {
        let c = c1 * c2
        var term = Polynomial.monomial(m1 * m2, c)
        // The residual c1·c2 − c is exact under a fused multiply-add.
        if !c.isFinite || (-c).addingProduct(c1, c2) != 0 { term.rounded = true }
        r = r + term
      }
    }
    return r
  }

  /// The polynomial as an atom-style factor: a lone atom with exponent 1 stays that atom, anything
  /// else (with several terms) becomes a group.
  var asFactor: (Atom, Double)? {
    if let (m, c) = singleTerm, m.factors.count == 1, let (a, n) = m.factors.first, n == 1 { return (a, c) }
    return nil
  }

  /// `self^n`; negative powers of multi-term polynomials become `group` atoms.
  func power(_ n: Int) -> Polynomial {
    if n == 0 { return .constant(1) }
    if n > 0 {
      // Expand only while the result stays small; otherwise keep the power as an opaque factor.
      guard terms.count == 1 || Double(terms.count) <= maximumBase(Polynomial.expansionLimit, n) else {
        return .atom(.group(self), n)
      }
      return (1..<n).reduce(self) { acc, _ in acc * self }
    }
    if let (m, c) = singleTerm {
      var r = Polynomial.monomial(m.inverse, 1)
      var cn = Polynomial.constant(c)
      for _ in 1..<(-n) {
        r = r * .monomial(m.inverse, 1)
        cn = cn * .constant(c)
      }
      var result = r * Polynomial.quotient(1, cn.constantValue ?? 0)
      result.rounded = result.rounded || cn.rounded || rounded
      return result
    }
    return .atom(.group(self), n)
  }

  /// `self / d` when `d` divides `self` by a monomial quotient (`self = d · q`), else `nil`.
  func quotient(by d: Polynomial) -> Polynomial? {
    guard let (dm, dc) = d.sortedTerms.first else { return nil }
    // Try every term of self as the image of d's first term.
    for (m, c) in terms {
      let q = Polynomial.monomial(m * dm.inverse, 1) * .quotient(c, dc)
      let product = d * q
      if product == self, !product.rounded { return q }
    }
    return nil
  }

  var expr: Expr {
    let sorted = sortedTerms
    guard !sorted.isEmpty else { return .number(0) }
    var result: Expr?
    for (m, c) in sorted {
      if let r = result {
        result = c < 0 ? r - m.expr(coefficient: -c) : r + m.expr(coefficient: c)
      } else {
        result = c < 0 ? -m.expr(coefficient: -c) : m.expr(coefficient: c)
      }
    }
    return result!
  }
}

/// `limit^(1/n)`, the largest integer base whose `n`-th power stays within `limit`.
private func maximumBase(_ limit: Double, _ n: Int) -> Double {
  var base = 1.0
  while (0..<n).reduce(1.0, { acc, _ in acc * (base + 1) }) <= limit { base += 1 }
  return base
}
