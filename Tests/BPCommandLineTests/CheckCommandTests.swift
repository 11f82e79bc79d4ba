import Foundation
import Testing

@testable import BPCommandLine

/// `bpaudit check` end to end with `--quick --experiment none` (no training, no CNN in tests): exit
/// codes, the report files and the pointed one-line errors. The verdicts' reasoning is in `RuleAuditTests`.
@Suite struct CheckCommandTests {
  static let zPlus = "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])"

  @Test func zPlusIsFlaggedWithExitOneAndAgreesWithThePaper() {
    let c = Capture()
    let code = BPCommandLine.run(
      ["check", "--rule", Self.zPlus, "--param", "eps=1e-6", "--quick", "--experiment", "none"], io: c.io)
    #expect(code == 1, "\(c.stderr)")
    #expect(c.stdout.contains("sign      C_ij ≥ 0 (proved)"))
    #expect(c.stdout.contains("verdict: later-layer independent"))
    #expect(c.stdout.contains("paper: lrp-zplus (§8.2): collapses (fails); this check: later-layer independent, agrees"))
    #expect(c.stdout.contains("closest catalogue rules by CSC profile: "))
  }

  @Test func gradientPassesWithExitZeroAndAShortWitness() {
    let c = Capture()
    let code = BPCommandLine.run(
      ["check", "--rule", "R[i] = sum_j(w[i,j]*step(z[j])*R[j])", "--quick", "--experiment", "none", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    #expect(c.stdout.contains("\"verdict\" : \"not independent\""))
    // The witness names only what C_ij = w·1[z > 0] reads: w and z, no other quantity or parameter.
    let object = try? JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any]
    let sign = (object?["algebra"] as? [String: Any])?["sign"] as? String ?? ""
    #expect(sign.hasPrefix("negative entries exist: C_ij = -"), "\(sign)")
    #expect(sign.contains("w[i,j]=") && sign.contains("z[j]=") && !sign.contains("a[i]=") && !sign.contains("eps"), "\(sign)")
  }

  @Test func reportDirectoryGetsHTMLAndMarkdown() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("check-report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let c = Capture()
    let code = BPCommandLine.run(
      ["check", "--rule", Self.zPlus, "--param", "eps=1e-6", "--quick", "--experiment", "none", "--report", directory.path],
      io: c.io)
    #expect(code == 1, "\(c.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(files == ["csc-by-depth.svg", "index.html", "report.md"], "\(files)")
    let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
    for heading in ["Verdict", "Algebra", "Theory on random networks", "What was run"] {
      #expect(markdown.contains("## \(heading)"), "missing section \(heading)")
    }
    #expect(markdown.contains("later-layer independent"))
  }

  @Test func badRulesExitTwoWithOneLine() {
    let cases: [(String, String)] = [
      ("R[i] = sum_j(w[i,j]*(R[j]", "bpaudit: rule 'rule':1:26: syntax error: found 'end of input', expected ')'"),
      ("R[i] = sum_j(w[i,j]*q[i]*R[j])", "bpaudit: rule 'rule':1:21: unknown symbol: found 'q'"),
      ("R[i] = sum_j(w[i,j]*k*R[j])", "bpaudit: rule 'rule':1:21: undeclared parameter: found 'k'"),
    ]
    for (rule, prefix) in cases {
      let c = Capture()
      #expect(BPCommandLine.run(["check", "--rule", rule, "--experiment", "none"], io: c.io) == 2)
      #expect(c.stderr.hasPrefix(prefix), "\(c.stderr)")
      #expect(c.stderr.filter { $0 == "\n" }.count == 1)
      #expect(c.stdout.isEmpty)
    }
  }

  @Test func missingParameterBadParamAndMissingInputAreUsageErrors() {
    let c = Capture()
    #expect(BPCommandLine.run(["check", "--rule", "R[i] = sum_j(w[i,j]*R[j])", "--param", "alpha"], io: c.io) == 2)
    #expect(c.stderr == "bpaudit: check: --param 'alpha': expected NAME=NUMBER, e.g. alpha=2\n")
    let d = Capture()
    #expect(BPCommandLine.run(["check", "--rule", "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])", "--experiment", "none"], io: d.io) == 2)
    #expect(d.stderr == "bpaudit: rule 'rule': parameter 'eps' has no value; expected --param eps=<number>\n")
    let e = Capture()
    #expect(BPCommandLine.run(["check", "--rule", "R[i] = sum_j(w[i,j]*R[j])", "--model", "/nonexistent/model.json"], io: e.io) == 2)
    #expect(e.stderr.filter { $0 == "\n" }.count == 1, "\(e.stderr)")
    #expect(e.stdout.isEmpty)
  }
}
