import Matrices
import Networks
import Rules
import Symbolic

/// The shared inputs of the cross-path comparison: small seeded networks of every layer kind,
/// inputs of both signs and non-negative ones, and random starts at the logits and hidden layers.
enum CrossPathCases {
  /// One traced batch with the starts injected into it.
  struct Case {
    /// `mlp` or `cnn`, the network seed and the input kind, for messages.
    let label: String
    let network: Network
    let trace: ForwardTrace
    let starts: [RelevanceStart]
  }

  /// `RandomNetworks.mlp` (dense, relu) and `RandomNetworks.cnn` (conv k3 s2 p1, relu, avg pool,
  /// conv k2 p1, relu, max pool, flatten, dense) for two seeds, with or without biases, each on a Gaussian
  /// batch of 2 and a non-negative batch of 2.
  static func all(bias: Bool) throws -> [Case] {
    var cases: [Case] = []
    for seed: UInt64 in [11, 12] {
      for network in try RandomNetworks.both(seed: seed, bias: bias) {
        for nonNegative in [false, true] {
          let x = RandomNetworks.input(network, batch: 2, seed: seed, nonNegative: nonNegative)
          let trace = network.trace(x)
          let arch = network.layers.count > 5 ? "cnn" : "mlp"
          cases.append(
            Case(
              label: "\(arch) seed \(seed) \(nonNegative ? "x≥0" : "x±")", network: network, trace: trace,
              starts: starts(network, trace, seed: seed)))
        }
      }
    }
    return cases
  }

  /// Gaussian relevance at the logits, at the output of the third-last layer (a dense layer
  /// below the last ReLU) and at the output of layer 3 (`conv2` of the CNN, `relu3` of the MLP).
  static func starts(_ network: Network, _ trace: ForwardTrace, seed: UInt64) -> [RelevanceStart] {
    var g = SeededGenerator(seed: seed &+ 7000)
    let layers = Array(Set([network.layers.count - 1, network.layers.count - 3, 3])).sorted(by: >)
    return layers.map { l in
      RelevanceStart(layer: l, relevance: RandomNetworks.gaussian(trace.activations[l + 1].shape, scale: 1, &g))
    }
  }

  /// Patterns of `network` estimated (ReLU estimator) from 64 Gaussian samples.
  static func patterns(_ network: Network, seed: UInt64) throws -> PatternSet {
    var estimator = PatternEstimator(network: network, kind: .relu)
    try estimator.accumulate(batch: RandomNetworks.input(network, batch: 64, seed: seed &+ 99))
    return try estimator.patterns()
  }

  /// The kind of layer `l` as the report names it.
  static func kind(_ layer: Layer) -> String {
    switch layer {
    case .dense: "dense"
    case .conv2d: "conv"
    case .relu: "relu"
    case .maxPool2d: "maxpool"
    case .avgPool2d: "avgpool"
    case .flatten: "flatten"
    }
  }
}
