import BackpropAudit
import Foundation

extension CheckCommand {
  /// `alpha=2, beta=1`, sorted by name.
  static func parameterText(_ parameters: [String: Double]) -> String {
    parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
  }

  /// Which propagator the CNN steps use.
  static func kernelText(_ audit: RuleAudit) -> String {
    audit.kernelName.map { "fast kernel of \($0) (equal rule)" } ?? "generic evaluator"
  }

  /// `0.1234`, or `nan`.
  static func number(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "nan" }

  /// The algebra step, one line per finding.
  static func algebraLines(_ a: AlgebraFindings, entry: Expr) -> [String] {
    [
      "rule      \(a.plain)",
      "unicode   \(a.unicode)",
      "latex     \(a.latex)",
      "C_ij      \(a.localEntry)",
      "sign      \(signText(a.sign, entry: entry))",
      "Σᵢ C_ij=1 \(identityText(a.conservation, entry: entry))",
      "equals    " + (a.equalCatalogueRules.isEmpty ? "no catalogue rule" : a.equalCatalogueRules.joined(separator: ", ")),
    ]
  }

  /// The sign verdict in words; a witness is shortened to the quantities `entry` reads.
  static func signText(_ verdict: SignVerdict, entry: Expr) -> String {
    switch verdict {
    case .provedNonNegative: "C_ij ≥ 0 (proved)"
    case .provedNonPositive: "C_ij ≤ 0 (proved)"
    case .unknown(let witness?): "negative entries exist: " + shortWitness(witness, reads: entry)
    case .unknown(nil): "not proved; no negative entry found in the sampled layers"
    }
  }

