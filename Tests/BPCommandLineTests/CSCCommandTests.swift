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

  @Test func badInjectionLayerIsAOneLineError() {
    let c = Capture()
    #expect(BPCommandLine.run(["csc", "--net", "random-mlp", "--images", "2", "--inject", "conv9"], io: c.io) == 2)
    #expect(c.stderr.contains("conv9") && c.stderr.split(separator: "\n").count == 1)
  }
}
