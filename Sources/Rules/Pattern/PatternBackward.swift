import Networks

/// The backward pass of `PatternNet` and `PatternAttribution`: the gradient pass with each
/// dense/conv layer's weight replaced by a per-layer matrix built from its pattern.
///
/// ```
/// r_{l−1} = Ãᵀ r_l          (dense/conv, Ã = A or W ⊙ A)
/// ```
/// ReLU keeps the gradient mask `1[z > 0]`, max-pool the trace's arg-max routing, avg-pool and
/// flatten their gradients.
struct PatternBackward: Sendable {
  let method: String
  let patterns: PatternSet
  /// Builds `Ã` from a layer's weight `W` and its pattern `A`.
  let combine: @Sendable (_ weight: Tensor, _ pattern: Tensor) -> Tensor

  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: method, network: network, trace: trace, start: start)
    var relevances = [Tensor](repeating: Tensor(shape: [0]), count: start.layer + 2)
    var r = start.relevance
    relevances[start.layer + 1] = r
    for l in stride(from: start.layer, through: 0, by: -1) {
      let layer = network.layers[l]
      let input = trace.activations[l]
      switch layer {
      case .dense(let d):
        let matrix = try modified(layer: layer, weight: d.weight)
        r = Dense(name: d.name, weight: matrix, bias: nil).inputGradient(outputGradient: r)
      case .conv2d(let c):
        let matrix = try modified(layer: layer, weight: c.weight)
        r = Conv2D(name: c.name, weight: matrix, bias: nil, stride: c.stride, padding: c.padding)
          .inputGradient(outputGradient: r, inputShape: input.shape)
      default:
        r = layer.backward(
          outputGradient: r, input: input, maxPoolIndices: trace.maxPoolIndices[l], wantParameters: false
        ).input
      }
      relevances[l] = r
    }
    return Attribution(relevances: relevances, stabilisedCount: 0)
  }

  /// `Ã` for one layer.
  /// - Throws: `AttributionError.unsupportedLayer` when the layer has no pattern or one of the
  ///   wrong shape.
  private func modified(layer: Layer, weight: Tensor) throws -> Tensor {
    guard let pattern = patterns.patterns[layer.name] else {
      throw AttributionError.unsupportedLayer(
        method: method, layer: layer.name,
        reason: "no pattern estimated for this layer (estimate or load patterns that cover it)")
    }
    guard pattern.shape == weight.shape else {
      throw AttributionError.unsupportedLayer(
        method: method, layer: layer.name,
        reason: "pattern shape \(pattern.shape) differs from the weight shape \(weight.shape)")
    }
    return combine(weight, pattern)
  }
}
