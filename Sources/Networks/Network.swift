/// A feed-forward network: an input shape and a plain chain of layers.
///
/// `Network` is a value: training returns updated copies; every forward pass is a pure function
/// of the network and the input. Shapes exclude the batch dimension (`[C, H, W]` or `[D]`).
public struct Network: Sendable, Equatable {
  /// The shape of one input sample, `[C, H, W]` for images or `[D]` for vectors.
  public var inputShape: [Int]
  /// The layers, applied in order.
  public var layers: [Layer]

  /// Creates a network and checks that every layer fits the shape its predecessor produces.
  /// - Throws: `NetworkError` naming the first layer that does not fit.
  public init(inputShape: [Int], layers: [Layer]) throws {
    self.inputShape = inputShape
    self.layers = layers
    _ = try activationShapes()
  }

  /// The index of the layer called `name`, or `nil`.
  public func layerIndex(named name: String) -> Int? {
    layers.firstIndex { $0.name == name }
  }

  /// The shape of every activation of one sample: element 0 is the input, element `l + 1`
  /// the output of `layers[l]`.
  /// - Throws: `NetworkError.shapeMismatch` for the first layer whose input does not fit.
  public func activationShapes() throws -> [[Int]] {
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
      throw NetworkError.invalidInputShape(inputShape)
    }
    var shapes = [inputShape]
    for layer in layers {
      shapes.append(try layer.outputShape(forInput: shapes[shapes.count - 1]))
    }
    return shapes
  }

  /// The number of classes (logits) the network produces.
  public var outputCount: Int {
    // The initializer validated the shapes, so this cannot throw.
    ((try? activationShapes())?.last ?? []).reduce(1, *)
  }
}

/// A layer that does not fit the shape it receives, or an impossible input shape.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
  /// The input shape is empty or has a non-positive extent.
  case invalidInputShape([Int])
  /// Layer `layer` expected `expected` but received an input of shape `got`.
  case shapeMismatch(layer: String, expected: String, got: [Int])

  /// One line naming the layer and what was expected.
  public var description: String {
    switch self {
    case .invalidInputShape(let s):
      "input_shape \(s): expected [C, H, W] or [D] with positive extents"
    case .shapeMismatch(let layer, let expected, let got):
      "layer \(layer): expected \(expected), got input of shape \(got)"
    }
  }
}

extension Layer {
  /// The output shape (no batch dimension) for an input of shape `input`.
  /// - Throws: `NetworkError.shapeMismatch` when the input does not fit this layer.
  public func outputShape(forInput input: [Int]) throws -> [Int] {
    func mismatch(_ expected: String) -> NetworkError {
      .shapeMismatch(layer: name, expected: expected, got: input)
    }
    switch self {
    case .dense(let d):
      guard input.count == 1, input[0] == d.inputCount else {
        throw mismatch("a vector of \(d.inputCount) features (add a flatten layer before it?)")
      }
      return [d.outputCount]
    case .conv2d(let c):
      guard input.count == 3, input[0] == c.inputChannels else {
        throw mismatch("[\(c.inputChannels), H, W]")
      }
      let k = c.kernelSize
      let h = (input[1] + 2 * c.padding.height - k.height)
      let w = (input[2] + 2 * c.padding.width - k.width)
      guard h >= 0, w >= 0 else { throw mismatch("a padded input at least as large as the kernel \(k)") }
      return [c.outputChannels, h / c.stride.height + 1, w / c.stride.width + 1]
    case .maxPool2d(let p), .avgPool2d(let p):
      guard input.count == 3 else { throw mismatch("[C, H, W]") }
      let h = input[1] + 2 * p.padding.height - p.kernelSize.height
      let w = input[2] + 2 * p.padding.width - p.kernelSize.width
      guard h >= 0, w >= 0 else {
        throw mismatch("a padded input at least as large as the window \(p.kernelSize)")
      }
      return [input[0], h / p.stride.height + 1, w / p.stride.width + 1]
    case .relu:
      return input
    case .flatten:
      return [input.reduce(1, *)]
    }
  }
}
