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

  @Test func unknownMethodAndBadOptionsAreOneLineErrors() {
    for args in [
      ["sanity", "--net", "random-mlp", "--method", "nope"],
      ["sanity", "--net", "imagenet"],
      ["sanity", "--net", "random-mlp", "--order", "sideways"],
      ["sanity", "--model", "missing.json", "--weights", "missing.safetensors"],
    ] {
      let c = Capture()
      #expect(BPCommandLine.run(args, io: c.io) == 2, "\(args)")
      #expect(c.stderr.hasPrefix("bpaudit: ") && c.stderr.split(separator: "\n").count == 1, "\(args): \(c.stderr)")
    }
  }
}
