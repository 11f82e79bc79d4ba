import BackpropAudit
import Foundation

/// The collapse-verdict thresholds shared by `bpaudit csc` and `bpaudit rank`, and the verdict's JSON.
enum VerdictOptions {
  /// `--collapse` and `--partial`.
  static let options: [OptionSpec] = [
    .value("collapse", "S", "Verdict: collapses when the measure just above the input is ≥ S.", default: "0.99"),
    .value("partial", "E", "Verdict: partially when its excess over chance (s − chance)/(1 − chance) is ≥ E.", default: "0.9"),
  ]

  /// Reads the thresholds.
  static func thresholds(_ arguments: ParsedArguments) throws -> CollapseVerdict.Thresholds {
    CollapseVerdict.Thresholds(
      collapse: try number(arguments, "collapse", default: 0.99), partial: try number(arguments, "partial", default: 0.9))
  }

  private static func number(_ arguments: ParsedArguments, _ name: String, default value: Double) throws -> Double {
    guard let text = arguments.string(name) else { return value }
    guard let x = Double(text), x >= 0, x <= 1, name != "collapse" || x > 0 else {
      throw UsageError(command: arguments.command, message: "--\(name): expected a number in \(name == "collapse" ? "(0, 1]" : "[0, 1]"), got '\(text)'")
    }
    return x
  }

  /// The verdict as a JSON object (outcome, thresholds, one evidence object per profile).
  static func json(_ v: CollapseVerdict) -> [String: Any] {
    [
      "outcome": v.outcome.rawValue,
      "thresholds": ["collapse": v.thresholds.collapse, "partial": v.thresholds.partial],
      "evidence": v.evidence.map { e -> [String: Any] in
        [
          "profile": e.label, "point": e.point, "value": e.value, "baseline": e.baseline, "outcome": e.outcome.rawValue,
          "crossing_point": e.crossingPoint ?? NSNull(), "crossing_depth": e.crossingDepth ?? NSNull(),
        ]
      },
    ]
  }
}
