import Foundation
import Testing
@testable import BPCommandLine

@Suite struct IndependenceCommandTests {
  @Test func zPlusKeepsItsMapWhenTheTopIsRandomizedAndTheGradientDoesNot() throws {
    let c = Capture()
    let args = ["independence", "--net", "random-mlp", "--images", "8", "--method", "lrp-zplus", "--method", "gradient", "--json"]
    #expect(BPCommandLine.run(args, io: c.io) == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    let methods = try #require(object["methods"] as? [[String: Any]])
    let zplus = try #require(methods[0]["median_abs_cos"] as? [Double])
    let gradient = try #require(methods[1]["median_abs_cos"] as? [Double])
    #expect(zplus.count == 5 && gradient.count == 5)
    // Randomizing only fc5: the z⁺ backward product of the four lower non-negative layers has
    // collapsed (Theorem 1), so the map keeps its direction; the gradient's does not.
    #expect(zplus[0] > 0.99, "\(zplus)")
    #expect(gradient[0] < 0.5, "\(gradient)")
  }
}
