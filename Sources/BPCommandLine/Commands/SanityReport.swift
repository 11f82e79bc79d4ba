import BackpropAudit
import Foundation

/// The JSON document of `bpaudit sanity --json`: the setup and every summary.
enum SanityReportJSON {
  /// A JSON-serialisable object (NaN written as the string "nan").
  static func object(_ results: [MethodSanity], choice: NetworkChoice, suite: SanitySuite, seconds: Double) throws -> [String: Any] {
    let methods = try encoded(results)
    return [
      "network": choice.name, "held_out_accuracy": choice.accuracy ?? NSNull(), "images": min(suite.images, choice.labels.count),
      "seed": suite.seed, "measure": suite.similarity.rawValue, "order": suite.plan.order.rawValue,
      "randomization": SanityOptions.modeName(suite.plan.mode),
      "resamples": suite.resamples, "seconds": seconds, "methods": methods,
    ]
  }

  /// `value` as a JSON-serialisable object: snake-case keys, NaN and ±∞ as the strings "nan",
  /// "inf", "-inf".
  static func encoded(_ value: some Encodable) throws -> Any {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try JSONSerialization.jsonObject(with: encoder.encode(value))
  }
}

/// The human-readable table of `bpaudit sanity`.
enum SanityTable {
  /// Prints one row per method: similarity after randomizing the top layer and all layers, the
  /// random-logit median, and the two-object overlaps.
  static func print(_ results: [MethodSanity], choice: NetworkChoice, suite: SanitySuite, seconds: Double, io: CommandIO) {
    let accuracy = choice.accuracy.map { String(format: ", held-out accuracy %.1f%%", 100 * $0) } ?? ""
    io.print("sanity checks on \(choice.name)\(accuracy): \(min(suite.images, choice.labels.count)) images, \(suite.similarity.rawValue), \(suite.plan.order.rawValue) \(SanityOptions.modeName(suite.plan.mode)) randomization, seed \(suite.seed), \(String(format: "%.1f", seconds)) s")
    guard let first = results.first else { return }
    let top = first.cutPoints.first ?? "-"
    let all = first.cutPoints.last ?? "-"
    let header = [
      "method", "after \(top) [99% CI]", "after all (\(all))", "random logit", "own/other object",
    ]
    var rows = [header]
    for r in results {
      let overlap = [r.ownObjectOverlap, r.otherObjectOverlap].compactMap { $0.map { fixed($0.median) } }
      rows.append([
        r.method,
        r.randomization.first.map { "\(fixed($0.median)) [\(fixed($0.medianLower)), \(fixed($0.medianUpper))]" } ?? "-",
        r.randomization.last.map { fixed($0.median) } ?? "-",
        fixed(r.randomLogit.median),
        overlap.isEmpty ? "-" : overlap.joined(separator: " / "),
      ])
    }
    let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    for row in rows {
      let cells = row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
      io.print(cells.joined(separator: "  "))
    }
  }

  private static func fixed(_ x: Double) -> String { x.isNaN ? "nan" : String(format: "%.3f", x) }
}
