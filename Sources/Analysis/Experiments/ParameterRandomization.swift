import Matrices
import Networks

/// How a randomized layer gets its new parameters (Adebayo et al. 2018; both exist in Quantus).
public enum RandomizationMode: Sendable, Equatable {
  /// Fresh weights from an initializer and a zero bias.
  case reinitialize(Initializer)
  /// The layer's own weights (and bias) permuted uniformly at random: same value distribution,
  /// structure destroyed.
  case shuffle
}

/// Which layers are randomized at each stage of a parameter-randomization test.
public enum RandomizationOrder: String, Sendable, Equatable, CaseIterable {
  /// Top down and cumulative: stage `k` randomizes the `k + 1` top-most parametrised layers (the
  /// paper's and Adebayo et al.'s cascading test).
  case cascading
  /// One layer at a time: stage `k` randomizes only the `k`-th parametrised layer from the top.
  case independent
  /// Bottom up and cumulative: stage `k` randomizes the `k + 1` lowest parametrised layers.
  case bottomUp = "bottom-up"
}

/// One network of a randomization test: the layers randomized so far and the resulting network.
public struct RandomizationStage: Sendable {
  /// The name of the layer this stage added (the cut point), for example `fc6`.
  public var cutPoint: String
  /// Every layer randomized in this stage, top-most first.
  public var randomizedLayers: [String]
  /// The network with those layers randomized.
  public var network: Network
}

/// A seeded parameter-randomization plan.
///
/// Every layer's new parameters depend only on the seed and the layer's index, so a layer has the
/// same random weights in every stage that randomizes it (cascading stages are nested).
public struct ParameterRandomization: Sendable, Equatable {
  /// How parameters are replaced.
  public var mode: RandomizationMode
  /// Which layers each stage randomizes.
  public var order: RandomizationOrder
  /// The seed of every draw.
  public var seed: UInt64

  /// Creates a plan; the defaults are the paper's: cascading re-initialisation with Keras's
  /// defaults (Glorot-uniform kernels, zero biases), paper-digest §6.3.
  public init(mode: RandomizationMode = .reinitialize(.glorotUniform), order: RandomizationOrder = .cascading, seed: UInt64 = 0) {
    self.mode = mode
    self.order = order
    self.seed = seed
  }

  /// The names of the parametrised (dense and conv) layers, top (logits) first: the cut points.
  public static func cutPoints(of network: Network) -> [String] {
    network.layers.reversed().compactMap { layer in
      switch layer {
      case .dense(let d): d.name
      case .conv2d(let c): c.name
      case .maxPool2d, .avgPool2d, .relu, .flatten: nil
      }
    }
  }

  /// Every stage of the test, in order (one per cut point).
  /// - Complexity: one randomized copy of the network per stage.
  public func stages(of network: Network) -> [RandomizationStage] {
    let topDown = Self.cutPoints(of: network)
    let sequence = order == .bottomUp ? Array(topDown.reversed()) : topDown
    return sequence.indices.map { k in
      let chosen = order == .independent ? [sequence[k]] : Array(sequence[...k])
      let randomized = topDown.filter(chosen.contains)
      return RandomizationStage(
        cutPoint: sequence[k], randomizedLayers: randomized,
        network: randomizing(Set(chosen), in: network))
    }
  }

  /// `network` with the named layers' parameters replaced; every other layer unchanged.
  public func randomizing(_ names: Set<String>, in network: Network) -> Network {
    var copy = network
    for (index, layer) in network.layers.enumerated() {
      var generator = SeededGenerator(seed: seed).split(stream: UInt64(index))
      switch layer {
      case .dense(var d) where names.contains(d.name):
        (d.weight, d.bias) = replaced(weight: d.weight, bias: d.bias, using: &generator)
        copy.layers[index] = .dense(d)
      case .conv2d(var c) where names.contains(c.name):
        (c.weight, c.bias) = replaced(weight: c.weight, bias: c.bias, using: &generator)
        copy.layers[index] = .conv2d(c)
      default:
        continue
      }
    }
    return copy
  }

  private func replaced(weight: Tensor, bias: Tensor?, using generator: inout SeededGenerator) -> (Tensor, Tensor?) {
    switch mode {
    case .reinitialize(let initializer):
      let fresh = initializer.weights(shape: weight.shape, using: &generator)
      return (fresh, bias.map { Tensor(shape: $0.shape, repeating: 0) })
    case .shuffle:
      let w = Tensor(shape: weight.shape, scalars: Self.shuffled(weight.scalars, using: &generator))
      return (w, bias.map { Tensor(shape: $0.shape, scalars: Self.shuffled($0.scalars, using: &generator)) })
    }
  }

  /// A Fisher–Yates permutation driven by `generator` (independent of the platform's RNG).
  static func shuffled(_ values: [Float], using generator: inout SeededGenerator) -> [Float] {
    var values = values
    var i = values.count - 1
    while i > 0 {
      let j = Int(generator.next() % UInt64(i + 1))
      values.swapAt(i, j)
      i -= 1
    }
    return values
  }
}
