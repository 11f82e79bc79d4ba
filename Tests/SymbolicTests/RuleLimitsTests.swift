import Foundation
import Symbolic
import Testing
import _BPTestSupport

/// The rule parser bounds its input: tree depth, nesting and node count are limited, and an input
/// beyond a limit is a positioned `RuleSyntaxError`, never a stack overflow.
@Suite struct RuleLimitsTests {
  /// `n` nested parentheses around `a[i]`.
  func parenthesised(_ n: Int) -> String { String(repeating: "(", count: n) + "a[i]" + String(repeating: ")", count: n) }

  /// A balanced sum tree of height `h`: 2^h leaves, 2^(h+1) − 1 nodes.
  func balanced(_ h: Int) -> String { h == 0 ? "a[i]" : "(\(balanced(h - 1)) + \(balanced(h - 1)))" }

  @Test func nestingWithinTheLimitParses() throws {
    let e = try Expr(parsing: parenthesised(120))
    #expect(e == .symbol(.a))
    _ = try Expr(parsing: String(repeating: "-", count: 100) + "a[i]")
    _ = try Expr(parsing: String(repeating: "abs(", count: 100) + "a[i]" + String(repeating: ")", count: 100))
  }

  @Test func deepParenthesesAreASyntaxError() {
    for text in [parenthesised(129), parenthesised(100_000)] {
      let e = #expect(throws: RuleSyntaxError.self) { try Expr(parsing: text) }
      #expect(e?.kind == .syntax)
      #expect(e?.expected.contains("too deep") == true, "\(String(describing: e))")
      // The error points at the opening parenthesis one past the limit.
      #expect(e?.line == 1 && e?.column == 129)
    }
  }

  @Test func deepSignsAndCallsAreASyntaxError() {
    let signs = #expect(throws: RuleSyntaxError.self) { try Expr(parsing: String(repeating: "-", count: 50_000) + "a[i]") }
    #expect(signs?.expected.contains("too deep") == true)
    let calls = #expect(throws: RuleSyntaxError.self) {
      try Rule(parsing: "R[i] = sum_j(" + String(repeating: "pos(", count: 20_000) + "R[j]" + String(repeating: ")", count: 20_001))
    }
    #expect(calls?.expected.contains("too deep") == true)
  }

  @Test func longChainsAreLimitedInTreeDepth() throws {
    // `a + a + … + a` parses iteratively but builds a left-leaning tree one level per `+`.
    let ok = try Expr(parsing: Array(repeating: "a[i]", count: 100).joined(separator: " + "))
    #expect(ok.nodeCount == 199)
    let chain = Array(repeating: "a[i]", count: 129).joined(separator: "*")
    let e = #expect(throws: RuleSyntaxError.self) { try Expr(parsing: chain) }
    #expect(e?.expected.contains("at most 128 deep") == true, "\(String(describing: e))")
    // 128 operands make 127 operators: depth 128 is accepted, 129 operands (depth 129) are not.
    _ = try Expr(parsing: Array(repeating: "a[i]", count: 128).joined(separator: "*"))
    #expect(throws: RuleSyntaxError.self) { try Expr(parsing: Array(repeating: "a[i]", count: 10_000).joined(separator: "-")) }
  }

  @Test func nodeCountIsLimited() throws {
    // Height 10: 2047 nodes, shallow enough and small enough.
    #expect(try Expr(parsing: balanced(10)).nodeCount == 2047)
    // Height 12: 8191 nodes > 4096, though only 13 deep.
    let e = #expect(throws: RuleSyntaxError.self) { try Expr(parsing: balanced(12)) }
    #expect(e?.expected.contains("at most 4096 nodes") == true, "\(String(describing: e))")
  }

  @Test func everyCatalogueRuleIsWellWithinTheLimits() {
    for entry in RuleCatalogue.all {
      #expect(entry.rule.body.nodeCount < 1000, "\(entry.id)")
    }
  }
}

/// Every stored fuzz regression input of the rule parser ends in a positioned error or a rule
/// that round-trips, never a crash.
@Suite struct RuleFuzzRegressionTests {
  @Test func storedInputs() throws {
    let dir = Fixtures.url("fuzz-regressions/fuzz-rules")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(names.count >= 3)
    for name in names {
      let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self)
      do {
        let rule = try Rule(parsing: text)
        #expect(try Rule(parsing: rule.description) == rule, "\(name)")
      } catch {
        #expect(error.line >= 1 && error.column >= 1, "\(name): \(error)")
        if name.hasPrefix("review-") { #expect(error.expected.contains("too deep"), "\(name): \(error)") }
      }
    }
  }
}
