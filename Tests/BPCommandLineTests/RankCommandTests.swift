import Foundation
import Testing
@testable import BPCommandLine

@Suite struct RankCommandTests {
  /// Dense net: local maps, converged subspace SVD, a verdict on `1 − σ₂/σ₁`.
  @Test func jsonOnTheRandomMLP() throws {
    let c = Capture()
    let code = BPCommandLine.run(["rank", "--net", "random-mlp", "--method", "lrp-zplus", "--inject", "fc3", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    #expect(object["path"] as? String == "maps")
    let depths = try #require(object["depths"] as? [[String: Any]])
    #expect(depths.map { $0["depth"] as? Int } == [4, 3, 2, 1, 0])
    #expect(depths.allSatisfy { ($0["mode"] as? String)?.hasPrefix("subspace") == true || $0["mode"] as? String == "exact" })
    let verdict = try #require(object["verdict"] as? [String: Any])
    #expect(verdict["thresholds"] as? [String: Double] == ["collapse": 0.99, "partial": 0.9])
  }

  /// `--path kernels` (forced on a dense net; `auto` picks it on conv nets): every depth is a
  /// sketch of the stated size.
  @Test func kernelsPathSketchesEveryDepth() throws {
    let c = Capture()
    let code = BPCommandLine.run(
      ["rank", "--net", "random-mlp", "--method", "gradient", "--inject", "fc3", "--path", "kernels", "--sketch", "8", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    #expect(object["path"] as? String == "kernels" && object["sketch"] as? Int == 8)
    let depths = try #require(object["depths"] as? [[String: Any]])
    #expect(depths.map { $0["depth"] as? Int } == [4, 3, 2, 1, 0])
    #expect(depths.allSatisfy { $0["mode"] as? String == "sketch 8" })
  }

  @Test func signalDependentMethodsRefuseTheKernelsPath() {
    let c = Capture()
    #expect(BPCommandLine.run(["rank", "--net", "random-mlp", "--method", "guided-backprop", "--path", "kernels"], io: c.io) == 2)
    #expect(c.stderr.contains("not linear in R") && c.stderr.split(separator: "\n").count == 1)
  }
}
