import Symbolic
import Testing

/// The sign verdicts required by issue 3 item 4, one test each, plus a soundness cross-check.
@Suite struct SignVerdictTests {
  private func verdict(_ id: String, _ adjust: (Assumptions) -> Assumptions = { $0 }) throws -> SignVerdict {
    let entry = try #require(RuleCatalogue.entry(id))
    return SignAnalysis(assumptions: adjust(entry.assumptions)).verdict(forEntry: entry.rule.localEntry)
  }

  private func fixing(_ values: [String: Double]) -> (Assumptions) -> Assumptions {
    { a in values.reduce(a) { $0.declaring($1.key, .fixed($1.value)) } }
  }

  private func expectWitness(_ v: SignVerdict, sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .unknown(let w?) = v else {
      Issue.record("expected a negative witness, got \(v)", sourceLocation: sourceLocation)
      return
    }
    #expect(w.value < 0, sourceLocation: sourceLocation)
  }

  @Test func zPlusIsProvedNonNegative() throws { #expect(try verdict("zplus") == .provedNonNegative) }
  @Test func alpha1Beta0IsProvedNonNegative() throws {
    #expect(try verdict("lrp.alphabeta", fixing(["alpha": 1, "beta": 0])) == .provedNonNegative)
  }
  @Test func excitationBPIsProvedNonNegative() throws { #expect(try verdict("excitation") == .provedNonNegative) }
  @Test func zBIsProvedNonNegativeOnBoundedInputs() throws { #expect(try verdict("dtd.zb") == .provedNonNegative) }
  @Test func w2IsProvedNonNegative() throws { #expect(try verdict("dtd.w2") == .provedNonNegative) }
  @Test func flatIsProvedNonNegative() throws { #expect(try verdict("flat") == .provedNonNegative) }
  @Test func deepLIFTAblationIsProvedNonNegative() throws {
    #expect(try verdict("deeplift.ablation") == .provedNonNegative)
  }

  @Test func gradientHasNegativeWitness() throws { expectWitness(try verdict("gradient")) }
  @Test func lrp0HasNegativeWitness() throws { expectWitness(try verdict("lrp.0")) }
  @Test func lrpEpsilonHasNegativeWitness() throws { expectWitness(try verdict("lrp.epsilon")) }
  @Test func alpha2Beta1HasNegativeWitness() throws {
    expectWitness(try verdict("lrp.alphabeta", fixing(["alpha": 2, "beta": 1])))
  }
  @Test func deepLIFTRescaleHasNegativeWitness() throws { expectWitness(try verdict("deeplift.rescale")) }
  @Test func patternAttributionHasNegativeWitness() throws { expectWitness(try verdict("patternattribution")) }
  @Test func ablationWithTheZeroDeltaTermHasNegativeWitness() throws {
    expectWitness(try verdict("deeplift.ablation.exact"))
  }
  @Test func guidedBPLinearisationHasNegativeWitness() throws { expectWitness(try verdict("guidedbp")) }

  /// Without `a ≥ 0` the z⁺ entry is not non-negative: the analysis must not claim it.
  @Test func zPlusNeedsNonNegativeActivations() throws {
    expectWitness(try verdict("zplus") { a in var b = a; b.nonNegativeActivations = false; return b })
    expectWitness(try verdict("dtd.zb") { a in var b = a; b.boundedInputs = false; return b })
  }

  /// Independent path: every proved-non-negative catalogue entry is evaluated on 1000 random
  /// layers satisfying its assumptions; no entry may be negative.
  @Test func proofsAgreeWithSampling() throws {
    for entry in RuleCatalogue.all {
      let c = entry.rule.localEntry
      guard SignAnalysis(assumptions: entry.assumptions).verdict(forEntry: c, samples: 1) == .provedNonNegative else {
        continue
      }
      var sampler = SampleLayers(assumptions: entry.assumptions, seed: 99)
      for sample in 0..<1000 {
        let layer = sampler.next(parameterNames: c.parameters)
        let worst = c.matrix(in: layer).min()!
        #expect(worst >= 0, "\(entry.id) sample \(sample): entry \(worst)")
        if worst < 0 { break }
      }
    }
  }

  @Test func signAlgebra() {
    let s = SignAnalysis(assumptions: .hiddenLayer)
    #expect(s.signs(of: .symbol(.a)) == .nonNegative)
    #expect(s.signs(of: .symbol(.w)) == .any)
    #expect(s.signs(of: .call(.pos, .symbol(.w))) == .nonNegative)
    #expect(s.signs(of: .call(.neg, .symbol(.w)) * .symbol(.a)) == .nonPositive)
    #expect(s.signs(of: .sum(.i, .symbol(.a)) + .parameter("eps")) == .positive)
    #expect(s.signs(of: .call(.sign, .number(0))) == .positive)
    #expect(s.signs(of: .symbol(.z) + .parameter("eps") * .call(.sign, .symbol(.z))) == .nonZero)
    #expect(s.signs(of: .power(.symbol(.w), 2)) == .nonNegative)
  }
}
