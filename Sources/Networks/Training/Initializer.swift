import Matrices

/// Random weight initialisation schemes (biases start at zero).
///
/// For a weight of shape `[out, in, kh, kw]` (or `[out, in]`): `fan_in = in·kh·kw`,
/// `fan_out = out·kh·kw`, the PyTorch convention.
///
/// References: He et al., "Delving Deep into Rectifiers", ICCV 2015; Glorot & Bengio,
/// "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
public enum Initializer: Sendable, Equatable {
  /// Kaiming normal, fan-in mode: `W ~ N(0, 2 / fan_in)`.
  case heNormal
  /// Kaiming uniform, fan-in mode: `W ~ U(−√(6 / fan_in), √(6 / fan_in))`.
  case heUniform
  /// Xavier uniform: `W ~ U(−√(6 / (fan_in + fan_out)), √(6 / (fan_in + fan_out)))`.
  case glorotUniform

  /// The fan-in and fan-out of a weight of shape `[out, in, …kernel]`.
  public static func fans(ofWeightShape shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    precondition(shape.count >= 2, "Initializer: weight shape \(shape) must be [out, in, …]")
    let receptive = shape.dropFirst(2).reduce(1, *)
    return (shape[1] * receptive, shape[0] * receptive)
  }

  /// A freshly drawn weight tensor of `shape`.
  /// - Parameters:
  ///   - shape: `[out, in]` or `[out, in, kh, kw]`.
  ///   - generator: the seeded source of randomness (advanced).
  /// - Complexity: `O(count)` draws.
  public func weights(shape: [Int], using generator: inout SeededGenerator) -> Tensor {
    let (fanIn, fanOut) = Self.fans(ofWeightShape: shape)
    let count = shape.reduce(1, *)
    let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      switch self {
      case .heNormal:
        let std = (2 / Double(fanIn)).squareRoot()
        for i in 0..<count { buffer[i] = Float(generator.nextGaussian() * std) }
      case .heUniform, .glorotUniform:
        let bound =
          self == .heUniform
          ? (6 / Double(fanIn)).squareRoot() : (6 / Double(fanIn + fanOut)).squareRoot()
        for i in 0..<count {
          let u = Double(generator.next() >> 11) * 0x1.0p-53
          buffer[i] = Float((2 * u - 1) * bound)
        }
      }
      initialized = count
    }
    return Tensor(shape: shape, scalars: values)
  }
}

extension Dense {
  /// A freshly initialised dense layer with zero bias.
  /// - Parameters:
  ///   - name: the layer name (`<name>.weight`, `<name>.bias`).
  ///   - inputCount: input features; `outputCount`: output features.
  ///   - bias: whether the layer has a (zero) bias.
  ///   - initializer: the weight scheme.
  ///   - generator: the seeded source of randomness (advanced).
  public init(
    name: String, inputCount: Int, outputCount: Int, bias: Bool = true,
    initializer: Initializer, generator: inout SeededGenerator
  ) {
    self.init(
      name: name, weight: initializer.weights(shape: [outputCount, inputCount], using: &generator),
      bias: bias ? Tensor(shape: [outputCount]) : nil)
  }
}

extension Conv2D {
  /// A freshly initialised convolution with zero bias.
  /// - Parameters:
  ///   - name: the layer name.
  ///   - inputChannels: `C`; `outputChannels`: `O`; `kernelSize`: `(kh, kw)`.
  ///   - stride: the stride (default 1); `padding`: zero padding per side (default 0).
  ///   - bias: whether the layer has a (zero) bias.
  ///   - initializer: the weight scheme.
  ///   - generator: the seeded source of randomness (advanced).
  public init(
    name: String, inputChannels: Int, outputChannels: Int, kernelSize: Size2D,
    stride: Size2D = Size2D(1, 1), padding: Size2D = Size2D(0, 0), bias: Bool = true,
    initializer: Initializer, generator: inout SeededGenerator
  ) {
    self.init(
      name: name,
      weight: initializer.weights(
        shape: [outputChannels, inputChannels, kernelSize.height, kernelSize.width],
        using: &generator),
      bias: bias ? Tensor(shape: [outputChannels]) : nil, stride: stride, padding: padding)
  }
}
