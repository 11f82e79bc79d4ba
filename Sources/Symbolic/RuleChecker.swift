/// The semantic pass: resolves names in a parse tree and checks it, producing an `Expr`.
///
/// Checks, each reported at the offending text:
/// - every indexed name is a `Quantity` with exactly its signature (`w[i,j]`, not `w[j,i]` or `w[i]`);
/// - every call is a `Function` with one argument, or `sum_i(…)` / `sum_j(…)`;
/// - every index is bound: the rule's result index `i` (or the `boundIndices` given), or an
///   enclosing `sum_i` / `sum_j`. Inside `sum_i(…)` the name `i` denotes the summation variable;
/// - `R[j]` sits under exactly one `sum_j` (otherwise the local matrix is not defined);
/// - every bare name is a declared parameter (when assumptions are given);
/// - every denominator (`x / y`, `x^-n`) is provably non-zero by `SignAnalysis` under the assumptions
///   (when given). Stabilise with `+ eps` (`eps > 0`), `+ eps*sign(y)`, `stab(y)`, `sstab(y)` or `pcount(y)`.
struct RuleChecker {
  let parser: RuleParser
  let assumptions: Assumptions?
  /// Whether `R[j]` must sit under exactly one `sum_j` (rules: yes; bare expressions: no).
  var requireLocalR = true

  func resolve(_ node: SyntaxNode, bound: Set<Index>, sumJDepth: Int = 0) throws(RuleSyntaxError) -> Expr {
    switch node.kind {
    case .number(let x):
      return .number(x)
    case .name(let name):
      if let q = Quantity(rawValue: name) {
        throw parser.error(.wrongIndices, at: node.span, found: name, expected: "\(Expr.symbol(q)) with its indices")
      }
      if let assumptions, assumptions.parameters[name] == nil {
        let declared = assumptions.parameters.keys.sorted().joined(separator: ", ")
        throw parser.error(
          .undeclaredParameter, at: node.span, found: name,
          expected: "a declared parameter (\(declared)) or a symbol such as a[i]")
      }
      return .parameter(name)
    case .indexed(let name, let indices):
      guard let q = Quantity(rawValue: name) else {
        let known = Quantity.allCases.map(\.rawValue).joined(separator: ", ")
        throw parser.error(.unknownSymbol, at: node.span, found: name, expected: "one of \(known)")
      }
      guard indices.map(\.name) == q.indices.map(\.rawValue) else {
        throw parser.error(
          .wrongIndices, at: node.span, found: "\(name)[\(indices.map(\.name).joined(separator: ","))]",
          expected: "\(Expr.symbol(q))")
      }
      for (k, span) in indices where !bound.contains(Index(rawValue: k)!) {
        throw parser.error(
          .unboundIndex, at: span, found: k,
          expected: "\(k) inside sum_\(k)(…); the result is indexed by \(bound.sorted().map(\.rawValue).joined(separator: ", "))")
      }
      if requireLocalR, q == .R, sumJDepth != 1 {
        throw parser.error(
          .notLocal, at: node.span, found: "R[j]", expected: "R[j] under exactly one sum_j (here \(sumJDepth))")
      }
      return .symbol(q)
    case .call(let name, let arguments):
      let sumIndex: Index? = name == "sum_i" ? .i : name == "sum_j" ? .j : nil
      guard sumIndex != nil || Function(rawValue: name) != nil else {
        let known = (Function.allCases.map(\.rawValue) + ["sum_i", "sum_j"]).joined(separator: ", ")
        throw parser.error(.unknownFunction, at: node.span, found: name, expected: "one of \(known)")
      }
      guard arguments.count == 1 else {
        throw parser.error(.syntax, at: node.span, found: "\(arguments.count) arguments", expected: "one argument to \(name)")
      }
      if let k = sumIndex {
        let body = try resolve(arguments[0], bound: bound.union([k]), sumJDepth: sumJDepth + (k == .j ? 1 : 0))
        return .sum(k, body)
      }
      return .call(Function(rawValue: name)!, try resolve(arguments[0], bound: bound, sumJDepth: sumJDepth))
    case .negate(let x):
      return .negate(try resolve(x, bound: bound, sumJDepth: sumJDepth))
    case .binary(let op, let x, let y):
      let lhs = try resolve(x, bound: bound, sumJDepth: sumJDepth)
      let rhs = try resolve(y, bound: bound, sumJDepth: sumJDepth)
      if op == .divide { try requireNonZero(rhs, at: node) }
      return .binary(op, lhs, rhs)
    case .power(let x, let n):
      let base = try resolve(x, bound: bound, sumJDepth: sumJDepth)
      if n < 0 { try requireNonZero(base, at: node) }
      return .power(base, n)
    }
  }

