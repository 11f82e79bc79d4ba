extension RuleAudit {
  /// The verdict from the findings (thresholds in `Thresholds`):
  /// - *later-layer independent* when the CSC median at the input of the deepest random MLP is
  ///   ≥ 0.99 and (if the experiment ran) the top-layer-randomization SSIM_flip median is ≥ 0.9;
  /// - *not independent* when that CSC median is < 0.9 and (if the experiment ran) the SSIM
  ///   median is < 0.5;
  /// - *inconclusive* otherwise (the kinds of evidence disagree or sit between the thresholds).
  /// The algebra is reported but does not decide: a non-negative local matrix is the condition of
  /// the contraction theorem, not a proof of collapse on a given network.
  public func report(algebra: AlgebraFindings, theory: TheoryFindings, experiment: ExperimentFindings?) -> RuleAuditReport {
    let deepest = theory.points[theory.points.count - 1]
    let f = { (x: Double) in x.isFinite ? String(format: "%.4f", x) : "nan" }
    var reasons = [
      "CSC median at the input of the depth-\(deepest.depth) random MLP = \(f(deepest.cscMedian)) "
        + "(collapsed if ≥ \(Thresholds.collapse), not if < \(Thresholds.noCollapse))"
    ]
    let theoryCollapsed = deepest.cscMedian >= Thresholds.collapse
    let theoryFree = deepest.cscMedian < Thresholds.noCollapse
    var evidence = ["theory (random MLPs)"]
    var experimentIndependent = true
    var experimentDependent = true
    if let experiment {
      reasons.append(
        "SSIM_flip median after randomizing \(experiment.topLayer) of \(experiment.network) = "
          + "\(f(experiment.topRandomizationSSIM)) (unchanged if ≥ \(Thresholds.ssimIndependent), changed if < \(Thresholds.ssimDependent))")
      reasons.append(
        "also measured (not thresholded): CSC median at \(experiment.lowestConv) = \(f(experiment.cscMedian)), "
          + "random-logit SSIM_flip median = \(f(experiment.randomLogitSSIM))")
      experimentIndependent = experiment.topRandomizationSSIM >= Thresholds.ssimIndependent
      experimentDependent = experiment.topRandomizationSSIM < Thresholds.ssimDependent
      evidence.append("experiment (\(experiment.network))")
    } else {
      reasons.append("experiment skipped: the verdict rests on theory alone")
    }
    let verdict: AuditVerdict
    if theoryCollapsed && experimentIndependent {
      verdict = .independent
    } else if theoryFree && experimentDependent {
      verdict = .notIndependent
    } else {
      verdict = .inconclusive
    }
    if case .provedNonNegative = algebra.sign {
      reasons.append("algebra: C_ij ≥ 0 proved — the contraction theorem applies (consistent with collapse)")
    }
    return RuleAuditReport(
      name: name, parameters: parameters, algebra: algebra, theory: theory, experiment: experiment,
      verdict: verdict, reasons: reasons, evidence: evidence)
  }
}
