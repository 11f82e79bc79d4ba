/// Everything one batched forward pass produced: every activation and the max-pool routing.
///
/// A value: computed once per input batch and shared by every backward pass and attribution rule.
public struct ForwardTrace: Sendable, Equatable {
  /// `activations[0]` is the input, `activations[l + 1]` the output of `layers[l]`; all keep the
  /// batch dimension (`[N, …]`). The last element holds the logits `[N, classes]`.
  public var activations: [Tensor]
  /// For every layer: the arg-max indices of a max-pool layer (flat indices into
  /// `activations[l].scalars`, one per output element, see `Pool2D.maxPoolForward`), `nil` for
  /// every other layer.
  public var maxPoolIndices: [[Int32]?]

  /// Creates a trace from its parts.
  /// - Precondition: one more activation than routing entries.
  public init(activations: [Tensor], maxPoolIndices: [[Int32]?]) {
    precondition(
      activations.count == maxPoolIndices.count + 1,
      "ForwardTrace: one activation per layer plus the input")
    self.activations = activations
    self.maxPoolIndices = maxPoolIndices
  }

  /// The network input `[N, …]`.
  public var input: Tensor { activations[0] }
  /// The network output `[N, classes]`.
  public var output: Tensor { activations[activations.count - 1] }
  /// The batch size.
  public var batchSize: Int { activations[0].shape[0] }
}
