import Matrices
import Networks
import Rules

/// The backward-product profile of one method at two inputs: per depth, σ₂/σ₁, the stable rank,
/// the contraction bound, and how well the top singular directions at the two inputs agree.
public struct RankProfile: Sendable {
  /// The method's name.
  public var method: String
  /// The injection layer `m` (the top of every product).
  public var injectionLayer: String
  /// Per depth `k = m−1 … 0` (top first) at the first input.
  public var depths: [DepthProfile]
  /// `|cos|` between the top left singular vectors at the first and the second input, per depth.
  public var topDirectionCosines: [Double]
}

/// Measures Theorem 1 on a network: the products `P_k = C_{k+1} ⋯ C_m` of a method's local
/// backward maps at an input (explicit matrices for dense layers, matrix-free operators for conv
/// and pooling layers, exact SVD or a Gaussian sketch of stated size), rescaled at every step.
public struct RankAnalyzer: Sendable {
  /// Columns of the Gaussian sketch once a matrix-free factor appears.
  public var sketchSize: Int
  /// Seed of the sketch.
  public var seed: UInt64

  /// Creates an analyzer.
  public init(sketchSize: Int = 16, seed: UInt64 = 0) {
    self.sketchSize = sketchSize
    self.seed = seed
  }

  /// The profile of `method` below injection layer `layer`, at rows 0 and 1 of `inputs`.
  ///
  /// Signal-dependent methods (Guided BP, Deconv, RectGrad) are linearised at the signal a
  /// random `N(0, I)` relevance injected at `layer` produces (seeded).
  /// - Throws: `AttributionError` for an unknown layer or an unbindable rule.
  public func profile(method: NetworkRule, network: Network, inputs: Tensor, injectAt layer: String) throws -> RankProfile {
    guard let m = network.layerIndex(named: layer) else {
      throw AttributionError.invalidParameter(
        method: method.name, parameter: "inject", expected: "a layer of the network, got '\(layer)'")
    }
    precondition(inputs.shape[0] >= 2, "RankAnalyzer: needs two inputs to compare top directions")
    let pair = Tensor(shape: [2] + inputs.shape.dropFirst(), scalars: Array(inputs.scalars[0..<(2 * inputs.count / inputs.shape[0])]))
    let trace = network.trace(pair)
    var generator = SeededGenerator(seed: seed).split(stream: 99)
    let upper = trace.activations[m + 1]
    let start = RelevanceStart(
      layer: m, relevance: Tensor(shape: upper.shape, scalars: (0..<upper.count).map { _ in Float(generator.nextGaussian()) }))
    let profiles = try (0..<2).map { row in
      let maps = try LocalBackwardMaps.compute(network: network, trace: trace, row: row, method: method, start: start)
      return BackwardProducts.profiles(of: Array(maps[0...m]), sketchSize: sketchSize, seed: seed, measureAlignment: false)
    }
    return RankProfile(
      method: method.name, injectionLayer: layer, depths: profiles[0],
      topDirectionCosines: BackwardProducts.topDirectionCosines(profiles[0], profiles[1]))
  }
}
