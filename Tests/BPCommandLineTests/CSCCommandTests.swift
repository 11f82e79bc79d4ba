import Foundation
import Testing
@testable import BPCommandLine

@Suite struct CSCCommandTests {
  @Test func jsonHasEveryPointFromTheInjectionLayerToTheInput() throws {
    let c = Capture()
    let code = BPCommandLine.run(
      ["csc", "--net", "random-mlp", "--images", "4", "--method", "lrp-zplus", "--inject", "fc3", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    let profiles = try #require(object["profiles"] as? [[String: Any]])
    let points = try #require(profiles.first?["points"] as? [[String: Any]])
    #expect(points.map { $0["point"] as? String } == ["fc3", "fc2", "fc1", "input"])
    for point in points {
      #expect(point["n"] as? Int == 40, "4 inputs × 10 pairs")
      let percentiles = try #require(point["percentiles"] as? [String: Any])
      #expect(Set(percentiles.keys) == ["0", "1", "5", "10", "20", "50", "80", "95", "99", "100"])
    }
  }

  /// The verdict object: z⁺ on the random MLP, thresholds echoed, the evidence of the deepest product (fc3).
  @Test func jsonCarriesTheVerdictWithItsThresholds() throws {
    let c = Capture()
    let code = BPCommandLine.run(
      ["csc", "--net", "random-mlp", "--images", "4", "--method", "lrp-zplus", "--inject", "fc3", "--inject", "fc2",
       "--collapse", "0.95", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    let verdict = try #require(object["verdict"] as? [String: Any])
    let thresholds = try #require(verdict["thresholds"] as? [String: Double])
    #expect(thresholds == ["collapse": 0.95, "partial": 0.9])
    #expect(["collapses", "partially", "does not collapse"].contains(verdict["outcome"] as? String ?? ""))
    let evidence = try #require(verdict["evidence"] as? [[String: Any]])
    #expect(evidence.map { $0["point"] as? String } == ["fc1"] && evidence.first?["profile"] as? String == "random-mlp@fc3")
  }

  @Test func textEndsWithTheVerdictLine() {
    let c = Capture()
    #expect(BPCommandLine.run(["csc", "--net", "random-mlp", "--images", "3", "--inject", "fc3"], io: c.io) == 0)
    #expect(c.stdout.split(separator: "\n").last?.hasPrefix("verdict: ") == true)
    #expect(c.stdout.contains("thresholds collapse 0.99, partial 0.9"))
  }

  @Test func badThresholdIsAOneLineError() {
    let c = Capture()
    #expect(BPCommandLine.run(["csc", "--net", "random-mlp", "--images", "2", "--partial", "2"], io: c.io) == 2)
    #expect(c.stderr.contains("--partial") && c.stderr.split(separator: "\n").count == 1)
  }

  @Test func badInjectionLayerIsAOneLineError() {
    let c = Capture()
    #expect(BPCommandLine.run(["csc", "--net", "random-mlp", "--images", "2", "--inject", "conv9"], io: c.io) == 2)
    #expect(c.stderr.contains("conv9") && c.stderr.split(separator: "\n").count == 1)
  }
}
