import BackpropAudit
import Foundation

extension CheckCommand {
  /// `alpha=2, beta=1`, sorted by name.
  static func parameterText(_ parameters: [String: Double]) -> String {
    parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
  }

  /// The sign verdict in words, with the witness when there is one.
  static func signText(_ verdict: SignVerdict) -> String {
    switch verdict {
    case .provedNonNegative: "C_ij ≥ 0 (proved)"
    case .provedNonPositive: "C_ij ≤ 0 (proved)"
    case .unknown(let witness?): "negative entries exist: witness \(witness)"
    case .unknown(nil): "not proved; no negative entry found in the sampled layers"
    }
  }

  /// The identity verdict in words, saying whether it was proved or only checked numerically.
  static func identityText(_ verdict: IdentityVerdict) -> String {
    switch verdict {
    case .proved: "holds (proved symbolically, stabilisers dropped)"
    case .refuted(let witness): "fails (numerically): \(witness)"
    case .holdsNumerically(let samples, let maxError):
      "holds numerically (\(samples) evaluations, max scaled error \(String(format: "%.1e", maxError))), not proved"
    }
  }

  /// The report as JSON-ready dictionaries.
  static func jsonObject(_ r: RuleAuditReport, seconds: Double) -> [String: Any] {
    let number = { (x: Double) -> Any in x.isFinite ? x : NSNull() }
    var object: [String: Any] = [
      "name": r.name, "parameters": r.parameters, "verdict": r.verdict.rawValue, "reasons": r.reasons,
      "evidence": r.evidence, "seconds": seconds,
      "algebra": [
        "rule": r.algebra.plain, "unicode": r.algebra.unicode, "latex": r.algebra.latex,
        "local_entry": r.algebra.localEntry, "sign": signText(r.algebra.sign),
        "conservation": identityText(r.algebra.conservation), "equal_catalogue_rules": r.algebra.equalCatalogueRules,
      ],
      "theory": [
        "width": r.theory.width, "collapse_depth": r.theory.collapseDepth.map { $0 as Any } ?? NSNull(),
        "points": r.theory.points.map {
          ["depth": $0.depth, "sigma_ratio": number($0.sigmaRatio), "csc_median": number($0.cscMedian)] as [String: Any]
        },
      ],
    ]
    if let e = r.experiment {
      object["experiment"] = [
        "network": e.network, "images": e.images, "lowest_conv": e.lowestConv, "csc_median": number(e.cscMedian),
        "top_layer": e.topLayer, "top_randomization_ssim": number(e.topRandomizationSSIM),
        "random_logit_ssim": number(e.randomLogitSSIM),
      ]
    }
    return object
  }
}
