import Symbolic
import Testing

@Suite struct ParserTests {
  /// Random expressions over every node kind; number literals are finite and non-negative (the
  /// parser never produces negative literals: `-2` is `negate(2)`).
  struct Generator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(n))
    }
    mutating func expr(depth: Int) -> Expr {
      let leaf = depth == 0 || next(4) == 0
      if leaf {
        switch next(3) {
        case 0: return .number([0, 1, 2, 0.5, 1e-6, 3.25, 1e20, 0.1, 7][next(9)])
        case 1: return .parameter(["eps", "gamma", "alpha", "beta", "k2"][next(5)])
        default: return .symbol(Quantity.allCases[next(Quantity.allCases.count)])
        }
      }
      switch next(6) {
      case 0: return .negate(expr(depth: depth - 1))
      case 1, 2:
        return .binary(BinaryOperator.allCases[next(4)], expr(depth: depth - 1), expr(depth: depth - 1))
      case 3: return .power(expr(depth: depth - 1), next(7) - 3)
      case 4: return .call(Function.allCases[next(Function.allCases.count)], expr(depth: depth - 1))
      default: return .sum(next(2) == 0 ? .i : .j, expr(depth: depth - 1))
      }
    }
  }

  @Test func printThenParseIsIdentityOn1000RandomExpressions() throws {
    for seed in 0..<1000 as Range<UInt64> {
      var g = Generator(state: seed)
      let e = g.expr(depth: 5)
      let text = e.description
      let parsed = try? Expr(parsing: text)
      #expect(parsed == e, "seed \(seed): \(text) re-parsed as \(parsed.map { "\($0)" } ?? "an error")")
      if parsed != e { return }
    }
  }

  @Test func precedenceAndAssociativity() throws {
    #expect(try Expr(parsing: "-x^2") == .negate(.power(.parameter("x"), 2)))
    #expect(try Expr(parsing: "a[i] - w[i,j] - b[j]") == (.symbol(.a) - .symbol(.w)) - .symbol(.b))
    #expect(try Expr(parsing: "a[i] / w[i,j] * b[j]") == (.symbol(.a) / .symbol(.w)) * .symbol(.b))
    #expect(try Expr(parsing: "1e-6 + 2.5E+3*x^-1") == .number(1e-6) + .number(2500) * .power(.parameter("x"), -1))
    #expect(try Expr(parsing: "a[i] * -b[j]") == .symbol(.a) * .negate(.symbol(.b)))
  }

  @Test func designExampleParsesAndPrints() throws {
    let rule = try Rule(parsing: "R[i] = sum_j( a[i]*pos(w[i,j]) / (sum_i(a[i]*pos(w[i,j])) + eps) * R[j] )")
    #expect(rule.description == "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])")
    #expect(rule.unicode == "Rᵢ = Σⱼ aᵢ·w⁺ᵢⱼ / ((Σᵢ′ aᵢ′·w⁺ᵢ′ⱼ) + ε) · Rⱼ")
    #expect(rule.latex == "R_{i} = \\sum_{j} \\frac{a_{i} \\cdot w^{+}_{ij}}{\\left(\\sum_{i'} a_{i'} \\cdot w^{+}_{i'j}\\right) + \\varepsilon} \\cdot R_{j}")
    #expect(try Rule(parsing: rule.description) == rule)
  }

  private func error(_ text: String, assumptions: Assumptions = .hiddenLayer) -> RuleSyntaxError? {
    do {
      _ = try Rule(parsing: text, assumptions: assumptions, source: "test.rule")
      return nil
    } catch { return error }
  }

  @Test func unknownSymbolIsPositioned() throws {
    let e = try #require(error("R[i] = sum_j(q[i,j]*R[j])"))
    #expect(e.kind == .unknownSymbol)
    #expect((e.line, e.column, e.found) == (1, 14, "q"))
    #expect(e.description.hasPrefix("test.rule:1:14: unknown symbol: found 'q', expected one of a, w, b"))
  }

  @Test func unbalancedParenthesisPointsAtTheEnd() throws {
    let text = "R[i] = sum_j(a[i]*R[j]"
    let e = try #require(error(text))
    #expect(e.kind == .syntax)
    #expect((e.line, e.column, e.found) == (1, text.count + 1, "end of input"))
    #expect(e.expected == "')' to close 'sum_j(' opened at 1:8")
  }

  @Test func indexOutsideItsSum() throws {
    let e = try #require(error("R[i] = a[i]*w[i,j]*R[j]"))
    #expect(e.kind == .unboundIndex)
    #expect((e.column, e.found) == (17, "j"))
  }

  @Test func divisionWithoutStabiliser() throws {
    let e = try #require(error("R[i] = sum_j(a[i]*w[i,j]/z[j]*R[j])"))
    #expect(e.kind == .unstabilisedDivision)
    #expect(e.column == 25)
    #expect(e.found == "/ z[j]")
    // The same rule with each accepted stabiliser parses.
    #expect(error("R[i] = sum_j(a[i]*w[i,j]/stab(z[j])*R[j])") == nil)
    #expect(error("R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])") == nil)
    // sum_i(a*pos(w)) can vanish; + eps (eps > 0) fixes it.
    #expect(error("R[i] = sum_j(a[i]*pos(w[i,j])/sum_i(a[i]*pos(w[i,j]))*R[j])")?.kind == .unstabilisedDivision)
    #expect(error("R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])") == nil)
    // ... but not when eps may be 0.
    let weak = Assumptions.hiddenLayer.declaring("eps", .nonNegative)
    #expect(error("R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])", assumptions: weak) != nil)
  }

  @Test func otherSemanticErrors() throws {
    #expect(error("R[i] = sum_j(k*w[i,j]*R[j])").map { ($0.kind, $0.column) } ?? (.syntax, 0) == (.undeclaredParameter, 14))
    #expect(error("R[i] = sum_j(a[j]*R[j])")?.kind == .wrongIndices)
    #expect(error("R[i] = sum_j(a*R[j])")?.kind == .wrongIndices)
    #expect(error("R[i] = sum_j(foo(a[i])*R[j])")?.kind == .unknownFunction)
    #expect(error("R[i] = sum_j(sum_j(R[j]))")?.kind == .notLocal)
    #expect(error("R[j] = sum_j(R[j])")?.kind == .syntax)
    #expect(error("R[i] = sum_j(a[i] R[j])")?.kind == .syntax)
    #expect(error("R[i] = sum_j(a[i]^x*R[j])")?.kind == .syntax)
    #expect(error("R[i] = sum_j(a[i] # R[j])")?.kind == .syntax)
  }

  @Test func multiLineErrorsAndCaret() throws {
    let e = try #require(error("R[i] =\n  sum_j(x[i]*R[j])"))
    #expect((e.line, e.column) == (2, 9))
    #expect(e.annotated.hasSuffix("\n    sum_j(x[i]*R[j])\n          ^"))
  }

  @Test func innerSumRebindsTheIndex() throws {
    // Inside sum_i the name i is the summation variable, so this parses, and prints with a prime.
    let rule = try Rule(parsing: "R[i] = sum_j(a[i]/stab(sum_i(a[i]))*R[j])")
    #expect(rule.unicode == "Rᵢ = Σⱼ aᵢ / stab(Σᵢ′ aᵢ′) · Rⱼ")
  }
}

