import Symbolic
import Testing
import _BPTestSupport

/// The rule-language support for the conventions' implementation forms: the `sstab` stabiliser
/// (Zennit's `x + 1e-6·sign(x)`) through parser, printers, evaluators, sign analysis, derivative
/// and exact semantics, and LRP-γ's sign-split form on a layer where it differs from the textbook one.
@Suite struct ConventionFormTests {
  @Test func sstabEvaluatesAsZennitsStabiliser() {
    #expect(Function.sstab.apply(0) == 1e-6)
    #expect(Function.sstab.apply(3) == 3 + 1e-6)
    #expect(Function.sstab.apply(-2) == -2 - 1e-6)
    #expect(Function.sstab.isStabiliser && Function.stab.isStabiliser && !Function.sign.isStabiliser)
  }

  @Test func sstabParsesPrintsAndRoundTrips() throws {
    let rule = try Rule(parsing: "R[i] = sum_j(a[i]*w[i,j]/sstab(z[j])*R[j])", assumptions: .hiddenLayer)
    #expect(rule.description == "R[i] = sum_j(a[i]*w[i,j]/sstab(z[j])*R[j])")
    #expect(rule.unicode == "Rᵢ = Σⱼ aᵢ·wᵢⱼ / sstab(zⱼ) · Rⱼ")
    #expect(rule.latex.contains("\\operatorname{sstab}\\left(z_{j}\\right)"))
    #expect(try Rule(parsing: rule.description).body == rule.body)
  }

  @Test func sstabIsAnAcceptedStabiliserAndSignPreserving() throws {
    // A bare z[j] denominator is rejected; sstab(z[j]) is never zero.
    #expect(throws: RuleSyntaxError.self) { try Rule(parsing: "R[i] = sum_j(a[i]*w[i,j]/z[j]*R[j])", assumptions: .hiddenLayer) }
    let s = SignAnalysis(assumptions: .hiddenLayer)
    #expect(s.signs(of: .call(.sstab, .symbol(.z))) == .nonZero)
    #expect(s.signs(of: .call(.sstab, .symbol(.a))) == .positive)
    #expect(s.signs(of: .call(.sstab, .negate(.symbol(.a)))) == [.positive, .negative])
  }

  @Test func exactSemanticsDropsBothStabilisers() throws {
    let e = try Expr(parsing: "a[i]/sstab(z[j]) + a[i]/stab(z[j])")
    #expect(e.withoutStabilisers == (try Expr(parsing: "a[i]/z[j] + a[i]/z[j]")))
    // So LRP-0 under both conventions has the same exact semantics.
    let zennit = try #require(RuleCatalogue.entry("lrp.0.zennit")).rule.localEntry
    let paper = try #require(RuleCatalogue.entry("lrp.0")).rule.localEntry
    #expect(IdentityCheck.check(zennit, equals: paper, assumptions: .hiddenLayer, droppingStabilisers: true) == .proved)
    #expect(IdentityCheck.check(zennit, equals: paper, assumptions: .hiddenLayer) != .proved)
  }

  @Test func localEntryDifferentiatesThroughTheRule() throws {
    // ∂R[i]/∂R[j] of a·w/sstab(z)·R is a·w/sstab(z) (sstab does not contain R).
    let rule = try Rule(parsing: "R[i] = sum_j(a[i]*w[i,j]/sstab(z[j])*R[j])", assumptions: .hiddenLayer)
    let layer = LayerValues.dense(a: [1, 2], w: [1, -1, 2, 3], b: [0, 0], extra: [.R: [1, 1]])
    // z = [1 + 4, −1 + 6] = [5, 5].
    expectClose(rule.localEntry.matrix(in: layer), [1 / (5 + 1e-6), -1 / (5 + 1e-6), 4 / (5 + 1e-6), 6 / (5 + 1e-6)], rtol: 1e-14)
  }

  /// LRP-γ (γ = 1) on inputs of both signs with one output of each sign.
  ///
  ///     a = [2, −1],  w = [[1, −1], [−3, 1]],  b = [0.5, −1]:  z = [2 + 3 + 0.5, −2 − 1 − 1] = [5.5, −4]
  ///
  /// j = 0 (z > 0): w + γw⁺ = [2, −3] on a⁺, w + γw⁻ = [1, −6] on a⁻: numerators [2·2, (−1)(−6)] = [4, 6],
  /// denominator 10 + b + γb⁺ = 10 + 1 = 11.
  /// j = 1 (z < 0): w + γw⁻ = [−2, 1] on a⁺, w + γw⁺ = [−1, 2] on a⁻: numerators [2(−2), (−1)2] = [−4, −2],
  /// denominator −6 + b + γb⁻ = −6 − 2 = −8.
  @Test func gammaSignSplitFormOnMixedInputsAndOutputs() throws {
    let layer = LayerValues.dense(a: [2, -1], w: [1, -1, -3, 1], b: [0.5, -1], parameters: ["gamma": 1])
    let want = [4.0 / 11, 0.5, 6.0 / 11, 0.25]
    for id in ["lrp.gamma", "lrp.gamma.zennit"] {
      let entry = try #require(RuleCatalogue.entry(id)).rule.localEntry
      expectClose(entry.matrix(in: layer), want, rtol: 1e-5, "\(id)")
    }
  }
}