  private func requireNonZero(_ denominator: Expr, at node: SyntaxNode) throws(RuleSyntaxError) {
    guard let assumptions else { return }
    if SignAnalysis(assumptions: assumptions).signs(of: denominator).contains(.zero) {
      throw parser.error(
        .unstabilisedDivision, at: node.span, found: "\(node.text) \(denominator)",
        expected: "a denominator that cannot vanish: add '+ eps' (eps > 0), '+ eps*sign(…)', or write '/ stab(…)', '/ sstab(…)' or '/ pcount(…)'")
    }
  }
}

/// A modified-backpropagation rule: the lower relevance `R[i] = body`.
///
/// `body` has free index `i` only; the upper relevance `R[j]` occurs under a `sum_j`.
public struct Rule: Hashable, Sendable, CustomStringConvertible {
  /// The right-hand side, an expression in the free index `i`.
  public let body: Expr

  /// Wraps an already-checked body.
  /// - Precondition: `body.freeIndices ⊆ {i}`.
  public init(body: Expr) {
    precondition(body.freeIndices.isSubset(of: [.i]), "a rule body may only have the free index i, has \(body.freeIndices)")
    self.body = body
  }

  /// Parses and checks `R[i] = …` (see `RuleChecker` for the checks).
  /// - Parameters:
  ///   - text: the rule text.
  ///   - assumptions: declared parameters and the facts used to prove denominators non-zero.
  ///   - source: names the text in error messages (a file name, or `rule 'zplus'`).
  /// - Throws: `RuleSyntaxError` with the position of the first problem.
  public init(parsing text: String, assumptions: Assumptions = .hiddenLayer, source: String = "rule") throws(RuleSyntaxError) {
    var parser = try RuleParser(text, source: source)
    let tree = try parser.parseRule()
    body = try RuleChecker(parser: parser, assumptions: assumptions).resolve(tree, bound: [.i])
  }

  /// `R[i] = body` in rule-language syntax.
  public var description: String { "R[i] = \(body)" }
  /// `Rᵢ = …` in Unicode mathematics.
  public var unicode: String { "Rᵢ = " + ExprPrinter(style: .unicode, boundOutside: [.i]).render(body) }
  /// `R_{i} = …` in LaTeX.
  public var latex: String { "R_{i} = " + ExprPrinter(style: .latex, boundOutside: [.i]).render(body) }
}

extension Expr {
  /// Parses and checks a bare expression (no `R[i] =`), e.g. a local-matrix entry.
  /// - Parameters:
  ///   - boundIndices: indices free in the expression (default `i` and `j`).
  ///   - assumptions: when given, bare names must be declared parameters and denominators must be
  ///     provably non-zero; when `nil`, every bare name is a parameter and divisions are not checked.
  ///   - source: names the text in error messages.
  /// - Throws: `RuleSyntaxError` with the position of the first problem.
  public init(
    parsing text: String, boundIndices: Set<Index> = [.i, .j], assumptions: Assumptions? = nil, source: String = "expression"
  ) throws(RuleSyntaxError) {
    var parser = try RuleParser(text, source: source)
    let tree = try parser.parseToEnd()
    self = try RuleChecker(parser: parser, assumptions: assumptions, requireLocalR: false).resolve(tree, bound: boundIndices)
  }
}
