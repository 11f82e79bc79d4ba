import Matrices
import Testing
@testable import Analysis
@testable import Reports

@Suite("Theory-versus-experiment table")
struct TheoryExperimentTableTests {
  /// A method's sanity summary whose every score is `top` after the first stage and `logit` in
  /// the random-logit test (medians of constant samples are those constants).
  static func sanity(_ method: String, top: Double, logit: Double) -> MethodSanity {
    var g = SeededGenerator(seed: 1)
    let summary = { (v: Double) in SampleSummary([v, v, v], resamples: 20, using: &g) }
    return MethodSanity(
      method: method, cutPoints: ["fc2", "fc1"], randomization: [summary(top), summary(0.1)], randomLogit: summary(logit),
      ownObjectOverlap: nil, otherObjectOverlap: nil, twoClassSimilarity: nil)
  }

  static let proved = AlgebraicVerdict(rule: "x", note: "", outcome: .provedNonNegative, witness: nil)
  static let refuted = AlgebraicVerdict(rule: "x", note: "", outcome: .refuted, witness: "w")

  @Test("Empirical verdict: ≥ 0.9 both insensitive, < 0.5 both sensitive, boundaries inclusive as documented")
  func empiricalThresholds() {
    let t = TheoryExperimentTable.Thresholds()
    #expect(TheoryExperimentTable.empirical(top: 0.95, logit: 0.92, t) == .insensitive)
    #expect(TheoryExperimentTable.empirical(top: 0.9, logit: 0.9, t) == .insensitive)
    #expect(TheoryExperimentTable.empirical(top: 0.3, logit: 0.2, t) == .sensitive)
    #expect(TheoryExperimentTable.empirical(top: 0.5, logit: 0.2, t) == .between)
    #expect(TheoryExperimentTable.empirical(top: 0.95, logit: 0.3, t) == .between)
    #expect(TheoryExperimentTable.empirical(top: .nan, logit: 1, t) == .noData)
  }

  @Test("Every disagreement with the paper is named with its number; agreements say so")
  func disagreements() throws {
    let rows = TheoryExperimentTable(
      network: "net",
      sanity: [
        Self.sanity("lrp-zplus", top: 0.3, logit: 0.95),  // paper: collapses → top layer disagrees
        Self.sanity("gradient", top: 0.1, logit: 0.2),  // paper: no collapse → agrees, unless algebra proves ≥ 0
        Self.sanity("deeplift-rescale", top: 0.7, logit: 0.6),  // both ≥ 0.5 → two disagreements
        Self.sanity("lrp-wsquare", top: 0.2, logit: 0.2),  // not in the paper's table
      ],
      algebraic: { $0 == "gradient" ? Self.proved : Self.refuted }
    ).rows
    #expect(rows.map(\.method) == ["lrp-zplus", "gradient", "deeplift-rescale", "lrp-wsquare"])
    #expect(rows[0].disagreements == ["SSIM after randomizing fc2 = 0.300 < 0.900, but the paper expects the map to stay"])
    #expect(rows[1].disagreements.count == 1 && rows[1].disagreements[0].hasPrefix("sign analysis proves C ≥ 0"))
    #expect(rows[2].disagreements.count == 2)
    #expect(rows[3].disagreements.isEmpty && TheoryExperimentTable.agreement(rows[3]) == "not compared (not in the paper)")
    #expect(TheoryExperimentTable.agreement(rows[0]).hasPrefix("DISAGREES: "))
    let agreeing = try #require(
      TheoryExperimentTable(network: "n", sanity: [Self.sanity("gradient", top: 0.1, logit: 0.2)], algebraic: { _ in Self.refuted }).rows.first)
    #expect(TheoryExperimentTable.agreement(agreeing) == "agrees")
  }

  @Test("Sign analysis of catalogue rules: z⁺ is non-negative (a ≥ 0, w⁺ ≥ 0, eps > 0), the gradient's W is not")
  func algebraicVerdicts() {
    #expect(AlgebraicVerdict.analyse(method: "lrp-zplus").outcome == .provedNonNegative)
    let gradient = AlgebraicVerdict.analyse(method: "gradient")
    #expect(gradient.outcome == .refuted && gradient.witness != nil)
    #expect(AlgebraicVerdict.analyse(method: "dtd").rule == "zplus")
    #expect(AlgebraicVerdict.analyse(method: "no-such-method").outcome == .notInCatalogue)
  }

  @Test("The rendered table has one row per method and ten columns")
  func reportTable() {
    let table = TheoryExperimentTable(network: "n", sanity: [Self.sanity("gradient", top: 0.1, logit: 0.2)], algebraic: { _ in Self.refuted })
    let rendered = table.reportTable
    #expect(rendered.rows.count == 1 && rendered.header.count == 10)
    #expect(rendered.rows[0][4] == "0.100 (fc2)" && rendered.rows[0][3] == "—")
  }
}
