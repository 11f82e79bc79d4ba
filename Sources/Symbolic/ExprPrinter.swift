/// Renders expressions as rule-language text, Unicode mathematics or LaTeX.
///
/// - `.plain` is the input syntax with minimal parentheses; `RuleParser` reads it back to the same
///   tree (`parse(print(e)) == e` for every expression whose number literals are finite and
///   non-negative, which includes everything the parser produces).
/// - `.unicode` is for terminals: `Σⱼ aᵢ·w⁺ᵢⱼ / ((Σᵢ′ aᵢ′·w⁺ᵢ′ⱼ) + ε) · Rⱼ`. A rebound index gets a prime.
/// - `.latex` is for reports (`\frac`, `\sum_{j}`, `w^{+}_{ij}`), math mode without delimiters.
public struct ExprPrinter: Sendable {
  /// The output notation.
  public enum Style: Sendable, Hashable { case plain, unicode, latex }

  /// The notation this printer produces.
  public let style: Style
  /// Indices already bound outside the printed expression (e.g. `[.i]` for a rule body, `[.i, .j]`
  /// for a local-matrix entry); a `sum` over one of them prints with a prime in Unicode and LaTeX.
  public let boundOutside: Set<Index>

  /// Creates a printer.
  public init(style: Style, boundOutside: Set<Index> = [.i, .j]) {
    self.style = style
    self.boundOutside = boundOutside
  }

  /// Renders `expr`. O(size).
  public func render(_ expr: Expr) -> String {
    var depth: [Index: Int] = [:]
    for k in boundOutside { depth[k] = 1 }
    return text(expr, depth)
  }

  // MARK: - Precedence

  /// 1: `+ -`, 2: `* /`, 3: unary minus, 4: power, 5: atoms; sums are 0 outside `.plain` (always
  /// parenthesised as operands, since `Σ` has no closing delimiter); a LaTeX fraction is atomic.
  private func precedence(_ e: Expr) -> Int {
    switch e {
    case .binary(.divide, _, _) where style == .latex: 5
    case .binary(let op, _, _): op.precedence
    case .number(let x) where x < 0 || x.sign == .minus: 3
    case .negate: 3
    case .power: 4
    case .sum: style == .plain ? 5 : 0
    default: 5
    }
  }

  private func paren(_ s: String) -> String {
    style == .latex ? "\\left(\(s)\\right)" : "(\(s))"
  }

  private func operand(_ e: Expr, _ depth: [Index: Int], parenthesiseBelow level: Int) -> String {
    let s = text(e, depth)
    return precedence(e) < level ? paren(s) : s
  }

  // MARK: - Nodes

  private func text(_ e: Expr, _ depth: [Index: Int]) -> String {
    switch e {
    case .number(let x): return Self.format(x)
    case .parameter(let name): return parameterName(name)
    case .symbol(let q): return symbol(q, depth, mark: nil)
    case .negate(let x):
      return (style == .unicode ? "−" : "-") + operand(x, depth, parenthesiseBelow: 3)
    case .binary(let op, let x, let y):
      if style == .latex, op == .divide { return "\\frac{\(text(x, depth))}{\(text(y, depth))}" }
      let lhs = operand(x, depth, parenthesiseBelow: op.precedence)
      let rhs = operand(y, depth, parenthesiseBelow: op.precedence + 1)
      return lhs + infix(op, leftIsQuotient: { if case .binary(.divide, _, _) = x { true } else { false } }()) + rhs
    case .power(let x, let n):
      let base = operand(x, depth, parenthesiseBelow: 5)
      switch style {
      case .plain: return "\(base)^\(n)"
      case .unicode: return base + Self.superscript(n)
      case .latex: return "{\(base)}^{\(n)}"
      }
    case .call(let f, let x): return call(f, x, depth)
    case .sum(let k, let body):
      var inner = depth
      inner[k, default: 0] += 1
      let b = text(body, inner)
      switch style {
      case .plain: return "sum_\(k.rawValue)(\(b))"
      case .unicode:
        return "Σ" + indexName(k, inner) + " " + (precedence(body) <= 1 ? paren(b) : b)
      case .latex:
        return "\\sum_{\(indexName(k, inner))} " + (precedence(body) <= 1 ? paren(b) : b)
      }
    }
  }

