/// An immutable expression of the rule language: a syntax tree that mirrors the text exactly.
///
/// Equality and hashing are structural, so `a - (b - c)` and `(a - b) + c` are different values;
/// `Simplifier` maps expressions to a canonical normal form when mathematical equality matters.
/// Symbols carry no explicit indices: a `Quantity` has a fixed signature (`w` is always `w[i,j]`) and
/// the names `i`, `j` refer to the innermost enclosing `sum_i` / `sum_j`, or to the free indices of
/// the rule (the result index `i`; inside a local-matrix entry also `j`). Number literals produced
/// by the parser are non-negative; a leading minus is `negate`.
public indirect enum Expr: Hashable, Sendable {
  /// A numeric constant.
  case number(Double)
  /// A scalar parameter such as `eps`, `gamma`, `alpha`, `beta`.
  case parameter(String)
  /// An indexed layer quantity, e.g. `.symbol(.w)` for `w[i,j]`.
  case symbol(Quantity)
  /// Unary minus `-x`.
  case negate(Expr)
  /// A binary operation `x ∘ y`.
  case binary(BinaryOperator, Expr, Expr)
  /// An integer power `x^n` (`n` may be negative).
  case power(Expr, Int)
  /// A function application `f(x)`.
  case call(Function, Expr)
  /// A sum `sum_k(x)` over all values of index `k` (rebinding `k` inside `x`).
  case sum(Index, Expr)
}

extension Expr {
  /// `x + y`.
  public static func + (lhs: Expr, rhs: Expr) -> Expr { .binary(.add, lhs, rhs) }
  /// `x - y`.
  public static func - (lhs: Expr, rhs: Expr) -> Expr { .binary(.subtract, lhs, rhs) }
  /// `x * y`.
  public static func * (lhs: Expr, rhs: Expr) -> Expr { .binary(.multiply, lhs, rhs) }
  /// `x / y`.
  public static func / (lhs: Expr, rhs: Expr) -> Expr { .binary(.divide, lhs, rhs) }
  /// `-x`.
  public static prefix func - (operand: Expr) -> Expr { .negate(operand) }

  /// The direct subexpressions, left to right.
  public var children: [Expr] {
    switch self {
    case .number, .parameter, .symbol: []
    case .negate(let x), .power(let x, _), .call(_, let x), .sum(_, let x): [x]
    case .binary(_, let x, let y): [x, y]
    }
  }

  /// The indices this expression depends on from outside: symbol indices not bound by an enclosing
  /// `sum` within the expression. O(size).
  public var freeIndices: Set<Index> {
    switch self {
    case .number, .parameter: []
    case .symbol(let q): Set(q.indices)
    case .sum(let k, let body): body.freeIndices.subtracting([k])
    default: children.reduce(into: Set<Index>()) { $0.formUnion($1.freeIndices) }
    }
  }

  /// Whether the quantity `q` occurs anywhere in the expression. O(size).
  public func contains(_ q: Quantity) -> Bool {
    if case .symbol(let s) = self { return s == q }
    return children.contains { $0.contains(q) }
  }

  /// The layer quantities occurring in the expression (what a layer must provide to evaluate it,
  /// e.g. `l`, `h` only at a bounded input, `p` only with patterns). O(size).
  public var quantities: Set<Quantity> {
    if case .symbol(let q) = self { return [q] }
    return children.reduce(into: Set<Quantity>()) { $0.formUnion($1.quantities) }
  }

  /// The parameter names occurring in the expression. O(size).
  public var parameters: Set<String> {
    if case .parameter(let name) = self { return [name] }
    return children.reduce(into: Set<String>()) { $0.formUnion($1.parameters) }
  }

  /// Rebuilds the expression bottom-up, letting `transform` replace any node after its children
  /// have been rebuilt (return `nil` to keep the node). O(size).
  public func rewritten(_ transform: (Expr) -> Expr?) -> Expr {
    let rebuilt: Expr
    switch self {
    case .number, .parameter, .symbol: rebuilt = self
    case .negate(let x): rebuilt = .negate(x.rewritten(transform))
    case .binary(let op, let x, let y): rebuilt = .binary(op, x.rewritten(transform), y.rewritten(transform))
    case .power(let x, let n): rebuilt = .power(x.rewritten(transform), n)
    case .call(let f, let x): rebuilt = .call(f, x.rewritten(transform))
    case .sum(let k, let x): rebuilt = .sum(k, x.rewritten(transform))
    }
    return transform(rebuilt) ?? rebuilt
  }

  /// Replaces quantities and parameters by expressions.
  ///
  /// A replacement for quantity `q` is a template in `q`'s own indices (e.g. `z ↦ sum_i(a*w) + b`
  /// with free index `j`); because every occurrence of `q` refers to its indices by the same names,
  /// the substitution is capture-free as long as the template's free indices are among `q.indices`.
  /// - Precondition: every quantity template has free indices ⊆ the quantity's signature.
  public func substituting(_ quantities: [Quantity: Expr] = [:], parameters: [String: Expr] = [:]) -> Expr {
    for (q, e) in quantities {
      precondition(e.freeIndices.isSubset(of: Set(q.indices)), "template for \(q) has free indices \(e.freeIndices)")
    }
    return rewritten { node in
      switch node {
      case .symbol(let q): quantities[q]
      case .parameter(let name): parameters[name]
      default: nil
      }
    }
  }

  /// The expression with every stabiliser `stab(x)`, `sstab(x)`, `pcount(x)` replaced by `x`: the exact semantics,
  /// valid wherever the stabilised denominators are non-zero. O(size).
  public var withoutStabilisers: Expr {
    rewritten { node in
      if case .call(let f, let x) = node, f.isStabiliser { return x }
      return nil
    }
  }

  /// Number of nodes. O(size).
  public var nodeCount: Int { 1 + children.reduce(0) { $0 + $1.nodeCount } }
}
