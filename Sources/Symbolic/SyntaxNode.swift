/// A positioned parse tree, before name resolution (internal; `RuleChecker` turns it into `Expr`).
struct SyntaxNode: Sendable {
  indirect enum Kind: Sendable {
    case number(Double)
    /// A bare name: a parameter, or a quantity written without indices.
    case name(String)
    /// `name[index, …]`, with the span of every index name.
    case indexed(String, [(name: String, span: SourceSpan)])
    /// `name(argument, …)`: a function or `sum_i` / `sum_j`.
    case call(String, [SyntaxNode])
    case negate(SyntaxNode)
    case binary(BinaryOperator, SyntaxNode, SyntaxNode)
    case power(SyntaxNode, Int)
  }
  var kind: Kind
  /// The span of the node's head token (the operator for binary nodes, the name for calls).
  var span: SourceSpan
  /// The source text of the node's head.
  var text: String
  /// The height of the tree below and including this node (a leaf has depth 1).
  var depth = 1
}

/// Recursive-descent parser for the rule grammar:
///
/// ```
/// rule    := 'R' '[' 'i' ']' '=' expr END
/// expr    := term (('+' | '-') term)*
/// term    := unary (('*' | '/') unary)*
/// unary   := '-' unary | power
/// power   := primary ('^' '-'? INTEGER)?
/// primary := NUMBER | NAME | NAME '[' NAME (',' NAME)* ']' | NAME '(' expr (',' expr)* ')' | '(' expr ')'
/// ```
/// So `^` binds tighter than unary minus (`-x^2 = -(x^2)`), which binds tighter than `* /`.
///
/// Input is bounded: the tree may be at most `maximumDepth` deep (a chain `a + b + …` counts one
/// level per operator) and hold at most `maximumNodes` nodes, and the parser's own recursion
/// (parentheses, calls, signs) at most `maximumDepth` levels, so no later pass over the tree can
/// exhaust the stack. Exceeding a limit is a syntax error at the offending token.
struct RuleParser {
  /// The largest exponent magnitude accepted (keeps evaluation and expansion bounded).
  static let maximumExponent = 64
  /// The deepest tree and the deepest nesting accepted (the catalogue's largest rule needs < 40).
  static let maximumDepth = 128
  /// The most nodes a parsed tree may have (the catalogue's largest rule has < 500).
  static let maximumNodes = 4096
  private let lexer: RuleLexer
  private let tokens: [Token]
  private var position = 0
  private var nesting = 0
  private var nodeCount = 0

  init(_ text: String, source: String) throws(RuleSyntaxError) {
    lexer = RuleLexer(text, source: source)
    tokens = try lexer.tokens()
  }

  private var current: Token { tokens[position] }

  private func fail(_ expected: String, at token: Token? = nil) -> RuleSyntaxError {
    let t = token ?? current
    return lexer.error(.syntax, t.span, found: t.text, expected: expected)
  }

  private mutating func accept(_ c: Character) -> Token? {
    if case .punctuation(c) = current.kind {
      defer { position += 1 }
      return current
    }
    return nil
  }

  private mutating func expect(_ c: Character, _ expected: String) throws(RuleSyntaxError) -> Token {
    guard let t = accept(c) else { throw fail(expected) }
    return t
  }

  /// Enters one level of parser recursion at token `t` (pair with `nesting -= 1`).
  private mutating func enter(_ t: Token) throws(RuleSyntaxError) {
    nesting += 1
    guard nesting <= Self.maximumDepth else {
      throw fail("nesting at most \(Self.maximumDepth) deep (parentheses, calls and signs; the expression is too deep)", at: t)
    }
  }

  /// A new node headed by token `t`, within the depth and node-count limits.
  private mutating func node(_ kind: SyntaxNode.Kind, _ t: Token, text: String? = nil) throws(RuleSyntaxError)
    -> SyntaxNode
  {
    let below: Int
    switch kind {
    case .number, .name, .indexed: below = 0
    case .call(_, let arguments): below = arguments.map(\.depth).max() ?? 0
    case .negate(let x), .power(let x, _): below = x.depth
    case .binary(_, let x, let y): below = max(x.depth, y.depth)
    }
    nodeCount += 1
    guard nodeCount <= Self.maximumNodes else {
      throw fail("an expression of at most \(Self.maximumNodes) nodes (the expression is too large)", at: t)
    }
    guard below < Self.maximumDepth else {
      throw fail("an expression tree at most \(Self.maximumDepth) deep (the expression is too deep)", at: t)
    }
    return SyntaxNode(kind: kind, span: t.span, text: text ?? t.text, depth: below + 1)
  }

