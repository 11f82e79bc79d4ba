extension Layer {
  /// Applies this layer to a batch (`[N, …]`), returning the max-pool routing when it is one.
  func forwardWithRouting(_ input: Tensor) -> (output: Tensor, maxPoolIndices: [Int32]?) {
    switch self {
    case .dense(let d): return (d.forward(input), nil)
    case .conv2d(let c): return (c.forward(input), nil)
    case .maxPool2d(let p):
      let pooled = p.maxPoolForward(input)
      return (pooled.output, pooled.argmax)
    case .avgPool2d(let p): return (p.avgPoolForward(input), nil)
    case .relu: return (ReLU.forward(input), nil)
    case .flatten:
      return (input.reshaped(to: [input.shape[0], input.count / max(input.shape[0], 1)]), nil)
    }
  }

  /// Applies this layer to a batch `[N, …]` (the shape this layer accepts, with a batch dimension).
  /// - Returns: the layer output `[N, …]`.
  public func forward(_ input: Tensor) -> Tensor {
    switch self {
    case .maxPool2d(let p): p.maxPoolForward(input).output
    default: forwardWithRouting(input).output
    }
  }
}
