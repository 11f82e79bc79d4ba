/// A rule text that cannot be read: a syntax error or a failed semantic check, with its position.
///
/// `description` is one line, `source:line:column: message; found 'text', expected …`;
/// `annotated` adds the offending source line and a caret marker for terminal display.
public struct RuleSyntaxError: Error, CustomStringConvertible, Sendable, Hashable {
  /// What went wrong.
  public enum Kind: String, Sendable, Hashable {
    /// The text does not follow the grammar.
    case syntax = "syntax error"
    /// An indexed name that is not a layer quantity.
    case unknownSymbol = "unknown symbol"
    /// A call of a name that is not a function of the language.
    case unknownFunction = "unknown function"
    /// A quantity written with the wrong indices (`a[j]`, `w[i]`).
    case wrongIndices = "wrong indices"
    /// An index used where no enclosing sum (or the rule's result index) binds it.
    case unboundIndex = "index used outside a sum that binds it"
    /// A division whose denominator is not provably non-zero under the assumptions.
    case unstabilisedDivision = "denominator can be zero"
    /// A bare name that is not a declared parameter.
    case undeclaredParameter = "undeclared parameter"
    /// `R[j]` where the local matrix is not defined (nested `sum_j`).
    case notLocal = "rule is not local in R"
  }

  /// The category of the error.
  public var kind: Kind
  /// Where the text came from (a file name, or e.g. `rule 'zplus'`).
  public var source: String
  /// 1-based line of the offending text.
  public var line: Int
  /// 1-based column (in Unicode scalars) of the offending text.
  public var column: Int
  /// The offending text (`end of input` at the end).
  public var found: String
  /// What would have been accepted, or why the text is rejected.
  public var expected: String
  /// The full source line containing the error (for `annotated`).
  public var lineText: String

  /// Creates an error.
  public init(kind: Kind, source: String, line: Int, column: Int, found: String, expected: String, lineText: String) {
    self.kind = kind
    self.source = source
    self.line = line
    self.column = column
    self.found = found
    self.expected = expected
    self.lineText = lineText
  }

  /// One line: `source:line:column: kind: found 'x', expected y`.
  public var description: String {
    "\(source):\(line):\(column): \(kind.rawValue): found '\(found)', expected \(expected)"
  }

  /// `description`, then the source line and a caret line under the offending text.
  public var annotated: String {
    let width = max(1, min(found.unicodeScalars.count, lineText.unicodeScalars.count - column + 1))
    return description + "\n  " + lineText + "\n  " + String(repeating: " ", count: column - 1)
      + String(repeating: "^", count: width)
  }
}
