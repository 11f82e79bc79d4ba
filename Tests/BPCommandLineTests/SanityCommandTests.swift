import Foundation
import Testing
@testable import BPCommandLine

@Suite struct SanityCommandTests {
  @Test func printsOneRowPerMethodAndJSONWithEveryStage() throws {
    let args = ["sanity", "--net", "random-mlp", "--images", "6", "--resamples", "50", "--method", "gradient", "--method", "lrp-zplus"]
    let table = Capture()
    #expect(BPCommandLine.run(args, io: table.io) == 0, "\(table.stderr)")
    let lines = table.stdout.split(separator: "\n")
    #expect(lines.count == 4, "\(table.stdout)")
    #expect(lines[2].hasPrefix("gradient") && lines[3].hasPrefix("lrp-zplus"))

    let json = Capture()
    #expect(BPCommandLine.run(args + ["--json"], io: json.io) == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let methods = try #require(object["methods"] as? [[String: Any]])
    #expect(methods.count == 2)
    let stages = try #require(methods[0]["randomization"] as? [[String: Any]])
    #expect(stages.count == 5, "random-mlp has five parametrised layers")
    #expect((methods[0]["cut_points"] as? [String]) == ["fc5", "fc4", "fc3", "fc2", "fc1"])
  }

  @Test func quantusOptionsReachTheSuite() throws {
    let base = ["sanity", "--net", "random-mlp", "--images", "4", "--resamples", "20", "--method", "gradient", "--json"]
    let cases: [([String], String, String, String, [String])] = [
      (["--randomization", "shuffle", "--order", "independent", "--measure", "cosine"], "shuffle", "independent", "cosine",
       ["fc5", "fc4", "fc3", "fc2", "fc1"]),
      (["--init", "he", "--order", "bottom-up", "--measure", "spearman"], "reinit-he", "bottom-up", "spearman",
       ["fc1", "fc2", "fc3", "fc4", "fc5"]),
      (["--measure", "abs-cosine"], "reinit-glorot", "cascading", "abs-cosine", ["fc5", "fc4", "fc3", "fc2", "fc1"]),
    ]
    for (options, mode, order, measure, cuts) in cases {
      let c = Capture()
      #expect(BPCommandLine.run(base + options, io: c.io) == 0, "\(options): \(c.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
      #expect(object["randomization"] as? String == mode && object["order"] as? String == order, "\(options)")
      #expect(object["measure"] as? String == measure, "\(options)")
      let methods = try #require(object["methods"] as? [[String: Any]])
      #expect(methods[0]["cut_points"] as? [String] == cuts, "\(options)")
    }
  }

  @Test func unknownMethodAndBadOptionsAreOneLineErrors() {
    for args in [
      ["sanity", "--net", "random-mlp", "--method", "nope"],
      ["sanity", "--net", "imagenet"],
      ["sanity", "--net", "random-mlp", "--order", "sideways"],
      ["sanity", "--net", "random-mlp", "--randomization", "glorot"],
      ["sanity", "--net", "random-mlp", "--measure", "ssim-flip"],
      ["sanity", "--model", "missing.json", "--weights", "missing.safetensors"],
    ] {
      let c = Capture()
      #expect(BPCommandLine.run(args, io: c.io) == 2, "\(args)")
      #expect(c.stderr.hasPrefix("bpaudit: ") && c.stderr.split(separator: "\n").count == 1, "\(args): \(c.stderr)")
    }
  }
}
