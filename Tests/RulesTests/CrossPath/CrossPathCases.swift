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
  /// With `wide`, the wide variants (hidden 64, channels 16/24), where every unit has many live inputs.
  static func all(bias: Bool, wide: Bool = false) throws -> [Case] {
    var cases: [Case] = []
    for seed: UInt64 in [11, 12] {
      for network in try RandomNetworks.both(seed: seed, bias: bias, wide: wide) {
        for nonNegative in [false, true] {
          let x = RandomNetworks.input(network, batch: 2, seed: seed, nonNegative: nonNegative)
          let trace = network.trace(x)
          let arch = network.layers.count > 5 ? "cnn" : "mlp"
          cases.append(
            Case(
              label: "\(arch) seed \(seed) \(nonNegative ? "x≥0" : "x±")\(wide ? " wide" : "")", network: network, trace: trace,
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

  /// The worst conditioning of the paper convention's αβ denominators over the dense/conv layers
  /// `0 … top`: `κ = (|s| + |b|)/|s + b|` for the activator `s = Σᵢ pos(a·w)` and the inhibitor
  /// `s = Σᵢ neg(a·w)` of every unit, with iNNvestigate's full bias `b` (1 without biases). A
  /// Float32 kernel's denominator carries a relative rounding error of about `2⁻²⁴·κ`, which
  /// the full bias can make large by cancelling `s`. Computed in Double from Float products.
  static func paperDenominatorCondition(_ network: Network, _ trace: ForwardTrace, top: Int) -> Double {
    var worst = 1.0
    for l in 0...top {
      let a = trace.activations[l]
      let (plus, minus) = (Tensor(shape: a.shape, scalars: a.scalars.map { max($0, 0) }), Tensor(shape: a.shape, scalars: a.scalars.map { min($0, 0) }))
      func forward(_ w: (Float) -> Float, _ x: Tensor) -> Tensor? {
        switch network.layers[l] {
        case .dense(let d): return Dense(name: d.name, weight: Tensor(shape: d.weight.shape, scalars: d.weight.scalars.map(w)), bias: nil).forward(x)
        case .conv2d(let c):
          return Conv2D(
            name: c.name, weight: Tensor(shape: c.weight.shape, scalars: c.weight.scalars.map(w)), bias: nil, stride: c.stride,
            padding: c.padding
          ).forward(x)
        default: return nil
        }
      }
      let bias: Tensor?
      switch network.layers[l] {
      case .dense(let d): bias = d.bias
      case .conv2d(let c): bias = c.bias
      default: continue
      }
      guard let b = bias?.scalars, let pp = forward({ max($0, 0) }, plus), let nn = forward({ min($0, 0) }, minus),
        let pn = forward({ min($0, 0) }, plus), let np = forward({ max($0, 0) }, minus)
      else { continue }
      let plane = pp.count / (pp.shape[0] * b.count)
      for k in 0..<pp.count {
        let bk = Double(b[(k / plane) % b.count])
        for s in [Double(pp.scalars[k]) + Double(nn.scalars[k]), Double(pn.scalars[k]) + Double(np.scalars[k])] where s + bk != 0 {
          worst = max(worst, (abs(s) + abs(bk)) / abs(s + bk))
        }
      }
    }
    return worst
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
