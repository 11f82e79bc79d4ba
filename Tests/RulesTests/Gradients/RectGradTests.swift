import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// RectGrad: the percentile rule, its limits, and an independent naive implementation.
@Suite struct RectGradTests {
  /// TensorFlow `nearest` on descending order: index `round_half_even((n−1)(1 − q/100))`.
  @Test func percentileRanks() {
    #expect(RectGrad.percentileRank(count: 51, percentile: 98) == 49)  // 50·0.02 → 1 → 49
    #expect(RectGrad.percentileRank(count: 26, percentile: 98) == 24)  // 25·0.02 = 0.5000…04 → 1
    #expect(RectGrad.percentileRank(count: 2, percentile: 50) == 1)  // 0.5 → 0 (half to even)
    #expect(RectGrad.percentileRank(count: 4, percentile: 50) == 1)  // 1.5 → 2 → 3 − 2
    #expect(RectGrad.percentileRank(count: 10, percentile: 100) == 9)
    #expect(RectGrad.percentileRank(count: 10, percentile: 0) == 0)
    #expect(RectGrad.percentileRank(count: 1, percentile: 37) == 0)
  }

  /// Quickselect against a full sort, with many ties.
  @Test func selectionMatchesSort() {
    var g = SeededGenerator(seed: 11)
    for trial in 0..<50 {
      let n = 1 + Int(g.next() % 300)
      let values = (0..<n).map { _ in Float(Int(g.next() % 7)) - 3 + (trial % 2 == 0 ? 0 : Float(g.nextGaussian())) }
      let sorted = values.sorted()
      for k in [0, n / 3, n / 2, n - 1] {
        var copy = values
        let v = copy.withUnsafeMutableBufferPointer { QuickSelect.kthSmallest($0.baseAddress!, count: n, k: k) }
        #expect(v == sorted[k], "trial \(trial) k \(k)")
      }
    }
  }

  /// A naive RectGrad on a random CNN: sort-based percentile, explicit masks, and the network's
  /// own layer VJPs elsewhere.
  @Test func matchesNaiveImplementation() throws {
    for seed in UInt64(1)...3 {
      let net = Network.smallCNN(inputShape: [2, 8, 8], classes: 4, seed: seed)
      var g = SeededGenerator(seed: seed &+ 50)
      let x = Tensor(shape: [3, 2, 8, 8], scalars: (0..<384).map { _ in Float(g.nextGaussian()) })
      let trace = net.trace(x)
      let start = RelevanceStart(layer: net.layers.count - 1, relevance: MethodFixture.oneHot([0, 3, 1], classes: 4))
      for q in [0.0, 37.5, 80, 98] {
        let ours = try RectGrad(percentile: q).propagate(network: net, trace: trace, start: start)
        var r = start.relevance
        for l in stride(from: net.layers.count - 1, through: 0, by: -1) {
          if case .relu = net.layers[l] {
            let h = trace.activations[l + 1]
            let units = h.count / 3
            for s in 0..<3 {
              let products = (0..<units).map { h.scalars[s * units + $0] * r.scalars[s * units + $0] }
              let descending = products.sorted(by: >)
              let index = Int((Double(units - 1) * (1 - q / 100)).rounded(.toNearestOrEven))
              let tau = descending[index]
              for i in 0..<units where !(products[i] > tau) { r.scalars[s * units + i] = 0 }
            }
          } else {
            r = net.layers[l].backward(
              outputGradient: r, input: trace.activations[l], maxPoolIndices: trace.maxPoolIndices[l],
              wantParameters: false
            ).input
          }
          #expect(ours.relevances[l] == r, "seed \(seed) q \(q) layer \(l)")
        }
      }
    }
  }

  /// Percentile 0 on a one-hidden-layer MLP: the derived limit `W₁ᵀ(r ⊙ 1[h ⊙ r > min(h ⊙ r)])`
  /// with `r = W₂ᵀ e_c` (the ReLU's own derivative is replaced, so dead units pass `r` when the
  /// minimum product is negative). Percentile 100 keeps nothing: the attribution is 0.
  @Test func percentileLimits() throws {
    for seed in UInt64(1)...5 {
      let net = Network.mlp(inputCount: 6, hidden: [10], classes: 3, seed: seed)
      var g = SeededGenerator(seed: seed)
      let x = Tensor(shape: [2, 6], scalars: (0..<12).map { _ in Float(g.nextGaussian()) })
      let trace = net.trace(x)
      let targets = [2, 0]
      let start = RelevanceStart(layer: 2, relevance: MethodFixture.oneHot(targets, classes: 3))
      guard case .dense(let fc1) = net.layers[0], case .dense(let fc2) = net.layers[2] else {
        Issue.record("unexpected layers")
        return
      }
      let zero = try RectGrad(percentile: 0).propagate(network: net, trace: trace, start: start)
      let full = try RectGrad(percentile: 100).propagate(network: net, trace: trace, start: start)
      #expect(full.input.scalars.allSatisfy { $0 == 0 }, "seed \(seed)")
      let h = trace.activations[2]
      for (s, c) in targets.enumerated() {
        let r = (0..<10).map { j in fc2.weight.scalars[c * 10 + j] }
        let products = (0..<10).map { h.scalars[s * 10 + $0] * r[$0] }
        let minimum = products.min()!
        let kept = (0..<10).map { products[$0] > minimum ? r[$0] : 0 }
        let expected = (0..<6).map { i in (0..<10).reduce(Float(0)) { $0 + fc1.weight.scalars[$1 * 6 + i] * kept[$1] } }
        expectClose(Array(zero.input.scalars[(s * 6)..<(s * 6 + 6)]), expected, rtol: 1e-5, atol: 1e-6, "seed \(seed) sample \(s)")
      }
    }
  }

  /// Percentiles outside [0, 100] are one-line `invalidParameter`s.
  @Test func badPercentileIsRejected() throws {
    let net = Network.mlp(inputCount: 5, hidden: [4], classes: 3, seed: 1)
    let trace = net.trace(Tensor(shape: [2, 5], repeating: 1))
    let start = RelevanceStart(layer: net.layers.count - 1, relevance: Tensor(shape: [2, 3], repeating: 1))
    for q in [-1, 100.5, .nan] {
      #expect {
        try RectGrad(percentile: q).propagate(network: net, trace: trace, start: start)
      } throws: { error in
        guard case AttributionError.invalidParameter(_, "percentile", _) = error else { return false }
        return !"\(error)".contains("\n")
      }
    }
  }
}
