import Analysis
import Foundation
import Testing

/// Runs the `check-your-rule` example (Examples/check-your-rule, built by every `swift build` and
/// `swift test`) and checks its key numbers: the non-negative rule is proved non-negative and its
/// backward products collapse (Theorem 1), the mixed-sign rule has a negative witness and does not
/// collapse, and the printed σ₂/σ₁ equal those of a `RuleAudit` run here.
@Suite("Examples/check-your-rule")
struct CheckYourRuleExampleTests {
  /// The built example: beside the test runner, else in the package's `.build/debug`.
  static func executable() -> URL? {
    let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return [runner, package.appendingPathComponent(".build/debug")]
      .map { $0.appendingPathComponent("check-your-rule") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// Runs the example and returns its standard output.
  static func run() throws -> String {
    let process = Process()
    process.executableURL = try #require(executable(), "check-your-rule is not built (swift build builds it)")
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }

  /// The theory rows of the rule section starting at `marker`: `(depth, σ₂/σ₁, CSC)`.
  static func theoryRows(_ text: String, after marker: String) throws -> [(Int, Double, Double)] {
    let section = try #require(text.range(of: marker).map { text[$0.upperBound...] })
    let lines = section.split(separator: "\n").drop { !$0.contains("hidden layers") }.dropFirst().prefix(3)
    return lines.compactMap { line in
      let f = line.split(separator: " ")
      guard f.count == 3, let d = Int(f[0]), let s = Double(f[1]), let c = Double(f[2]) else { return nil }
      return (d, s, c)
    }
  }

  @Test("The example runs, narrates both rules and prints the numbers RuleAudit finds")
  func keyNumbers() throws {
    let text = try Self.run()
    let first = try Self.theoryRows(text, after: "Rule 1: positive-gradient")
    let second = try Self.theoryRows(text, after: "Rule 2: boosted-gradient")
    try #require(first.count == 3 && second.count == 3, "\(text)")
    #expect(first.map(\.0) == [2, 5, 10] && second.map(\.0) == [2, 5, 10])

    // pos(w)·step(z) ≥ 0 by hand: proved; Theorem 1: σ₂/σ₁ falls with depth and the CSC reaches 1.
    #expect(text.contains("C_ij ≥ 0 for every layer (proved by sign analysis)"))
    #expect(first[2].1 < first[0].1 && first[2].1 < 1e-3, "σ₂/σ₁ of the non-negative rule at depth 10: \(first[2].1)")
    #expect(first[2].2 >= RuleAudit.Thresholds.collapse)
    // (1 + γ)w⁺ + w⁻ takes both signs (any negative weight with z > 0): a witness, no collapse.
    #expect(text.contains("C_ij takes both signs"))
    #expect(second[2].1 > 1e-2 && second[2].2 < RuleAudit.Thresholds.noCollapse, "\(second[2])")
    let verdicts = text.split(separator: "\n").filter { $0.contains("verdict:") }.map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(verdicts == ["verdict: later-layer independent", "verdict: not independent"])

    // The printed numbers are RuleAudit's at the example's settings (3 significant digits).
    let settings = RuleAudit.Settings(depths: [2, 5, 10], width: 32, theoryInputs: 4, cnnImages: 0, images: 16, experiments: [], seed: 0)
    let theory = try RuleAudit(text: "R[i] = sum_j(pos(w[i,j])*step(z[j])*R[j])", name: "positive-gradient", settings: settings).theory()
    for (row, point) in zip(first, theory.points) {
      #expect(abs(row.1 - point.sigmaRatio) <= 1e-3 * abs(point.sigmaRatio), "depth \(point.depth)")
    }
  }
}