@Suite struct PrinterTests {
  @Test func unicodeAndLatexOfBoundedRule() throws {
    let rule = try #require(RuleCatalogue.entry("dtd.w2")).rule
    #expect(rule.unicode == "Rᵢ = Σⱼ wᵢⱼ² / stab(Σᵢ′ wᵢ′ⱼ²) · Rⱼ")
    #expect(rule.latex == "R_{i} = \\sum_{j} \\frac{{w_{ij}}^{2}}{\\operatorname{stab}\\left(\\sum_{i'} {w_{i'j}}^{2}\\right)} \\cdot R_{j}")
  }

  @Test func nestedRebindingGetsMorePrimes() throws {
    let e = try Expr(parsing: "sum_i(a[i]*sum_i(h[i]))")
    #expect(e.unicode == "Σᵢ′ aᵢ′·(Σᵢ″ hᵢ″)".replacingPrimePairs())
    #expect(ExprPrinter(style: .unicode, boundOutside: []).render(e) == "Σᵢ aᵢ·(Σᵢ′ hᵢ′)")
  }

  @Test func symbolsFunctionsAndPowers() throws {
    let e = try Expr(parsing: "-l[i]*neg(w[i,j])^-1 + abs(z0[j]) - step(a0[i]) + sign(p[i,j])*relu(b[j])*gamma")
    #expect(e.unicode == "−ℓᵢ·w⁻ᵢⱼ⁻¹ + |z⁰ⱼ| − 𝟙[a⁰ᵢ > 0] + sgn(pᵢⱼ)·relu(bⱼ)·γ")
    #expect(try Expr(parsing: e.description) == e)
  }
}

extension String {
  /// Test helper: the printer writes repeated primes (′′); spell the expectation with ″ for readability.
  fileprivate func replacingPrimePairs() -> String { split(separator: "″", omittingEmptySubsequences: false).joined(separator: "′′") }
}

@Suite struct ExprQueryTests {
  @Test func quantitiesParametersAndFreeIndices() throws {
    let rule = try #require(RuleCatalogue.entry("dtd.zb")).rule
    #expect(rule.body.quantities == [.a, .w, .l, .h, .R])
    #expect(rule.body.freeIndices == [.i])
    #expect(rule.localEntry.freeIndices == [.i, .j])
    #expect(try #require(RuleCatalogue.entry("lrp.gamma")).rule.body.parameters == ["gamma"])
  }
}
