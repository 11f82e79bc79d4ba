import Foundation
import Networks
import Rules
import Testing
import _BPTestSupport

/// DeepLIFT variants on networks: summation-to-delta for Rescale and RevealCancel, and the
/// ablation's non-negative chain (the case where Theorem 1 applies).
@Suite struct DeepLIFTNetworkTests {
  /// Σᵢ mᵢ·(xᵢ − x0ᵢ) = f_c(x) − f_c(x0) on the MLP (dense and ReLU only, zero reference).
  @Test(arguments: ["deeplift-rescale", "deeplift-reveal-cancel"])
  func summationToDelta(_ name: String) throws {
    let (net, batch, trace) = try FixtureModel.load("tiny_mlp").networkBatchTrace
    let targets = try #require(batch.targets)
    let reference = net.trace(Tensor(shape: [1] + net.inputShape))
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: GenericZennitFixtureTests.seed(.unit, logits: trace.output, targets: targets))
    let result = try GenericRulePropagator(method: try NetworkRule.catalogue(name), bindings: RuleBindings(reference: reference))
      .propagate(network: net, trace: trace, start: start)
    let n = net.inputShape[0]
    for (row, c) in targets.enumerated() {
      let total = (0..<n).reduce(0.0) { $0 + Double(result.input.scalars[row * n + $1]) * Double(batch.x.scalars[row * n + $1]) }
      let delta = Double(trace.output.scalars[row * 3 + c]) - Double(reference.output.scalars[c])
      expectClose(total, delta, rtol: 1e-5, atol: 1e-6, "\(name) row \(row)")
    }
  }

  /// Without cross terms (W⁺ for both signs) every local map is entrywise ≥ 0.
  @Test func ablationMapsAreNonNegative() throws {
    let (net, _, trace) = try FixtureModel.load("small_cnn_strided").networkBatchTrace
    let reference = net.trace(Tensor(shape: [1] + net.inputShape))
    let method = try NetworkRule.catalogue("deeplift-ablation")
    for row in 0..<trace.batchSize {
      let maps = try LocalBackwardMaps.compute(
        network: net, trace: trace, row: row, method: method, bindings: RuleBindings(reference: reference))
      for map in maps {
        let smallest = map.materialized().scalars.min() ?? 0
        #expect(smallest >= 0, "row \(row) \(map.layerName): \(smallest)")
      }
    }
  }
}
