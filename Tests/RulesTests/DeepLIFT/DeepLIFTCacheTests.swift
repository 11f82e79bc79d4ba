import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// One `DeepLIFT` value reused across networks, references and start layers gives exactly what a
/// fresh value gives (the derived-weight and reference caches never serve a stale entry).
@Suite struct DeepLIFTCacheTests {
  @Test(arguments: DeepLIFT.Variant.allCases)
  func reusedValueEqualsFreshValues(_ variant: DeepLIFT.Variant) throws {
    var reused = DeepLIFT(variant)
    var g = SeededGenerator(seed: 9)
    // Same architecture, different weights (seed 21 vs 22), then the first network again.
    let networks = try [21, 22, 21].map { try RandomNetworks.cnn(seed: UInt64($0), bias: true) }
    for (round, network) in networks.enumerated() {
      let x = RandomNetworks.input(network, batch: 2, seed: UInt64(round))
      let trace = network.trace(x)
      let reference: Tensor? = round == 2 ? RandomNetworks.gaussian([1] + network.inputShape, scale: 0.2, &g) : nil
      reused.reference = reference
      for top in [network.layers.count - 1, 3] {
        let start = RelevanceStart(layer: top, relevance: RandomNetworks.gaussian(trace.activations[top + 1].shape, scale: 1, &g))
        let fresh = try DeepLIFT(variant, reference: reference).propagate(network: network, trace: trace, start: start)
        let again = try reused.propagate(network: network, trace: trace, start: start)
        #expect(again == fresh, "\(variant) round \(round) start \(top)")
      }
    }
  }
}
