/// A first-order optimizer: turns parameter gradients into an update of the network.
///
/// Implementations keep their state (momentum buffers, moment estimates) keyed by parameter slot,
/// so one optimizer value must be used with one network architecture.
public protocol Optimizer: Sendable {
  /// Applies one update step to every parameter that has a gradient.
  /// - Parameters:
  ///   - network: the network to update in place.
  ///   - gradients: `∂L/∂θ` from `Network.backward(…, parameterGradients: true)`.
  mutating func update(_ network: inout Network, along gradients: ParameterGradients)
}
