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
  /// How the singular values of explicit (dense) products are computed.
  public var explicitSVD: BackwardProducts.ExplicitSVD

  /// Creates an analyzer.
  public init(sketchSize: Int = 16, seed: UInt64 = 0, explicitSVD: BackwardProducts.ExplicitSVD = .subspace()) {
    self.sketchSize = sketchSize
    self.seed = seed
    self.explicitSVD = explicitSVD
  }

  /// The depth profiles of `method` below injection layer `layer` at one input (row 0 of
  /// `input`): the σ₂/σ₁ profile without the second-input comparison.
  ///
  /// Signal-dependent methods are linearised as in ``profile(method:network:inputs:injectAt:)``.
  /// - Throws: `AttributionError` for an unknown layer or an unbindable rule.
  /// - Complexity: the local maps of layers `0…m` plus ``BackwardProducts/profiles(of:sketchSize:seed:explicitSVD:measureAlignment:contractionBound:)``.
  public func depthProfiles(method: NetworkRule, network: Network, input: Tensor, injectAt layer: String) throws -> [DepthProfile] {
    let m = try injectionIndex(method: method, network: network, layer: layer)
    let trace = network.trace(input.rows(0..<1))
    let maps = try LocalBackwardMaps.compute(
      network: network, trace: trace, row: 0, method: method, start: linearisationStart(trace: trace, layer: m))
    return BackwardProducts.profiles(of: Array(maps[0...m]), sketchSize: sketchSize, seed: seed, explicitSVD: explicitSVD, measureAlignment: false)
  }

  /// The profile of `method` below injection layer `layer`, at rows 0 and 1 of `inputs`.
  ///
  /// Signal-dependent methods (Guided BP, Deconv, RectGrad) are linearised at the signal a
  /// random `N(0, I)` relevance injected at `layer` produces (seeded).
  /// - Throws: `AttributionError` for an unknown layer or an unbindable rule.
  public func profile(method: NetworkRule, network: Network, inputs: Tensor, injectAt layer: String) throws -> RankProfile {
    let m = try injectionIndex(method: method, network: network, layer: layer)
    precondition(inputs.shape[0] >= 2, "RankAnalyzer: needs two inputs to compare top directions")
    let trace = network.trace(inputs.rows(0..<2))
    let maps = try LocalBackwardMaps(network: network, trace: trace, method: method, start: linearisationStart(trace: trace, layer: m))
    let profiles = (0..<2).map { row in
      BackwardProducts.profiles(of: Array(maps.maps(row: row)[0...m]), sketchSize: sketchSize, seed: seed, explicitSVD: explicitSVD, measureAlignment: false)
    }
    return RankProfile(
      method: method.name, injectionLayer: layer, depths: profiles[0],
      topDirectionCosines: BackwardProducts.topDirectionCosines(profiles[0], profiles[1]))
  }

  /// The index of layer `layer`, or the error the CLI reports.
  func injectionIndex(method: NetworkRule, network: Network, layer: String) throws -> Int {
    guard let m = network.layerIndex(named: layer) else {
      throw AttributionError.invalidParameter(
        method: method.name, parameter: "inject", expected: "a layer of the network, got '\(layer)'")
    }
    return m
  }

  /// A seeded `N(0, I)` relevance at the output of layer `m` for every row of `trace`: the signal
  /// at which signal-dependent methods are linearised (stream 99 of ``seed``).
  func linearisationStart(trace: ForwardTrace, layer m: Int) -> RelevanceStart {
    var generator = SeededGenerator(seed: seed).split(stream: 99)
    let upper = trace.activations[m + 1]
    return RelevanceStart(
      layer: m, relevance: Tensor(shape: upper.shape, scalars: (0..<upper.count).map { _ in Float(generator.nextGaussian()) }))
  }
}
