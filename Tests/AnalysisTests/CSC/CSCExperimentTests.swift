import Matrices
import Networks
import Rules
import Testing
@testable import Analysis

@Suite struct CSCExperimentTests {
  /// One bias-free dense layer `d → d` with the given weight, then a second layer on top to inject at.
  func network(weight: Matrix) throws -> Network {
    let d = weight.rows
    let w = Tensor(shape: [d, d], scalars: weight.scalars.map(Float.init))
    let top = Tensor(shape: [2, d], scalars: (0..<(2 * d)).map { Float($0 % 3) - 1 })
    return try Network(
      inputShape: [d],
      layers: [.dense(Dense(name: "fc1", weight: w, bias: nil)), .dense(Dense(name: "fc2", weight: top, bias: nil))])
  }

  func inputs(_ n: Int, _ d: Int) -> Tensor {
    var g = SeededGenerator(seed: 2)
    return Tensor(shape: [n, d], scalars: (0..<(n * d)).map { _ in Float(g.nextGaussian()) })
  }

  @Test func anOrthogonalMapKeepsTheChanceBaseline() throws {
    var g = SeededGenerator(seed: 4)
    let q = Matrix.gaussian(rows: 32, columns: 32, using: &g).qr().q
    let net = try network(weight: q)
    let profile = try CSCExperiment(vectors: 5, seed: 1).profile(
      method: try MethodRegistry.make("gradient"), network: net, inputs: inputs(100, 32), injectAt: "fc1")
    #expect(profile.points.map(\.name) == ["fc1", "input"])
    for point in profile.points {
      let s = point.statistics
      // 1000 pairs: the sample median of |cos| for width 32 has a standard error ≈ 0.004.
      #expect(s.count == 1000 && s.nanCount == 0)
      #expect(abs(s.median - s.baseline) < 0.02, "\(point.name): median \(s.median), baseline \(s.baseline)")
    }
  }

  @Test func aRankOneMapAlignsEveryVector() throws {
    let u = (0..<16).map { Double($0 % 5) - 2 }, v = (0..<16).map { 1 + Double($0 % 3) }
    let rankOne = Matrix(rows: 16, columns: 16, scalars: u.flatMap { a in v.map { a * $0 } })
    let profile = try CSCExperiment(vectors: 5, seed: 2).profile(
      method: try MethodRegistry.make("gradient"), network: try network(weight: rankOne), inputs: inputs(10, 16),
      injectAt: "fc1")
    let input = try #require(profile.points.last)
    #expect(input.name == "input")
    #expect(abs(input.statistics.median - 1) < 1e-6 && abs(input.statistics.percentile(0)! - 1) < 1e-6)
  }

  @Test func chunkingPoolsEveryPair() throws {
    let net = Network.mlp(inputCount: 10, hidden: [8, 8], classes: 3, seed: 5)
    let x = inputs(7, 10)
    let method = try MethodRegistry.make("lrp-zplus")
    let whole = try CSCExperiment(seed: 3, chunk: 100).profile(method: method, network: net, inputs: x, injectAt: "fc3")
    let parts = try CSCExperiment(seed: 3, chunk: 3).profile(method: method, network: net, inputs: x, injectAt: "fc3")
    #expect(whole.points.map(\.name) == ["fc3", "fc2", "fc1", "input"])
    // Different chunkings draw different random vectors (one stream per chunk) but measure the same
    // number of pairs.
    #expect(zip(whole.points, parts.points).allSatisfy { $0.statistics.count + $0.statistics.nanCount == $1.statistics.count + $1.statistics.nanCount })
  }

  @Test func unknownInjectionLayerIsAnError() {
    let net = Network.mlp(inputCount: 4, hidden: [3], classes: 2, seed: 1)
    #expect(throws: AttributionError.self) {
      try CSCExperiment().profile(method: try MethodRegistry.make("gradient"), network: net, inputs: inputs(2, 4), injectAt: "conv9")
    }
  }

  @Test func defaultInjectionLayersOfTheCIFARNetworkAreThePapers() {
    #expect(CSCExperiment.defaultInjectionLayers(of: Network.cifarCNN(seed: 1)) == ["fc6", "fc5", "conv4", "conv3", "conv2"])
  }
}
