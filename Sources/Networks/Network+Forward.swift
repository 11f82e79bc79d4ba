import Matrices

/// A network input whose shape does not fit the network.
public struct InputShapeError: Error, Equatable, CustomStringConvertible {
  /// The accepted shape, `[N] + inputShape` written with `N` for the batch.
  public var expected: [Int]
  /// The shape received.
  public var got: [Int]

  /// Creates the error from the network's sample shape and the received shape.
  public init(expected: [Int], got: [Int]) {
    self.expected = expected
    self.got = got
  }

  /// One line: expected shape versus received shape.
  public var description: String {
    let dims = expected.map(String.init).joined(separator: ", ")
    return "input: expected shape [N, \(dims)] with N ≥ 1, got \(got)"
  }
}

extension Network {
  /// Checks that `input` is a batch `[N] + inputShape` with `N ≥ 1`.
  /// - Throws: `InputShapeError` naming the expected and the received shape.
  public func checkInput(_ input: Tensor) throws {
    guard input.rank == inputShape.count + 1, input.shape[0] >= 1,
      Array(input.shape.dropFirst()) == inputShape
    else { throw InputShapeError(expected: inputShape, got: input.shape) }
  }

  /// The logits of a batch.
  /// - Parameter input: `[N] + inputShape`.
  /// - Returns: `[N, classes]` (the last activation, flattened per sample).
  /// - Precondition: the input shape fits (`checkInput` does not throw).
  /// - Complexity: one pass through every layer (a convolution and the ReLU after it in one
  ///   fused pass); no activation is kept.
  public func forward(_ input: Tensor) -> Tensor {
    precondition(
      (try? checkInput(input)) != nil,
      (InputShapeError(expected: inputShape, got: input.shape)).description)
    MemoryRetention.enable()
    var x = input
    var l = 0
    while l < layers.count {
      // A convolution followed by a ReLU runs as one fused pass.
      if case .conv2d(let conv) = layers[l], l + 1 < layers.count, case .relu = layers[l + 1] {
        x = conv.forwardReLU(x)
        l += 2
        continue
      }
      x = layers[l].forward(x)
      l += 1
    }
    return x.reshaped(to: [x.shape[0], x.count / x.shape[0]])
  }

  /// The forward pass keeping every activation and the max-pool routing, for backward passes.
  /// - Parameter input: `[N] + inputShape`.
  /// - Precondition: the input shape fits (`checkInput` does not throw).
  /// - Complexity: as `forward`, plus the memory of all activations.
  public func trace(_ input: Tensor) -> ForwardTrace {
    precondition(
      (try? checkInput(input)) != nil,
      (InputShapeError(expected: inputShape, got: input.shape)).description)
    MemoryRetention.enable()
    var activations = [input]
    var routing: [[Int32]?] = []
    activations.reserveCapacity(layers.count + 1)
    var l = 0
    while l < layers.count {
      // A convolution followed by a ReLU writes both activations in one pass.
      if case .conv2d(let conv) = layers[l], l + 1 < layers.count, case .relu = layers[l + 1] {
        let both = conv.forwardKeepingReLU(activations[activations.count - 1])
        activations += [both.linear, both.activated]
        routing += [nil, nil]
        l += 2
        continue
      }
      let (y, indices) = layers[l].forwardWithRouting(activations[activations.count - 1])
      activations.append(y)
      routing.append(indices)
      l += 1
    }
    return ForwardTrace(activations: activations, maxPoolIndices: routing)
  }
}
