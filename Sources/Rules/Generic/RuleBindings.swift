import Networks

/// What a rule may read beyond the forward trace and the weights: the DeepLIFT reference, the
/// zᴮ input bounds and the PatternNet/PatternAttribution patterns.
///
/// | symbol | bound to |
/// |---|---|
/// | `a0[i]`, `z0[j]` | `reference.activations[l]`, `[l + 1]` (a ReLU's `z0` is its input), row 0 when the reference has batch 1, else the same row |
/// | `l[i]`, `h[i]` | `low`, `high` at layers whose input is the network input (layer 0, or after flatten only) |
/// | `p[i,j]` | `patterns[layer name]`, shaped like the layer's weight |
public struct RuleBindings: Sendable {
  /// The forward trace of the reference input (DeepLIFT: zeros by default), batch 1 or the batch
  /// of the explained trace.
  public var reference: ForwardTrace?
  /// Lower input bounds: one value for every input element, or a single value for all.
  public var low: [Float]?
  /// Upper input bounds: one value for every input element, or a single value for all.
  public var high: [Float]?
  /// Patterns per dense/conv layer name, each shaped like that layer's weight.
  public var patterns: [String: Tensor]

  /// Creates bindings; everything is optional.
  public init(reference: ForwardTrace? = nil, low: [Float]? = nil, high: [Float]? = nil, patterns: [String: Tensor] = [:]) {
    self.reference = reference
    self.low = low
    self.high = high
    self.patterns = patterns
  }

  /// No reference, bounds or patterns.
  public static let none = RuleBindings()
}

extension RuleBindings {
  /// Bounds given per channel, expanded to every element of an input of shape `[C, H, W]` (or
  /// `[D]` with one value per feature).
  /// - Parameters:
  ///   - low: one lower bound per channel.
  ///   - high: one upper bound per channel.
  ///   - inputShape: the network's input shape (no batch dimension).
  /// - Precondition: `low` and `high` have `inputShape[0]` values.
  public static func channelBounds(low: [Float], high: [Float], inputShape: [Int]) -> (low: [Float], high: [Float]) {
    precondition(low.count == inputShape[0] && high.count == inputShape[0], "one bound per channel: \(inputShape[0])")
    let plane = inputShape.dropFirst().reduce(1, *)
    return (low.flatMap { [Float](repeating: $0, count: plane) }, high.flatMap { [Float](repeating: $0, count: plane) })
  }
}