  private func infix(_ op: BinaryOperator, leftIsQuotient: Bool) -> String {
    switch (style, op) {
    case (.plain, .multiply), (.plain, .divide): return op.rawValue
    case (.plain, _), (.latex, .add), (.latex, .subtract): return " \(op.rawValue) "
    case (.latex, _): return " \\cdot "
    case (.unicode, .add): return " + "
    case (.unicode, .subtract): return " − "
    case (.unicode, .multiply): return leftIsQuotient ? " · " : "·"
    case (.unicode, .divide): return " / "
    }
  }

  private func call(_ f: Function, _ x: Expr, _ depth: [Index: Int]) -> String {
    let arg = text(x, depth)
    switch style {
    case .plain: return "\(f.rawValue)(\(arg))"
    case .unicode:
      switch f {
      case .pos, .neg:
        let mark = f == .pos ? "⁺" : "⁻"
        if case .symbol(let q) = x { return symbol(q, depth, mark: mark) }
        return "(\(arg))" + mark
      case .step: return "𝟙[\(arg) > 0]"
      case .abs: return "|\(arg)|"
      case .sign: return "sgn(\(arg))"
      case .relu, .stab, .sstab, .pcount: return "\(f.rawValue)(\(arg))"
      }
    case .latex:
      switch f {
      case .pos, .neg:
        let mark = f == .pos ? "+" : "-"
        if case .symbol(let q) = x { return symbol(q, depth, mark: mark) }
        return "\\left(\(arg)\\right)^{\(mark)}"
      case .step: return "\\mathbb{1}\\left[\(arg) > 0\\right]"
      case .abs: return "\\left|\(arg)\\right|"
      case .sign, .relu, .stab, .sstab, .pcount: return "\\operatorname{\(f.rawValue)}\\left(\(arg)\\right)"
      }
    }
  }

  private func indexName(_ k: Index, _ depth: [Index: Int]) -> String {
    let primes = max(0, depth[k, default: 1] - 1)
    switch style {
    case .plain: return k.rawValue
    case .unicode: return (k == .i ? "ᵢ" : "ⱼ") + String(repeating: "′", count: primes)
    case .latex: return k.rawValue + String(repeating: "'", count: primes)
    }
  }

  private func symbol(_ q: Quantity, _ depth: [Index: Int], mark: String?) -> String {
    switch style {
    case .plain:
      return "\(q.rawValue)[\(q.indices.map(\.rawValue).joined(separator: ","))]"
    case .unicode:
      let base: String =
        switch q {
        case .a0: "a⁰"
        case .z0: "z⁰"
        case .l: "ℓ"
        default: q.rawValue
        }
      return base + (mark ?? "") + q.indices.map { indexName($0, depth) }.joined()
    case .latex:
      let base: String =
        switch q {
        case .a0: "a^{0}"
        case .z0: "z^{0}"
        case .l: "\\ell"
        default: q.rawValue
        }
      let sup = mark.map { "^{\($0)}" } ?? ""
      return base + sup + "_{" + q.indices.map { indexName($0, depth) }.joined() + "}"
    }
  }

  private func parameterName(_ name: String) -> String {
    let greek: [String: (String, String)] = [
      "eps": ("ε", "\\varepsilon"), "gamma": ("γ", "\\gamma"), "alpha": ("α", "\\alpha"), "beta": ("β", "\\beta"),
    ]
    switch style {
    case .plain: return name
    case .unicode: return greek[name]?.0 ?? name
    case .latex: return greek[name]?.1 ?? "\\mathrm{" + name.split(separator: "_", omittingEmptySubsequences: false).joined(separator: "\\_") + "}"
    }
  }

  /// Formats a number: integers without a fraction, everything else in Swift's shortest
  /// round-trip form (`0.1`, `1e-07`).
  static func format(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }

  private static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (n < 0 ? "⁻" : "") + String(String(Swift.abs(n)).map { digits[Int(String($0))!] })
  }
}

extension Expr: CustomStringConvertible {
  /// The expression in rule-language syntax (re-parses to the same tree).
  public var description: String { ExprPrinter(style: .plain).render(self) }
  /// The expression in Unicode mathematics, with `i` and `j` taken as bound outside.
  public var unicode: String { ExprPrinter(style: .unicode).render(self) }
  /// The expression in LaTeX (math mode), with `i` and `j` taken as bound outside.
  public var latex: String { ExprPrinter(style: .latex).render(self) }
}
