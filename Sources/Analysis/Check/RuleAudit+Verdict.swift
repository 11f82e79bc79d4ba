import Foundation
import Symbolic

extension RuleAudit {
  /// The verdict from the findings (thresholds in `Thresholds`):
  /// - *later-layer independent* when the CSC median at the input of the deepest random MLP is
  ///   ≥ 0.99 and (for every experiment that ran) the top-layer-randomization SSIM_flip median is ≥ 0.9;
  /// - *not independent* when that CSC median is < 0.9 and (for every experiment) the SSIM
  ///   median is < 0.5;
  /// - *inconclusive* otherwise (the kinds of evidence disagree or sit between the thresholds).
  ///
  /// The algebra, the random CNN, the collapse depth, the Birkhoff bound, the random-logit SSIM
  /// and the closest catalogue rules are reported as reasons but do not decide: a non-negative
  /// local matrix is the condition of the contraction theorem, not a proof of collapse on a given
  /// network, and the CNN's CSC at the input is over only 3 colour channels.
  /// - Parameter closest: the nearest catalogue rules by CSC profile (`closestCatalogueRules`).
  public func report(
    algebra: AlgebraFindings, theory: TheoryFindings, experiments: [ExperimentFindings], closest: [CatalogueMatch] = []
  ) -> RuleAuditReport {
    let deepest = theory.deepest
    let f = Self.format
    var reasons = [
      "depth-\(deepest.depth) MLP: CSC at input \(f(deepest.cscMedian)) "
        + "(≥ \(Thresholds.collapse) collapsed, < \(Thresholds.noCollapse) not)"
    ]
    reasons.append(
      theory.collapseDepth.map { "collapses after \($0) layers (CSC ≥ \(Thresholds.collapse))" }
        ?? "no collapse within \(deepest.depth) layers")
    if let bound = deepest.bound {
      reasons.append(
        "Birkhoff bound at input: 1 − cos ≤ \(String(format: "%.1e", bound.misalignment)) (\(bound.blocks) contracting blocks)")
    }
    if let cnn = theory.cnn {
      reasons.append(
        "random CIFAR CNN: CSC at \(cnn.lowestConv) \(f(cnn.lowestConvCSC)) (injected at \(cnn.injectedAt); not thresholded)")
    }
    let theoryCollapsed = deepest.cscMedian >= Thresholds.collapse
    let theoryFree = deepest.cscMedian < Thresholds.noCollapse
    var evidence = ["theory (random MLPs)"]
    var experimentIndependent = true
    var experimentDependent = true
    for e in experiments {
      reasons.append(
        "\(e.network): SSIM after randomizing \(e.topLayer) \(f(e.topRandomizationSSIM)) "
          + "(≥ \(Thresholds.ssimIndependent) unchanged, < \(Thresholds.ssimDependent) changed)")
      reasons.append(
        "\(e.network): random-logit SSIM \(f(e.randomLogitSSIM)), CSC at \(e.lowestConv) \(f(e.cscMedian)) (not thresholded)")
      experimentIndependent = experimentIndependent && e.topRandomizationSSIM >= Thresholds.ssimIndependent
      experimentDependent = experimentDependent && e.topRandomizationSSIM < Thresholds.ssimDependent
      evidence.append("experiment (\(e.network))")
    }
    if experiments.isEmpty { reasons.append("experiment skipped: the verdict rests on theory alone") }
    let verdict: AuditVerdict
    if theoryCollapsed && experimentIndependent {
      verdict = .independent
    } else if theoryFree && experimentDependent {
      verdict = .notIndependent
    } else {
      verdict = .inconclusive
    }
    if case .provedNonNegative = algebra.sign {
      reasons.append("algebra: C_ij ≥ 0 proved, the contraction theorem applies")
    }
    if !closest.isEmpty {
      reasons.append(
        "closest catalogue rules by CSC profile: "
          + closest.map { "\($0.id) (\(String(format: "%.2f", $0.distance)) decades)" }.joined(separator: ", "))
    }
    return RuleAuditReport(
      name: name, parameters: parameters, algebra: algebra, theory: theory, experiments: experiments,
      closest: closest, verdict: verdict, reasons: reasons, evidence: evidence)
  }

  /// `0.1234`, or `nan`.
  static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "nan" }
}
