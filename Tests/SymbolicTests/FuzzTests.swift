import Symbolic
import Testing

/// Bad input never crashes: random token soups either parse (and then round-trip and analyse) or
/// throw a positioned `RuleSyntaxError`.
@Suite struct FuzzTests {
  @Test func randomTokenSoupsParseOrThrow() {
    let pieces = [
      "R[i] = ", "sum_j(", "sum_i(", "a[i]", "w[i,j]", "R[j]", "z[j]", "(", ")", "+", "-", "*", "/", "^", "2", "^-1",
      "eps", "pos(", "stab(", ",", "[", "]", "1e-3", "x", "#", "\n", "a", "w[j,i]", "sign(", "l[i]", " ",
    ]
    var state: UInt64 = 12345
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    var parsed = 0
    for seed in 0..<3000 {
      var text = next(3) == 0 ? "" : "R[i] = "
      for _ in 0..<(1 + next(25)) { text += pieces[next(pieces.count)] }
      do {
        let rule = try Rule(parsing: text)
        parsed += 1
        #expect(try Rule(parsing: rule.description) == rule, "seed \(seed): \(text)")
        _ = SignAnalysis(assumptions: .hiddenLayer).verdict(forEntry: rule.localEntry, samples: 3)
      } catch {
        #expect(error.line >= 1 && error.column >= 1, "seed \(seed): \(error)")
        #expect(!error.annotated.isEmpty)
      }
    }
    #expect(parsed > 0)
  }

  @Test func hugeExponentsAndProductsStayBounded() throws {
    #expect(throws: RuleSyntaxError.self) { try Expr(parsing: "a[i]^1000") }
    let big = try Expr(parsing: "(a[i] + b[j] + z[j] + w[i,j])^64 * (l[i] + h[i] + p[i,j])^40")
    _ = Simplifier.simplify(big)
    _ = SignAnalysis(assumptions: .hiddenLayer).signs(of: big + .symbol(.R))
  }
}
