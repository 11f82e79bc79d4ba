import BackpropAudit
import Foundation

/// What `bpaudit compare` measured, and its two renderings: the aligned text table and the JSON
/// document with every number.
struct CompareReport {
  /// The network and its inputs.
  var choice: NetworkChoice
  /// The sanity-suite settings.
  var suite: SanitySuite
  /// The sanity results, one per method.
  var sanity: [MethodSanity]
  /// The CSC profiles (injection at the logits), one per method; empty when not measured.
  var csc: [CSCSummary]
  /// Images and vectors per image of the CSC measurement.
  var cscImages, cscVectors: Int
  /// The theory-versus-experiment table.
  var table: TheoryExperimentTable
  /// Two-object images: the fraction whose two largest logits are their two classes, and the
  /// chance overlap (`ClassSensitivity`); `nil` without two-object images.
  var twoObjectTopTwo, twoObjectChance: Double?
  /// Wall-clock seconds per step (`sanity`, `csc`, `table`).
  var seconds: [String: Double]

  /// The CSC value at which a point counts as collapsed (issue 5 item 6).
  static let collapseThreshold = 0.99

  /// The collapse depth of a CSC profile: the shallowest point below the injection point, counting
  /// down (1 is the next point), from which the median stays at or above ``collapseThreshold`` at
  /// every lower point down to the first layer above the input; with its name, `nil` when the
  /// first layer itself is below the threshold. A single point is not enough: just below a max
  /// pool each position keeps few non-zero channels, so |cos| there is near 1 for every method.
  /// The input is excluded (its CSC is over the `C` channels of one pixel, trivially 1 for grey images).
  static func collapseDepth(_ s: CSCSummary) -> (depth: Int, point: String)? {
    guard s.points.count > 2 else { return nil }
    var depth: Int?
    for k in stride(from: s.points.count - 2, through: 1, by: -1) {
      guard s.median[k] >= collapseThreshold else { break }
      depth = k
    }
    return depth.map { ($0, s.points[$0]) }
  }

  /// The RankAnalyzer cell: `0.998 ≥ 0.99: collapses; depth 2 (conv4)`.
  static func rankText(_ s: CSCSummary) -> String {
    let depth = collapseDepth(s).map { "depth \($0.depth) (\($0.point))" } ?? "no collapse above the input"
    return "\(s.verdictText); \(depth)"
  }

  /// Prints the header line, one aligned row per method and the thresholds.
  func print(io: CommandIO) {
    let accuracy = choice.accuracy.map { String(format: ", held-out accuracy %.1f%%", 100 * $0) } ?? ""
    let images = min(suite.images, choice.labels.count)
    let total = seconds.values.reduce(0, +)
    io.print(
      "theory versus experiment on \(choice.name)\(accuracy): \(images) images, \(suite.similarity.rawValue), "
        + "\(suite.plan.order.rawValue) \(SanityOptions.modeName(suite.plan.mode)) randomization, seed \(suite.seed); "
        + "CSC on \(cscImages) images × \(cscVectors) vectors at \(csc.first?.injectionLayer ?? "-"); \(String(format: "%.1f", total)) s")
    let f = Self.fixed
    let header = [
      "method", "algebraic", "CSC first layer; collapse depth", "SSIM top [99% CI]", "random logit [99% CI]",
      "own / other object", "empirical", "paper", "agreement",
    ]
    var rows = [header]
    for (row, s) in zip(table.rows, sanity) {
      let top = s.randomization.first
      rows.append([
        row.method, row.algebraic.text, row.rank ?? "—",
        top.map { "\(f($0.median)) [\(f($0.medianLower)), \(f($0.medianUpper))] (\(row.topLayer))" } ?? "—",
        "\(f(s.randomLogit.median)) [\(f(s.randomLogit.medianLower)), \(f(s.randomLogit.medianUpper))]",
        row.ownOverlap == nil ? "—" : "\(f(row.ownOverlap)) / \(f(row.otherOverlap))",
        row.empirical.rawValue, row.expectation.text, TheoryExperimentTable.agreement(row),
      ])
    }
    let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    for row in rows {
      let cells = row.enumerated().map { c, cell in
        c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
      }
      io.print(cells.joined(separator: "  "))
    }
    io.print(
      "empirical: class-insensitive when the top-layer and random-logit medians are both ≥ \(f(table.thresholds.insensitive)), "
        + "sensitive when both < \(f(table.thresholds.sensitive)); own / other: median top-k overlap of each class's map with its own "
        + "and the other object's mask on \(choice.twoObjects?.labels.count ?? 0) two-object images (k = object size; "
        + "chance \(f(twoObjectChance)); both classes in the network's top two logits for \(f(twoObjectTopTwo)) of them)")
  }

  /// Three decimals, `nan` for NaN, `—` for `nil`.
  static func fixed(_ x: Double?) -> String {
    guard let x else { return "—" }
    return x.isNaN ? "nan" : String(format: "%.3f", x)
  }

  /// The JSON document: the setup, the thresholds, the step timings and per method every number
  /// (sanity summaries at every cut point, random logit, two-object overlaps, CSC profile, the
  /// table row with its agreement text).
  func json() throws -> [String: Any] {
    let methods = try zip(sanity, table.rows).map { s, row -> [String: Any] in
      var object = try SanityReportJSON.encoded(s) as? [String: Any] ?? [:]
      object["table"] = try SanityReportJSON.encoded(row)
      object["agreement"] = TheoryExperimentTable.agreement(row)
      if let profile = csc.first(where: { $0.method == s.method }) {
        var c = try SanityReportJSON.encoded(profile) as? [String: Any] ?? [:]
        c["first_layer_csc"] = profile.firstLayerCSC.isNaN ? "nan" : profile.firstLayerCSC
        let depth = Self.collapseDepth(profile)
        c["collapse_depth"] = depth?.depth ?? NSNull()
        c["collapse_point"] = depth?.point ?? NSNull()
        object["csc"] = c
      }
      return object
    }
    return [
      "network": choice.name, "held_out_accuracy": choice.accuracy ?? NSNull(),
      "images": min(suite.images, choice.labels.count), "two_object_images": choice.twoObjects?.labels.count ?? 0,
      "seed": suite.seed, "measure": suite.similarity.rawValue, "order": suite.plan.order.rawValue,
      "randomization": SanityOptions.modeName(suite.plan.mode), "resamples": suite.resamples,
      "two_object_top_two_accuracy": twoObjectTopTwo ?? NSNull(), "two_object_chance_overlap": twoObjectChance ?? NSNull(),
      "csc_images": cscImages, "csc_vectors": cscVectors, "collapse_threshold": Self.collapseThreshold,
      "thresholds": try SanityReportJSON.encoded(table.thresholds), "seconds": seconds, "methods": methods,
    ]
  }
}
