import Foundation
@testable import Symbolic
import Testing

@testable import BPCommandLine

/// `bpaudit rules` and `bpaudit prove`, run in-process.
@Suite struct RulesProveCommandTests {
  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  @Test func rulesListsEveryMethodWithFormulaParametersAndSign() {
    let c = Capture()
    #expect(BPCommandLine.run(["rules"], io: c.io) == 0)
    let out = c.stdout
    for name in ["lrp-zplus", "lrp-epsilon", "lrp-alpha2-beta1", "deeplift-rescale", "guided-backprop", "dtd", "rectgrad"] {
      #expect(out.contains("\n\(name)  [") || out.hasPrefix("\(name)  ["), "\(name)")
    }
    #expect(out.contains("Rᵢ = Σⱼ aᵢ·w⁺ᵢⱼ"))
    #expect(out.contains("parameters: eps = 1e-07"))
    #expect(out.contains("parameters: percentile = 98"))
    #expect(out.contains("sign: C ≥ 0 (proved)"))
    #expect(out.contains("sign: mixed (witness"))
    #expect(c.stderr.isEmpty)
  }

  @Test func rulesLatexUsesLatexFormulas() {
    let c = Capture()
    #expect(BPCommandLine.run(["rules", "--latex"], io: c.io) == 0)
    #expect(c.stdout.contains("R_{i} = \\sum_{j}"))
    #expect(!c.stdout.contains("Rᵢ = "))
  }

  @Test func rulesJSONHasOneObjectPerMethod() throws {
    let c = Capture()
    #expect(BPCommandLine.run(["rules", "--json"], io: c.io) == 0)
    let items = try #require(try Self.json(c.stdout) as? [[String: Any]])
    #expect(items.count == RuleCatalogue.all.count + RuleCatalogue.composites.count + RuleCatalogue.builtIns.count)
    let byCommand = Dictionary(uniqueKeysWithValues: items.map { ($0["command"] as! String, $0) })
    #expect(byCommand["lrp-zplus"]?["sign"] as? String == "nonnegative")
    #expect(byCommand["lrp-zplus"]?["id"] as? String == "zplus")
    #expect(byCommand["gradient"]?["sign"] as? String == "mixed")
    #expect(byCommand["dtd"]?["sign"] as? String == "nonnegative")
    #expect(byCommand["lrp-cmp-alpha1-beta0"]?["sign"] as? String == "mixed")
    #expect(byCommand["rectgrad"]?["kind"] as? String == "built-in")
    #expect((byCommand["lrp-epsilon"]?["parameters"] as? [String: Double])?["eps"] == 1e-7)
    for item in items { #expect((item["formulas"] as? [String])?.isEmpty == false) }
  }

  @Test func proveSelectedObligations() {
    let c = Capture()
    #expect(BPCommandLine.run(["prove", "zplus.nonnegative", "gradient.mixed", "alphabeta.conservation"], io: c.io) == 0)
    let lines = c.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("ok ") && lines[0].contains("zplus.nonnegative") && lines[0].contains("proved: C_ij ≥ 0"))
    #expect(lines[1].contains("gradient.mixed") && lines[1].contains("witness: negative entry -"))
    #expect(lines[2].contains("alphabeta.conservation") && lines[2].contains("proved"))
    #expect(lines[3] == "3 of 3 obligations met")
  }

  @Test func proveAllAsJSON() throws {
    let c = Capture()
    #expect(BPCommandLine.run(["prove", "--json"], io: c.io) == 0)
    let object = try #require(try Self.json(c.stdout) as? [String: Any])
    #expect(object["total"] as? Int == ProofObligations.all.count)
    #expect(object["met"] as? Int == ProofObligations.all.count)
    let first = try #require((object["obligations"] as? [[String: Any]])?.first)
    #expect(first["id"] as? String == ProofObligations.all[0].id)
    #expect(first["outcome"] as? String == "proved")
  }

  @Test func unknownObligationIsAUsageError() {
    let c = Capture()
    #expect(BPCommandLine.run(["prove", "zplus.nonnegative", "bogus"], io: c.io) == 2)
    #expect(c.stderr == "bpaudit: prove: unknown obligation 'bogus' (bpaudit prove --list shows the valid IDs)\n")
    #expect(c.stdout.isEmpty)
  }

  @Test func listShowsIDsWithoutChecking() {
    let c = Capture()
    #expect(BPCommandLine.run(["prove", "--list"], io: c.io) == 0)
    #expect(c.stdout.split(separator: "\n").count == ProofObligations.all.count)
    #expect(c.stdout.contains("zplus.nonnegative  z⁺: C_ij ≥ 0"))
  }

  /// An obligation whose expected result is not met (gradient is not non-negative) exits 1.
  @Test func unmetObligationExitsOne() {
    let c = Capture()
    let wrong = ProofObligation(
      id: "gradient.nonnegative", statement: "wrong on purpose",
      claim: .nonNegative(rule: "gradient", assumptions: .hiddenLayer))
    #expect(ProveCommand.report([wrong], json: false, io: c.io) == 1)
    #expect(c.stdout.hasPrefix("NOT MET gradient.nonnegative  witness: negative entry"))
    #expect(c.stdout.hasSuffix("0 of 1 obligations met\n"))
  }
}
