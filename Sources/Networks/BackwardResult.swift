/// What a backward pass (`Network.backward`) returns.
public struct BackwardResult: Sendable, Equatable {
  /// The vector–Jacobian product at the network input, the shape of `trace.activations[0]`.
  public var inputGradient: Tensor
  /// When requested: `activationGradients[l]` matches `trace.activations[l]` for
  /// `l ≤ layerIndex + 1` (the last one is the injected upstream vector); empty otherwise.
  public var activationGradients: [Tensor]
  /// When requested: the gradients of every parametrised layer at or below `layerIndex`.
  public var parameterGradients: ParameterGradients?

  /// Creates a result from its parts.
  public init(
    inputGradient: Tensor, activationGradients: [Tensor], parameterGradients: ParameterGradients?
  ) {
    self.inputGradient = inputGradient
    self.activationGradients = activationGradients
    self.parameterGradients = parameterGradients
  }
}
