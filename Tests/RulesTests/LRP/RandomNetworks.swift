import Matrices
import Networks

/// Small random ReLU networks for identity tests: every layer kind, strided and padded convs.
enum RandomNetworks {
  static func gaussian(_ shape: [Int], scale: Float, _ g: inout SeededGenerator, positive: Bool = false) -> Tensor {
    let values = (0..<shape.reduce(1, *)).map { _ -> Float in
      let v = Float(g.nextGaussian()) * scale
      return positive ? abs(v) : v
    }
    return Tensor(shape: shape, scalars: values)
  }

  static func dense(_ name: String, _ i: Int, _ o: Int, bias: Bool, _ g: inout SeededGenerator, positive: Bool = false) -> Layer {
    .dense(
      Dense(
        name: name, weight: gaussian([o, i], scale: (2 / Float(i)).squareRoot(), &g, positive: positive),
        bias: bias ? gaussian([o], scale: 0.1, &g) : nil))
  }

  static func conv(
    _ name: String, _ i: Int, _ o: Int, k: Int, stride: Int, pad: Int, bias: Bool, _ g: inout SeededGenerator,
    positive: Bool = false
  ) -> Layer {
    .conv2d(
      Conv2D(
        name: name, weight: gaussian([o, i, k, k], scale: (2 / Float(i * k * k)).squareRoot(), &g, positive: positive),
        bias: bias ? gaussian([o], scale: 0.1, &g) : nil, stride: Size2D(stride, stride), padding: Size2D(pad, pad)))
  }

  /// `fc1 d→h – relu – fc2 h→h – relu – fc3 h→3` with `d = 6, h = 8` (`32, 64` when `wide`).
  static func mlp(seed: UInt64, bias: Bool, positive: Bool = false, wide: Bool = false) throws -> Network {
    var g = SeededGenerator(seed: seed)
    let (d, h) = wide ? (32, 64) : (6, 8)
    return try Network(
      inputShape: [d],
      layers: [
        dense("fc1", d, h, bias: bias, &g, positive: positive), .relu(name: "relu1"),
        dense("fc2", h, h, bias: bias, &g, positive: positive), .relu(name: "relu3"),
        dense("fc3", h, 3, bias: bias, &g, positive: positive),
      ])
  }

  /// `conv1 2→4 k3 s2 p1 – relu – avgpool k2 s1 – conv2 4→5 k2 p1 – relu – maxpool 2 – flatten –
  /// fc1 20→6 – relu – fc2 6→3` on `[2, 8, 8]`.
  /// With `wide`, input `[4, 8, 8]`, channels 16/24 and `fc1 96→48`.
  static func cnn(seed: UInt64, bias: Bool, positive: Bool = false, wide: Bool = false) throws -> Network {
    var g = SeededGenerator(seed: seed)
    let (c0, c1, c2, h) = wide ? (4, 16, 24, 48) : (2, 4, 5, 6)
    return try Network(
      inputShape: [c0, 8, 8],
      layers: [
        conv("conv1", c0, c1, k: 3, stride: 2, pad: 1, bias: bias, &g, positive: positive), .relu(name: "relu1"),
        .avgPool2d(Pool2D(name: "avgpool2", kernelSize: Size2D(2, 2), stride: Size2D(1, 1))),
        conv("conv2", c1, c2, k: 2, stride: 1, pad: 1, bias: bias, &g, positive: positive), .relu(name: "relu4"),
        .maxPool2d(Pool2D(name: "maxpool5", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))),
        .flatten(name: "flatten6"),
        dense("fc1", 4 * c2, h, bias: bias, &g, positive: positive), .relu(name: "relu8"),
        dense("fc2", h, 3, bias: bias, &g, positive: positive),
      ])
  }

  /// A batch of `n` Gaussian inputs (absolute values when `nonNegative`).
  static func input(_ network: Network, batch n: Int, seed: UInt64, nonNegative: Bool = false) -> Tensor {
    var g = SeededGenerator(seed: seed &+ 1000)
    return gaussian([n] + network.inputShape, scale: 1, &g, positive: nonNegative)
  }

  /// Both architectures for a seed.
  static func both(seed: UInt64, bias: Bool, positive: Bool = false, wide: Bool = false) throws -> [Network] {
    [
      try mlp(seed: seed, bias: bias, positive: positive, wide: wide),
      try cnn(seed: seed, bias: bias, positive: positive, wide: wide),
    ]
  }
}
