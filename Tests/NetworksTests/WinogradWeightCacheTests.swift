import Dispatch
import Matrices
import Synchronization
import Testing
import _BPTestSupport

@testable import Networks

/// The cache of packed Winograd weights: hits give the bits of a fresh pack, mutated weights are
/// never served stale, and concurrent use is safe.
@Suite struct WinogradWeightCacheTests {
  /// A 3×3 stride-1, padding-1 convolution with `c` inputs and `o` outputs (Winograd path).
  func conv(_ c: Int, _ o: Int, _ g: inout SeededGenerator) -> Conv2D {
    Conv2D(
      name: "w", weight: DoubleReference.randomTensor([o, c, 3, 3], &g),
      bias: DoubleReference.randomTensor([o], &g), stride: Size2D(1, 1), padding: Size2D(1, 1))
  }

  /// Bit patterns, for exact comparisons that also see −0 and NaN.
  func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

  /// A second call hits and returns exactly what a fresh pack (an empty cache) gives, forward and
  /// input gradient, which are cached as separate entries.
  @Test func hitEqualsFreshPackBitwise() {
    var g = SeededGenerator(seed: 1)
    let layer = conv(16, 24, &g)
    let x = DoubleReference.randomTensor([2, 16, 9, 10], &g)
    let geometry = layer.geometry(forInputShape: x.shape)
    let gy = DoubleReference.randomTensor([2, 24, 9, 10], &g)
    let cache = WinogradWeightCache()
    let first = layer.forward(x, epilogue: .linear, winogradCache: cache)
    let second = layer.forward(x, epilogue: .linear, winogradCache: cache)
    let fresh = layer.forward(x, epilogue: .linear, winogradCache: WinogradWeightCache())
    #expect(cache.statistics == (hits: 1, misses: 1))
    #expect(bits(first) == bits(second))
    #expect(bits(second) == bits(fresh))
    let dx1 = layer.winogradInputGradient(gy, inputShape: x.shape, geometry: geometry, cache: cache)
    let dx2 = layer.winogradInputGradient(gy, inputShape: x.shape, geometry: geometry, cache: cache)
    let dxFresh = layer.winogradInputGradient(
      gy, inputShape: x.shape, geometry: geometry, cache: WinogradWeightCache())
    #expect(cache.statistics == (hits: 2, misses: 2))
    #expect(bits(dx1) == bits(dx2))
    #expect(bits(dx2) == bits(dxFresh))
  }

  /// A copy of the weight with one element changed misses and gives the Double reference of the
  /// changed layer, not the cached one; the original still hits.
  @Test func mutatedWeightIsNeverStale() {
    var g = SeededGenerator(seed: 2)
    let layer = conv(16, 16, &g)
    let x = DoubleReference.randomTensor([1, 16, 8, 8], &g)
    let cache = WinogradWeightCache()
    let before = layer.forward(x, epilogue: .linear, winogradCache: cache)
    var changed = layer
    changed.weight.scalars[0] += 1
    var w = layer.weight
    w.scalars[1] -= 1
    let other = Conv2D(name: "o", weight: w, bias: layer.bias, stride: layer.stride, padding: layer.padding)
    for mutated in [changed, other] {
      let y = mutated.forward(x, epilogue: .linear, winogradCache: cache)
      let ref = DoubleReference.apply(.conv2d(mutated), DoubleReference.batch(x))
      expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5)
      #expect(bits(y) != bits(before))
    }
    #expect(bits(layer.forward(x, epilogue: .linear, winogradCache: cache)) == bits(before))
    #expect(cache.statistics == (hits: 1, misses: 3))
  }

  /// Layers created and dropped one after another (so the allocator may hand a new weight array
  /// the address of a freed one) never get another layer's packed weights: the cache retains
  /// every source array it keys on.
  @Test func freedAddressesAreNotReused() {
    var g = SeededGenerator(seed: 6)
    let x = DoubleReference.randomTensor([1, 16, 4, 4], &g)
    let cache = WinogradWeightCache()
    for round in 0..<12 {
      let layer = conv(16, 16, &g)
      let y = layer.forward(x, epilogue: .linear, winogradCache: cache)
      let fresh = layer.forward(x, epilogue: .linear, winogradCache: WinogradWeightCache())
      #expect(bits(y) == bits(fresh), "round \(round)")
    }
    #expect(cache.statistics == (hits: 0, misses: 12))
  }

  /// A training step updates the weights in place through the network; the next forward pass
  /// packs the new weights (a miss) and equals the fresh-pack result.
  @Test func trainingStepIsNeverStale() throws {
    var g = SeededGenerator(seed: 3)
    var net = try Network(
      inputShape: [16, 6, 6],
      layers: [
        .conv2d(conv(16, 16, &g)), .relu(name: "r"), .flatten(name: "f"),
        .dense(Dense(name: "d", weight: DoubleReference.randomTensor([2, 576], &g), bias: nil)),
      ])
    let x = DoubleReference.randomTensor([2, 16, 6, 6], &g)
    let cache = WinogradWeightCache()
    func firstLayer(_ net: Network) -> Conv2D {
      guard case .conv2d(let c) = net.layers[0] else { preconditionFailure("conv expected") }
      return c
    }
    let before = firstLayer(net).forward(x, epilogue: .linear, winogradCache: cache)
    let trace = net.trace(x)
    let u = DoubleReference.randomTensor([2, 2], &g)
    let step = net.backward(trace: trace, upstream: u, at: 3, parameterGradients: true)
    var sgd = SGD(learningRate: 0.5)
    sgd.update(&net, along: try #require(step.parameterGradients))
    let after = firstLayer(net).forward(x, epilogue: .linear, winogradCache: cache)
    let fresh = firstLayer(net).forward(x, epilogue: .linear, winogradCache: WinogradWeightCache())
    #expect(cache.statistics == (hits: 0, misses: 2))
    #expect(bits(after) == bits(fresh))
    #expect(bits(after) != bits(before))
  }

  /// Two threads alternate between two layers on one cache that holds a single entry (so every
  /// switch clears it); every result equals its serial value.
  @Test func concurrentUseIsSafe() {
    var g = SeededGenerator(seed: 4)
    let layers = [conv(16, 16, &g), conv(16, 20, &g)]
    let x = DoubleReference.randomTensor([1, 16, 8, 8], &g)
    let expected = layers.map { bits($0.forward(x, epilogue: .linear, winogradCache: WinogradWeightCache())) }
    let cache = WinogradWeightCache(maximumEntries: 1)
    let mismatches = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 2) { thread in
      for i in 0..<40 {
        let l = (i &+ thread) % 2
        let y = layers[l].forward(x, epilogue: .linear, winogradCache: cache)
        if y.scalars.map(\.bitPattern) != expected[l] { mismatches.withLock { $0 += 1 } }
      }
    }
    #expect(mismatches.withLock { $0 } == 0)
    let stats = cache.statistics
    #expect(stats.hits + stats.misses == 80)
  }

  /// Entries beyond the capacity clear the cache: a third layer evicts the first two.
  @Test func fullCacheIsCleared() {
    var g = SeededGenerator(seed: 5)
    let layers = [conv(16, 16, &g), conv(16, 16, &g), conv(16, 16, &g)]
    let x = DoubleReference.randomTensor([1, 16, 4, 4], &g)
    let cache = WinogradWeightCache(maximumEntries: 2)
    for l in [0, 1, 0, 1, 2, 0] { _ = layers[l].forward(x, epilogue: .linear, winogradCache: cache) }
    #expect(cache.statistics == (hits: 2, misses: 4))
  }
}