  /// `C_ij = -0.41 at w[i,j]=-0.62 z[j]=0.35 (random 2×3 layer)`: the value and only the quantities
  /// `entry` reads, at the witness's `(i, j)` (every quantity of the layer when `entry` is nil).
  static func shortWitness(_ w: Witness, reads entry: Expr?, label: String = "C_ij") -> String {
    let wanted = entry?.quantities ?? Set(Quantity.allCases)
    let values = Quantity.allCases.filter { wanted.contains($0) && $0 != .R && w.layer.values[$0] != nil }.map { q in
      let index = q.indices.map { $0 == .i ? "i" : "j" }.joined(separator: ",")
      return "\(q)[\(index)]=" + String(format: "%.3g", w.layer.value(q, i: w.i, j: w.j))
    }
    let parameters = w.layer.parameters.filter { entry?.parameters.contains($0.key) ?? true }.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.3g", $0.value))" }
    return "\(label) = \(String(format: "%.3g", w.value)) at " + (values + parameters).joined(separator: " ")
      + " (random \(w.layer.inputs)×\(w.layer.outputs) layer)"
  }

  /// The identity verdict in words, saying whether it was proved or only checked numerically.
  static func identityText(_ verdict: IdentityVerdict, entry: Expr?) -> String {
    switch verdict {
    case .proved: "holds (proved symbolically, stabilisers dropped)"
    case .refuted(let witness): "fails: " + shortWitness(witness, reads: entry, label: "Σᵢ C_ij − 1")
    case .holdsNumerically(let samples, let maxError):
      "holds numerically (\(samples) evaluations, max scaled error \(String(format: "%.1e", maxError))), not proved"
    }
  }

  /// One row of the MLP table.
  static func theoryLine(_ p: TheoryPoint) -> String {
    let bound = p.bound.map { String(format: "%20.1e", $0.misalignment) } ?? String(repeating: " ", count: 17) + "n/a"
    return String(format: "  %5d  %14.3e  %12.4f  ", p.depth, p.sigmaRatio, p.cscMedian) + bound
  }

  /// The CSC-by-depth curve without its first point (the injection, chance level): `0.23 0.41 …`.
  static func curveText(_ curve: [Double]) -> String {
    curve.dropFirst().map { String(format: "%.3f", $0) }.joined(separator: " ")
  }

  /// How the verdict compares with the paper's (paper-digest §8.2) for each catalogue rule the
  /// audited rule equals; for a difference, the thresholded measurements on the other side.
  static func paperComparison(_ r: RuleAuditReport) -> [String] {
    var lines: [String] = []
    for id in r.algebra.equalCatalogueRules {
      guard let command = RuleCatalogue.entry(id)?.commandName else { continue }
      let expected = PaperExpectation.forMethod(command)
      if expected == .notInPaper { continue }
      let agrees: Bool
      switch expected {
      case .collapses: agrees = r.verdict == .independent
      case .doesNotCollapse: agrees = r.verdict == .notIndependent
      case .convergesLess: agrees = r.verdict != .notIndependent
      case .notInPaper: agrees = true
      }
      var line = "\(command) (§8.2): \(expected.text); this check: \(r.verdict.rawValue), " + (agrees ? "agrees" : "differs")
      if !agrees { line += ": " + disagreement(r, expected: expected).joined(separator: "; ") }
      lines.append(line)
    }
    if lines.isEmpty, r.algebra.equalCatalogueRules.isEmpty {
      lines.append("the rule equals no catalogue rule; compare the closest rules by CSC profile above")
    }
    return lines
  }

  /// The measurements that sit on the other side of their thresholds from the paper's verdict.
  static func disagreement(_ r: RuleAuditReport, expected: PaperExpectation) -> [String] {
    let t = RuleAudit.Thresholds.self
    let d = r.theory.deepest
    var why: [String] = []
    if expected == .collapses {
      if d.cscMedian < t.collapse { why.append("depth-\(d.depth) MLP CSC \(number(d.cscMedian)) < \(t.collapse)") }
      for e in r.experiments where !(e.topRandomizationSSIM >= t.ssimIndependent) {
        why.append("\(e.network): SSIM after randomizing \(e.topLayer) \(number(e.topRandomizationSSIM)) < \(t.ssimIndependent)")
      }
    } else {
      if d.cscMedian >= t.noCollapse { why.append("depth-\(d.depth) MLP CSC \(number(d.cscMedian)) ≥ \(t.noCollapse)") }
      for e in r.experiments where !(e.topRandomizationSSIM < t.ssimDependent) {
        why.append("\(e.network): SSIM after randomizing \(e.topLayer) \(number(e.topRandomizationSSIM)) ≥ \(t.ssimDependent)")
      }
    }
    return why
  }

  /// The report as JSON-ready dictionaries.
  static func jsonObject(_ r: RuleAuditReport, entry: Expr, paper: [String], seconds: Double) -> [String: Any] {
    let value = { (x: Double) -> Any in x.isFinite ? x : NSNull() }
    var object: [String: Any] = [
      "name": r.name, "parameters": r.parameters, "verdict": r.verdict.rawValue, "reasons": r.reasons,
      "evidence": r.evidence, "seconds": seconds, "paper": paper,
      "closest": r.closest.map { ["id": $0.id, "distance": value($0.distance)] as [String: Any] },
      "algebra": [
        "rule": r.algebra.plain, "unicode": r.algebra.unicode, "latex": r.algebra.latex,
        "local_entry": r.algebra.localEntry, "sign": signText(r.algebra.sign, entry: entry),
        "conservation": identityText(r.algebra.conservation, entry: nil),
        "equal_catalogue_rules": r.algebra.equalCatalogueRules,
      ],
    ]
    var theory: [String: Any] = [
      "width": r.theory.width, "collapse_depth": r.theory.collapseDepth.map { $0 as Any } ?? NSNull(),
      "points": r.theory.points.map {
        [
          "depth": $0.depth, "sigma_ratio": value($0.sigmaRatio), "csc_median": value($0.cscMedian),
          "csc_curve": $0.cscCurve.map(value),
          "bound_misalignment": $0.bound.map { value($0.misalignment) } ?? NSNull(),
        ] as [String: Any]
      },
    ]
    if let c = r.theory.cnn {
      theory["cnn"] = [
        "injected_at": c.injectedAt, "images": c.images, "points": c.points, "csc_median": c.cscMedian.map(value),
        "chance": c.chance.map(value), "collapse_point": c.collapsePoint.map { $0 as Any } ?? NSNull(),
      ] as [String: Any]
    }
    object["theory"] = theory
    object["experiments"] = r.experiments.map { e in
      [
        "network": e.network, "images": e.images, "lowest_conv": e.lowestConv, "csc_median": value(e.cscMedian),
        "top_layer": e.topLayer, "top_randomization_ssim": value(e.topRandomizationSSIM),
        "random_logit_ssim": value(e.randomLogitSSIM),
      ] as [String: Any]
    }
    return object
  }
}
