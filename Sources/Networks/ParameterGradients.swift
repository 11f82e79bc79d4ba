/// The gradients of one parametrised layer's weights and bias.
public struct ParameterGradient: Sendable, Equatable {
  /// `∂L/∂W`, the shape of the layer's weight.
  public var weight: Tensor
  /// `∂L/∂b`, shape `[out]`, or `nil` for a bias-free layer.
  public var bias: Tensor?

  /// Creates a gradient pair.
  public init(weight: Tensor, bias: Tensor?) {
    self.weight = weight
    self.bias = bias
  }
}

/// The parameter gradients of a whole network, one entry per layer.
///
/// `layers[l]` belongs to `network.layers[l]`; it is `nil` for parameter-free layers and for
/// layers above the point where the backward pass started.
public struct ParameterGradients: Sendable, Equatable {
  /// One entry per layer of the network, in layer order.
  public var layers: [ParameterGradient?]

  /// Creates the collection from per-layer entries.
  public init(layers: [ParameterGradient?]) {
    self.layers = layers
  }

  /// The gradient of the layer at `index`, or `nil` when it has none.
  public subscript(index: Int) -> ParameterGradient? { layers[index] }
}
