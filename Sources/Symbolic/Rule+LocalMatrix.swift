extension Rule {
  /// The local-matrix entry `C_ij = ∂R[i]/∂R[j]`, an expression in the free indices `i` and `j`.
  ///
  /// Derived symbolically: the derivative of `sum_j(T)` with respect to `R` at the output `j` is the
  /// derivative of the summand `T` at that `j` (the sum collapses to its `j`-th term; the checker
  /// guarantees every `R[j]` sits under exactly one `sum_j`, so `T` depends on `R` only through
  /// `R[j]`). For `R[i] = sum_j(f(i,j)·R[j])` the entry is `f(i,j)`. Derivatives of the functions:
  /// `pos' = relu' = step`, `neg'(x) = step(-x)`, `abs' = sign`, `stab' = 1`, `step' = sign' = 0`
  /// (at kinks these are one-sided choices). For a rule that is not linear in `R` (Guided BP,
  /// Deconv: `relu(R[j])`) the entry still contains `R[j]`: it is the linearisation at the given
  /// upper signal, e.g. `w[i,j]*step(R[j])`. O(size²).
  public var localEntry: Expr { Rule.derivative(body) }

  /// Whether `R[i]` is linear in the upper relevance (the entry does not involve `R`).
  public var isLinearInRelevance: Bool { !localEntry.contains(.R) }

  /// `Σᵢ C_ij`, the column sum of the local matrix (free index `j`): relevance conservation holds
  /// when it equals 1.
  public var columnSum: Expr { .sum(.i, localEntry) }

  static func derivative(_ e: Expr) -> Expr {
    guard e.contains(.R) else { return .number(0) }
    switch e {
    case .number, .parameter: return .number(0)
    case .symbol: return .number(1)
    case .negate(let x): return neg(derivative(x))
    case .binary(.add, let x, let y): return add(derivative(x), derivative(y))
    case .binary(.subtract, let x, let y): return add(derivative(x), neg(derivative(y)))
    case .binary(.multiply, let x, let y): return add(mul(derivative(x), y), mul(x, derivative(y)))
    case .binary(.divide, let x, let y):
      let dy = derivative(y)
      let quotient = div(derivative(x), y)
      if case .number(0) = dy { return quotient }
      return add(quotient, neg(div(mul(x, dy), .power(y, 2))))
    case .power(let x, let n):
      return mul(mul(.number(Double(n)), n == 2 ? x : .power(x, n - 1)), derivative(x))
    case .call(let f, let x):
      let outer: Expr =
        switch f {
        case .pos, .relu: .call(.step, x)
        case .neg: .call(.step, .negate(x))
        case .abs: .call(.sign, x)
        case .stab, .sstab, .pcount: .number(1)
        case .step, .sign: .number(0)
        }
      return mul(outer, derivative(x))
    case .sum(.j, let body): return derivative(body)
    case .sum(let k, let body): return .sum(k, derivative(body))
    }
  }

  private static func isNumber(_ e: Expr, _ v: Double) -> Bool {
    if case .number(let x) = e { return x == v }
    return false
  }

  private static func add(_ x: Expr, _ y: Expr) -> Expr {
    if isNumber(x, 0) { return y }
    if isNumber(y, 0) { return x }
    if case .negate(let z) = y { return x - z }
    return x + y
  }

  private static func neg(_ x: Expr) -> Expr {
    if isNumber(x, 0) { return x }
    if case .negate(let z) = x { return z }
    return .negate(x)
  }

  private static func mul(_ x: Expr, _ y: Expr) -> Expr {
    if isNumber(x, 0) || isNumber(y, 0) { return .number(0) }
    if isNumber(x, 1) { return y }
    if isNumber(y, 1) { return x }
    return x * y
  }

  private static func div(_ x: Expr, _ y: Expr) -> Expr {
    if isNumber(x, 0) { return x }
    return x / y
  }
}
