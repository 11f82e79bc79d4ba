import Symbolic
import Testing

/// Conservation and equivalence identities of issue 3 item 3, proved by the simplifier.
///
/// Semantics: conservation is stated in the exact semantics (`stab(x) = x`, `eps = 0`), bias-free,
/// i.e. it holds wherever every denominator is non-zero.
@Suite struct IdentityTests {
  private func columnSum(_ id: String, _ fixed: [String: Double] = [:], equals rhs: Expr) throws -> IdentityVerdict {
    let entry = try #require(RuleCatalogue.entry(id))
    let assumptions = fixed.reduce(entry.assumptions.withoutBias()) { $0.declaring($1.key, .fixed($1.value)) }
    return IdentityCheck.check(entry.rule.columnSum, equals: rhs, assumptions: assumptions, droppingStabilisers: true)
  }

  @Test func zPlusConservesWithEpsilonZero() throws {
    #expect(try columnSum("zplus", ["eps": 0], equals: .number(1)) == .proved)
    #expect(try columnSum("excitation", equals: .number(1)) == .proved)
  }
  @Test func zPlusWithPositiveEpsilonDoesNotConserveExactly() throws {
    guard case .refuted(let w) = try columnSum("zplus", ["eps": 0.5], equals: .number(1)) else {
      Issue.record("expected a counterexample")
      return
    }
    #expect(w.value < 0)
  }
  @Test func w2Conserves() throws { #expect(try columnSum("dtd.w2", equals: .number(1)) == .proved) }
  @Test func flatConserves() throws { #expect(try columnSum("flat", equals: .number(1)) == .proved) }
  @Test func lrp0WithoutBiasConserves() throws { #expect(try columnSum("lrp.0", equals: .number(1)) == .proved) }
  @Test func zBConserves() throws { #expect(try columnSum("dtd.zb", equals: .number(1)) == .proved) }
  @Test func alphaBetaSumsToAlphaMinusBeta() throws {
    #expect(try columnSum("lrp.alphabeta", equals: .parameter("alpha") - .parameter("beta")) == .proved)
  }
  @Test func lrp0WithBiasIsRefuted() throws {
    let rule = try #require(RuleCatalogue.entry("lrp.0")).rule
    let verdict = IdentityCheck.check(
      rule.columnSum, equals: .number(1), assumptions: .hiddenLayer, droppingStabilisers: true)
    guard case .refuted = verdict else {
      Issue.record("bias in the denominator breaks conservation, got \(verdict)")
      return
    }
  }

  /// LRP-0 equals gradient × input on a bias-free ReLU layer: with the upper relevance set to
  /// gradient × input at the layer output, `R[j] = relu(z[j])·g[j]` (here `g` is the upper signal
  /// written `R[j]` in the gradient rule), LRP-0 gives `a[i]·Σⱼ w[i,j]·step(z[j])·g[j]`, i.e. input
  /// times the gradient rule. Valid where `z[j] ≠ 0` (`relu(z)/z = step(z)` there).
  @Test func lrp0IsGradientTimesInput() throws {
    let lrp0 = try #require(RuleCatalogue.entry("lrp.0")).rule
    let gradient = try #require(RuleCatalogue.entry("gradient")).rule
    let lhs = lrp0.body.substituting([.R: .call(.relu, .symbol(.z)) * .symbol(.R)])
    let rhs = .symbol(.a) * gradient.body
    let biasFree = Assumptions.hiddenLayer.withoutBias()
    #expect(IdentityCheck.check(lhs, equals: rhs, assumptions: biasFree, droppingStabilisers: true) == .proved)
    // Entry form: C^{LRP-0}_ij · z_j = a_i · w_ij.
    let entryForm = lrp0.localEntry * .symbol(.z)
    #expect(
      IdentityCheck.check(entryForm, equals: .symbol(.a) * .symbol(.w), assumptions: biasFree, droppingStabilisers: true)
        == .proved)
  }

  @Test func numericalFallbackSaysNotProved() throws {
    // |x| = x·sign(x) is true but outside the simplifier's rules: the check must say "numerically".
    let lhs = Expr.call(.abs, .symbol(.w))
    let rhs = Expr.symbol(.w) * .call(.sign, .symbol(.w))
    guard case .holdsNumerically(let n, let e) = IdentityCheck.check(lhs, equals: rhs, assumptions: .hiddenLayer) else {
      Issue.record("expected holdsNumerically")
      return
    }
    #expect(n > 1000)
    #expect(e <= 1e-12)
  }

  @Test func simplifierRules() throws {
    func simp(_ s: String) throws -> String { Simplifier.simplify(try Expr(parsing: s)).description }
    #expect(try simp("2*a[i] + 3*a[i] - a[i]*1") == "4*a[i]")
    #expect(try simp("pos(w[i,j]) + neg(w[i,j])") == "w[i,j]")
    #expect(try simp("sum_i(2*a[i]*b[j])") == "2*b[j]*sum_i(a[i])")
    #expect(try simp("sum_i(a[i]*w[i,j])/sum_i(w[i,j]*a[i])") == "1")
    #expect(try simp("(a[i] + b[j])/(b[j] + a[i])") == "1")
    #expect(try simp("relu(z[j])/z[j]") == "step(z[j])")
    #expect(try simp("pos(3) + step(-1) + abs(-2)^2") == "7")
    #expect(try simp("sum_i(1 + a[i])") == "sum_i(1) + sum_i(a[i])")
  }
}

@Suite struct ProofObligationTests {
  @Test func everyObligationIsMet() {
    var ids = Set<String>()
    for obligation in ProofObligations.all {
      #expect(ids.insert(obligation.id).inserted, "duplicate id \(obligation.id)")
      let result = obligation.check()
      #expect(result.met, "\(result)")
    }
    #expect(ProofObligations.all.count == 49)
  }
}

@Suite struct ExactnessTests {
  /// 1 + 1e-17 rounds to 1 in Double: the simplifier must not "prove" x·(1 + 1e-17) = x.
  @Test func roundedCoefficientsAreNotProofs() throws {
    let lhs = try Expr(parsing: "a[i]*(1 + 1e-17)")
    #expect(!Simplifier.equivalent(lhs, .symbol(.a)))
    guard case .holdsNumerically = IdentityCheck.check(lhs, equals: .symbol(.a), assumptions: .hiddenLayer) else {
      Issue.record("expected holds numerically, not proved")
      return
    }
    // Exact binary arithmetic still proves: 0.5 + 0.25 = 0.75, x/4·4 = x.
    #expect(Simplifier.equivalent(try Expr(parsing: "0.5*a[i] + 0.25*a[i]"), try Expr(parsing: "0.75*a[i]")))
    #expect(Simplifier.equivalent(try Expr(parsing: "a[i]/4*4"), .symbol(.a)))
    // x/3·3: 1/3 is rounded, so no proof (sound, not complete).
    #expect(!Simplifier.equivalent(try Expr(parsing: "a[i]/3*3"), .symbol(.a)))
  }
}
