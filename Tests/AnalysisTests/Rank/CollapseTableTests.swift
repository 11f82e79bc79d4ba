import Matrices
import Networks
import Rules
import Testing

@testable import Analysis

/// The paper's qualitative table (paper-digest §8.2) on deep random ReLU MLPs: CSC injected at the
/// last hidden layer, judged by ``CollapseVerdict`` with the default thresholds (median CSC ≥ 0.99
/// just above the input for *collapses*).
@Suite struct CollapseTableTests {
  /// Sixteen hidden layers of width 128 (He-normal), 10 classes; inputs `N(0, I)`. (At width 48 and
  /// ten layers α2β1 stops at CSC ≈ 0.8 and the gradient reaches 0.6: narrow nets align more.)
  static func setting(seed: UInt64) -> (Network, Tensor) {
    let network = Network.mlp(inputCount: 32, hidden: [Int](repeating: 128, count: 16), classes: 10, seed: seed)
    var g = SeededGenerator(seed: seed &+ 100)
    return (network, Tensor(shape: [6, 32], scalars: (0..<(6 * 32)).map { _ in Float(g.nextGaussian()) }))
  }

  static let collapsing = ["lrp-zplus", "lrp-alpha1-beta0", "lrp-alpha2-beta1", "excitation-bp", "deeplift-ablation", "guided-backprop"]
  static let nonCollapsing = ["gradient", "lrp-0", "deeplift-rescale"]

  static func verdict(_ name: String, seed: UInt64) throws -> CollapseVerdict {
    let (network, inputs) = setting(seed: seed)
    let method = try MethodRegistry.make(name)
    let top = network.layers[network.layers.count - 3].name  // the last hidden dense layer
    let profile = try CSCExperiment(vectors: 5, seed: seed).profile(method: method, network: network, inputs: inputs, injectAt: top)
    return CollapseVerdict(profiles: [profile])
  }

  @Test(arguments: collapsing) func collapses(_ name: String) throws {
    for seed in UInt64(1)...2 {
      let v = try Self.verdict(name, seed: seed)
      #expect(v.outcome == .collapses, "\(name) seed \(seed): \(v.summary)")
      #expect(v.evidence[0].crossingDepth != nil)
    }
  }

  @Test(arguments: nonCollapsing) func doesNotCollapse(_ name: String) throws {
    for seed in UInt64(1)...2 {
      let v = try Self.verdict(name, seed: seed)
      #expect(v.outcome == .doesNotCollapse, "\(name) seed \(seed): \(v.summary)")
      #expect(v.evidence[0].value < 0.7, "\(name) seed \(seed): \(v.summary)")
    }
  }
}
