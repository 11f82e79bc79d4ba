import Foundation
import Testing
@testable import BPCommandLine

@Suite struct CompareCommandTests {
  static let base = [
    "compare", "--net", "random-mlp", "--images", "6", "--resamples", "50", "--csc-images", "3",
    "--method", "gradient", "--method", "lrp-zplus",
  ]

  @Test func printsOneRowPerMethodWithTheTheoryAndTheExperiment() throws {
    let c = Capture()
    #expect(BPCommandLine.run(Self.base, io: c.io) == 0, "\(c.stderr)")
    let lines = c.stdout.split(separator: "\n")
    #expect(lines.count == 5, "\(c.stdout)")
    #expect(lines[2].hasPrefix("gradient") && lines[3].hasPrefix("lrp-zplus"))
    // Theorem 1: z⁺ has non-negative local matrices, so on a random ReLU MLP its map ignores the
    // top layer and the class; the gradient's does not (paper-digest §4, §6).
    #expect(lines[3].contains("proved C ≥ 0") && lines[3].contains("class-insensitive"), "\(lines[3])")
    #expect(lines[2].contains("sensitive") && !lines[2].contains("class-insensitive"), "\(lines[2])")
  }

  @Test func jsonHasEveryCutPointTheRandomLogitTheCSCAndTheRow() throws {
    let c = Capture()
    #expect(BPCommandLine.run(Self.base + ["--json"], io: c.io) == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    #expect(object["network"] as? String == "random-mlp")
    #expect(object["measure"] as? String == "ssim" && object["randomization"] as? String == "reinit-glorot")
    let methods = try #require(object["methods"] as? [[String: Any]])
    #expect(methods.map { $0["method"] as? String } == ["gradient", "lrp-zplus"])
    for m in methods {
      let stages = try #require(m["randomization"] as? [[String: Any]])
      #expect(stages.count == 5, "random-mlp has five parametrised layers")
      #expect(stages.allSatisfy { $0["median"] is Double && $0["median_lower"] is Double && $0["median_upper"] is Double })
      #expect((m["random_logit"] as? [String: Any])?["n"] as? Int == 6)
      let csc = try #require(m["csc"] as? [String: Any])
      #expect((csc["points"] as? [String])?.first == "fc5" && (csc["points"] as? [String])?.last == "input")
      let row = try #require(m["table"] as? [String: Any])
      #expect(row["method"] as? String == m["method"] as? String)
      #expect(m["agreement"] is String)
    }
    // z⁺ collapses below the logits on a random network (CSC → 1); the gradient does not.
    let zplus = try #require(methods[1]["csc"] as? [String: Any])
    #expect((zplus["collapse_depth"] as? Int).map { $0 >= 1 } == true, "\(zplus)")
    #expect((methods[0]["csc"] as? [String: Any])?["collapse_depth"] is NSNull)
  }

  @Test func outWritesTheJSONDocumentBesideTheTable() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: path) }
    let c = Capture()
    #expect(BPCommandLine.run(Self.base + ["--out", path.path], io: c.io) == 0, "\(c.stderr)")
    #expect(c.stdout.hasPrefix("theory versus experiment on random-mlp"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    #expect((object["methods"] as? [[String: Any]])?.count == 2)
    let bad = Capture()
    #expect(BPCommandLine.run(Self.base + ["--out", "/nonexistent-dir/x.json"], io: bad.io) == 2)
    #expect(bad.stderr.hasPrefix("bpaudit: ") && bad.stderr.contains("--out"), "\(bad.stderr)")
  }

  @Test func badOptionsAreOneLineErrors() {
    for extra in [["--order", "bottom-up"], ["--randomization", "scramble"], ["--measure", "psnr"], ["--init", "zeros"]] {
      let c = Capture()
      #expect(BPCommandLine.run(Self.base + extra, io: c.io) == 2, "\(extra)")
      #expect(c.stderr.hasPrefix("bpaudit: ") && c.stderr.split(separator: "\n").count == 1, "\(extra): \(c.stderr)")
    }
  }
}
