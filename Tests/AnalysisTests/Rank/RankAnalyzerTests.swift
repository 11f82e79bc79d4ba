import Matrices
import Networks
import Rules
import Testing
@testable import Analysis

@Suite struct RankAnalyzerTests {
  let network = Network.mlp(inputCount: 24, hidden: [24, 24, 24, 24, 24, 24], classes: 10, seed: 8)

  func inputs() -> Tensor {
    var g = SeededGenerator(seed: 9)
    return Tensor(shape: [2, 24], scalars: (0..<48).map { _ in Float(g.nextGaussian()) })
  }

  @Test func zPlusCollapsesAndTheGradientDoesNot() throws {
    let analyzer = RankAnalyzer()
    let zplus = try analyzer.profile(method: NetworkRule.catalogue("lrp-zplus"), network: network, inputs: inputs(), injectAt: "fc7")
    let gradient = try analyzer.profile(method: NetworkRule.catalogue("gradient"), network: network, inputs: inputs(), injectAt: "fc7")
    #expect(zplus.depths.count == network.layers.count, "one product per layer below and including the injection layer")
    let zBottom = try #require(zplus.depths.last).ratio
    let gBottom = try #require(gradient.depths.last).ratio
    // Theorem 1: the z⁺ product of 7 non-negative factors is close to rank one; the gradient's
    // mixed-sign product of Gaussian factors keeps a spread spectrum (σ₂/σ₁ of a product of a few
    // 24×24 Gaussian matrices stays of order 1/2).
    #expect(zBottom < 0.05, "z⁺ σ₂/σ₁ at the input: \(zBottom)")
    #expect(gBottom > 0.2, "gradient σ₂/σ₁ at the input: \(gBottom)")
    // Ratios of the non-negative chain never grow by much as factors are added.
    let ratios = zplus.depths.map(\.ratio)
    #expect(ratios.last! < ratios.first!)
  }

  @Test func unknownInjectionLayerIsAnError() {
    #expect(throws: AttributionError.self) {
      try RankAnalyzer().profile(method: NetworkRule.catalogue("gradient"), network: network, inputs: inputs(), injectAt: "nope")
    }
  }
}
