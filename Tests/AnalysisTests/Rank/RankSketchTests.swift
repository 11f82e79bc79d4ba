import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport

@testable import Analysis

/// The batched sketch through the fast propagators (``RankAnalyzer/sketchProfiles(propagator:network:input:injectAt:)``)
/// against the Double chain of local maps.
@Suite struct RankSketchTests {
  /// Two inputs with entries `|N(0, 1)|`: non-negative like images (z⁺ in the catalogue uses `w⁺`,
  /// the kernels `(x·w)⁺`; the two agree only for `x ≥ 0`).
  static func input(_ shape: [Int], seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    let n = shape.reduce(1, *)
    return Tensor(shape: [2] + shape, scalars: (0..<(2 * n)).map { _ in Float(abs(g.nextGaussian())) })
  }

  /// Repeating the rows of a trace equals tracing the repeated inputs (routing rebased).
  @Test func repeatingRowsMatchesTracingRepeatedInputs() {
    let network = Network.smallCNN(inputShape: [1, 8, 8], classes: 4, seed: 3)
    let x = Self.input([1, 8, 8], seed: 4)
    let repeated = network.trace(x).repeatingRows(3)
    let direct = network.trace(CSCInjection.repeatInputs(x, vectorsPerInput: 3))
    #expect(repeated.maxPoolIndices == direct.maxPoolIndices)
    for (a, b) in zip(repeated.activations, direct.activations) {
      #expect(a.shape == b.shape)
      expectClose(a.scalars, b.scalars, rtol: 1e-5, atol: 1e-6)
    }
  }

  /// Dense net: the sketch of the fast kernels agrees with the exact (Jacobi) SVD of the explicit
  /// products — top direction to `4(σ₂/σ₁)² + 1e-5` in `1 − |cos|` (Float32 kernels), σ₂/σ₁ within
  /// a factor 3 (relative order `1/√ℓ`) while it is above the Float32 floor.
  @Test(arguments: ["lrp-zplus", "gradient"]) func sketchAgreesWithExactSVDOnDenseNets(_ name: String) throws {
    for seed in UInt64(1)...2 {
      let network = Network.mlp(inputCount: 24, hidden: [32, 32, 32, 32], classes: 10, seed: seed)
      let x = Self.input([24], seed: seed)
      let analyzer = RankAnalyzer(sketchSize: 16, seed: seed, explicitSVD: .jacobi)
      let exact = try analyzer.depthProfiles(method: NetworkRule.catalogue(name), network: network, input: x, injectAt: "fc4")
      let sketch = try analyzer.sketchProfiles(propagator: MethodRegistry.make(name), network: network, input: x, injectAt: "fc4")
      #expect(exact.map(\.depth) == sketch.map(\.depth) && exact.map(\.label) == sketch.map(\.label))
      for (e, s) in zip(exact, sketch) {
        #expect(e.method == .exact && s.method == .sketch(size: 16))
        let misalignment = 1 - abs(cosineSimilarity(e.topLeftVector, s.topLeftVector))
        #expect(misalignment <= 4 * e.ratio * e.ratio + 1e-5, "\(name) seed \(seed) depth \(e.depth): \(misalignment), ratio \(e.ratio)")
        if e.ratio > 1e-4 {
          #expect(s.ratio > e.ratio / 3 && s.ratio < e.ratio * 3, "\(name) seed \(seed) depth \(e.depth): sketch \(s.ratio) exact \(e.ratio)")
        }
      }
    }
  }

  /// Conv net: with the same Ω, the fast path and the Double chain of matrix-free local maps
  /// (sparse conv operators) sketch the same `Y_k = P_k Ω`: equal singular values up to Float32
  /// rounding, and the same top direction.
  @Test(arguments: ["lrp-zplus", "gradient"]) func fastSketchEqualsTheOperatorChainOnConvNets(_ name: String) throws {
    let network = Network.smallCNN(inputShape: [2, 8, 8], classes: 10, seed: 6)
    let x = Self.input([2, 8, 8], seed: 7)
    let analyzer = RankAnalyzer(sketchSize: 8, seed: 5, explicitSVD: .jacobi)
    let chain = try analyzer.depthProfiles(method: NetworkRule.catalogue(name), network: network, input: x, injectAt: "fc3")
    let fast = try analyzer.sketchProfiles(propagator: MethodRegistry.make(name), network: network, input: x, injectAt: "fc3")
    #expect(chain.count == fast.count)
    for (c, f) in zip(chain, fast) where c.method != .exact {
      #expect(c.method == .sketch(size: 8) && f.method == .sketch(size: 8))
      expectClose(f.singularValues, c.singularValues, rtol: 1e-3, atol: 1e-5 * c.sigma1, "\(name) depth \(c.depth)")
      #expect(1 - abs(cosineSimilarity(c.topLeftVector, f.topLeftVector)) < 1e-5, "\(name) depth \(c.depth)")
    }
  }
}