  /// Parses `R[i] = expr` to the end of input.
  mutating func parseRule() throws(RuleSyntaxError) -> SyntaxNode {
    guard case .identifier("R") = current.kind else { throw fail("'R[i] =' at the start of a rule") }
    position += 1
    _ = try expect("[", "'[' in 'R[i] ='")
    guard case .identifier("i") = current.kind else { throw fail("'i': a rule defines the lower relevance R[i]") }
    position += 1
    _ = try expect("]", "']' in 'R[i] ='")
    _ = try expect("=", "'=' after 'R[i]'")
    return try parseToEnd()
  }

  /// Parses one expression to the end of input.
  mutating func parseToEnd() throws(RuleSyntaxError) -> SyntaxNode {
    let e = try parseExpr()
    guard case .end = current.kind else { throw fail("an operator or end of input") }
    return e
  }

  private mutating func parseExpr() throws(RuleSyntaxError) -> SyntaxNode {
    var lhs = try parseTerm()
    while true {
      let t = current
      guard let op = accept("+").map({ _ in BinaryOperator.add }) ?? accept("-").map({ _ in BinaryOperator.subtract })
      else { return lhs }
      let rhs = try parseTerm()
      lhs = try node(.binary(op, lhs, rhs), t)
    }
  }

  private mutating func parseTerm() throws(RuleSyntaxError) -> SyntaxNode {
    var lhs = try parseUnary()
    while true {
      let t = current
      guard
        let op = accept("*").map({ _ in BinaryOperator.multiply }) ?? accept("/").map({ _ in BinaryOperator.divide })
      else { return lhs }
      let rhs = try parseUnary()
      lhs = try node(.binary(op, lhs, rhs), t)
    }
  }

  private mutating func parseUnary() throws(RuleSyntaxError) -> SyntaxNode {
    if let t = accept("-") {
      try enter(t)
      defer { nesting -= 1 }
      let operand = try parseUnary()
      return try node(.negate(operand), t)
    }
    return try parsePower()
  }

  private mutating func parsePower() throws(RuleSyntaxError) -> SyntaxNode {
    let base = try parsePrimary()
    guard let caret = accept("^") else { return base }
    let negative = accept("-") != nil
    guard case .number(let n) = current.kind, n == n.rounded(), n <= Double(RuleParser.maximumExponent) else {
      throw fail("an integer exponent of magnitude ≤ \(RuleParser.maximumExponent) (e.g. x^2 or x^-1)")
    }
    position += 1
    return try node(.power(base, negative ? -Int(n) : Int(n)), caret)
  }

  private mutating func parsePrimary() throws(RuleSyntaxError) -> SyntaxNode {
    let t = current
    switch t.kind {
    case .number(let x):
      position += 1
      return try node(.number(x), t)
    case .identifier(let name):
      position += 1
      if accept("[") != nil {
        var indices: [(name: String, span: SourceSpan)] = []
        repeat {
          guard case .identifier(let k) = current.kind else { throw fail("an index name (i or j)") }
          indices.append((k, current.span))
          position += 1
        } while accept(",") != nil
        _ = try expect("]", "',' or ']' to close the indices of '\(name)'")
        return try node(.indexed(name, indices), t, text: name)
      }
      if accept("(") != nil {
        try enter(t)
        defer { nesting -= 1 }
        var arguments = [try parseExpr()]
        while accept(",") != nil { arguments.append(try parseExpr()) }
        guard accept(")") != nil else {
          throw fail("')' to close '\(name)(' opened at \(t.span.line):\(t.span.column)")
        }
        return try node(.call(name, arguments), t, text: name)
      }
      return try node(.name(name), t, text: name)
    case .punctuation("("):
      position += 1
      try enter(t)
      defer { nesting -= 1 }
      let inner = try parseExpr()
      guard accept(")") != nil else {
        throw fail("')' to close '(' opened at \(t.span.line):\(t.span.column)")
      }
      return inner
    default:
      throw fail("a number, a symbol such as a[i], a parameter, a function call or '('")
    }
  }

  /// Builds an error positioned at a node (used by the semantic checks).
  func error(_ kind: RuleSyntaxError.Kind, at span: SourceSpan, found: String, expected: String) -> RuleSyntaxError {
    lexer.error(kind, span, found: found, expected: expected)
  }
}
