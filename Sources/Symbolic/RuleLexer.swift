/// A position range in a rule text: 1-based line and column, the scalar offset and length.
struct SourceSpan: Sendable, Hashable {
  var line: Int
  var column: Int
  var offset: Int
  var length: Int
}

/// A token of the rule language.
struct Token: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case identifier(String)
    case number(Double)
    case punctuation(Character)
    case end
  }
  var kind: Kind
  var span: SourceSpan
  var text: String
}

/// Splits rule text into tokens: identifiers (`[A-Za-z_][A-Za-z0-9_]*`), numbers (`12`, `0.5`,
/// `1e-6`, `2.5E+3`), the punctuation `( ) [ ] , + - * / ^ =`, and whitespace (ignored). O(length).
struct RuleLexer {
  let scalars: [Unicode.Scalar]
  let source: String
  let lines: [String]

  init(_ text: String, source: String) {
    scalars = Array(text.unicodeScalars)
    self.source = source
    lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  func error(_ kind: RuleSyntaxError.Kind, _ span: SourceSpan, found: String, expected: String) -> RuleSyntaxError {
    RuleSyntaxError(
      kind: kind, source: source, line: span.line, column: span.column, found: found, expected: expected,
      lineText: span.line <= lines.count ? lines[span.line - 1] : "")
  }

  func tokens() throws(RuleSyntaxError) -> [Token] {
    var result: [Token] = []
    var k = 0
    var line = 1
    var lineStart = 0
    func isLetter(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || s == "_") }
    func isDigit(_ s: Unicode.Scalar) -> Bool { s.isASCII && s.properties.numericType != nil }
    while k < scalars.count {
      let s = scalars[k]
      let start = k
      let span = { (length: Int) in SourceSpan(line: line, column: start - lineStart + 1, offset: start, length: length) }
      if s == "\n" {
        k += 1
        line += 1
        lineStart = k
        continue
      }
      if s.properties.isWhitespace {
        k += 1
        continue
      }
      if isLetter(s) {
        while k < scalars.count, isLetter(scalars[k]) || isDigit(scalars[k]) { k += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<k]))
        result.append(Token(kind: .identifier(text), span: span(k - start), text: text))
        continue
      }
      if isDigit(s) || (s == "." && k + 1 < scalars.count && isDigit(scalars[k + 1])) {
        while k < scalars.count, isDigit(scalars[k]) { k += 1 }
        if k < scalars.count, scalars[k] == "." {
          k += 1
          while k < scalars.count, isDigit(scalars[k]) { k += 1 }
        }
        if k < scalars.count, scalars[k] == "e" || scalars[k] == "E" {
          var m = k + 1
          if m < scalars.count, scalars[m] == "+" || scalars[m] == "-" { m += 1 }
          if m < scalars.count, isDigit(scalars[m]) {
            k = m
            while k < scalars.count, isDigit(scalars[k]) { k += 1 }
          }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<k]))
        guard let value = Double(text), value.isFinite else {
          throw error(.syntax, span(k - start), found: text, expected: "a finite number")
        }
        result.append(Token(kind: .number(value), span: span(k - start), text: text))
        continue
      }
      if "()[],+-*/^=".unicodeScalars.contains(s) {
        k += 1
        result.append(Token(kind: .punctuation(Character(s)), span: span(1), text: String(s)))
        continue
      }
      throw error(.syntax, span(1), found: String(s), expected: "a name, a number or one of ( ) [ ] , + - * / ^ =")
    }
    let end = SourceSpan(line: line, column: k - lineStart + 1, offset: k, length: 0)
    result.append(Token(kind: .end, span: end, text: "end of input"))
    return result
  }
}
