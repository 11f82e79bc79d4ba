import Networks
import Symbolic
import Testing

@testable import Analysis

/// Worked cases of `RuleAudit`, on random networks only (no training in tests).
///
/// Why these verdicts are expected (paper-digest §5): z⁺ has a non-negative local matrix, so by
/// the contraction theorem the backward product from a deep layer collapses to rank one — every
/// injected vector arrives at the input pointing the same way (CSC → 1), whatever the upper
/// layers are. The gradient's local matrix `W·M` has entries of both signs; products of random
/// such matrices keep their rank, so independent injections stay distinguishable (CSC well
/// below 1 at width 32: |cos| of near-random 32-vectors has median ≈ 0.12).
@Suite struct RuleAuditTests {
  static let zPlus = "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])"
  static let gradient = "R[i] = sum_j(w[i,j]*step(z[j])*R[j])"
  /// One deep random MLP, narrow and with few inputs: seconds in debug.
  static let tiny = RuleAudit.Settings(depths: [8], width: 32, theoryInputs: 4, images: 4, experiment: .skipped)

  @Test func zPlusWrittenAsTextIsFlaggedIndependent() throws {
    let audit = try RuleAudit(text: Self.zPlus, name: "z+ text", parameters: ["eps": 1e-6], settings: Self.tiny)
    let report = try audit.run()
    // Algebra: the entry a·w⁺/(Σa·w⁺ + ε) is a product/quotient of non-negative factors.
    #expect(report.algebra.sign == .provedNonNegative)
    #expect(report.algebra.equalCatalogueRules.contains("zplus"))
    let point = try #require(report.theory.points.first)
    #expect(point.cscMedian >= RuleAudit.Thresholds.collapse, "CSC median \(point.cscMedian)")
    #expect(point.sigmaRatio < 1e-2, "σ₂/σ₁ \(point.sigmaRatio)")
    #expect(report.verdict == .independent)
    #expect(report.evidence == ["theory (random MLPs)"])
  }

  @Test func gradientWrittenAsTextIsNotIndependent() throws {
    let audit = try RuleAudit(text: Self.gradient, name: "gradient text", settings: Self.tiny)
    let report = try audit.run()
    // Algebra: w·1[z > 0] is negative wherever w < 0 and z > 0, so a witness must exist.
    guard case .unknown(let witness?) = report.algebra.sign else {
      Issue.record("expected a negative witness, got \(report.algebra.sign)")
      return
    }
    #expect(witness.value < 0)
    #expect(report.algebra.equalCatalogueRules.contains("gradient"))
    let point = try #require(report.theory.points.first)
    #expect(point.cscMedian < RuleAudit.Thresholds.noCollapse, "CSC median \(point.cscMedian)")
    #expect(report.verdict == .notIndependent)
  }

  /// The experiment path on a prebuilt random small CNN (two convs, one dense below the logits):
  /// the measurements land on the right layers and are similarities. No verdict threshold is
  /// asserted: this CNN is too shallow for z⁺ to collapse fully (the theory step is the deep
  /// case), and the gradient text masks a negative class logit to an all-zero map (SSIM NaN).
  @Test func experimentOnPrebuiltRandomCNN() throws {
    let data = SyntheticShapes.make(count: 4, size: .small, seed: 3)
    let network = Network.smallCNN(inputShape: SyntheticShapes.Size.small.shape, classes: SyntheticShapes.classCount, seed: 3)
    var settings = Self.tiny
    settings.experiment = .prebuilt(name: "random small CNN", network: network, inputs: data.inputs, labels: data.labels)
    let found = try #require(try RuleAudit(text: Self.zPlus, parameters: ["eps": 1e-6], settings: settings).experiment())
    let linear = network.layers.filter {
      switch $0 {
      case .dense, .conv2d: true
      default: false
      }
    }
    #expect(found.images == 4)
    #expect(found.lowestConv == linear[0].name)
    #expect(found.topLayer == linear[linear.count - 1].name)
    #expect(found.injectedAt == linear[linear.count - 2].name)
    for value in [found.cscMedian, found.topRandomizationSSIM, found.randomLogitSSIM] {
      #expect(value.isFinite && value >= -1 && value <= 1 + 1e-9, "\(value)")
    }
  }

  @Test func syntaxErrorHasAPosition() {
    do {
      _ = try RuleAudit(text: "R[i] = sum_j(w[i,j]*(R[j]", settings: Self.tiny)
      Issue.record("expected a syntax error")
    } catch let error as RuleSyntaxError {
      #expect(error.kind == .syntax)
      #expect(error.line == 1 && error.column == 26)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func unboundSymbolsArePointed() {
    // `k` is neither a layer quantity nor a declared parameter; `eps` is declared but has no value.
    #expect(throws: RuleSyntaxError.self) { _ = try RuleAudit(text: "R[i] = sum_j(k*w[i,j]*R[j])", settings: Self.tiny) }
    #expect(throws: RuleAuditError.missingParameter(rule: "rule", parameter: "eps")) {
      _ = try RuleAudit(text: "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])", settings: Self.tiny)
    }
    #expect(throws: RuleAuditError.unusedParameter(rule: "rule", parameter: "alpha")) {
      _ = try RuleAudit(text: Self.gradient, parameters: ["alpha": 2], settings: Self.tiny)
    }
  }
}
