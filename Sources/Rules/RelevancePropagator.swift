import Networks

/// Where a backward pass starts: a relevance (or gradient) tensor injected at the output of one layer.
///
/// For a class explanation the start is the logits layer (`network.layers.count - 1`) with
/// `e_c · f_c(x)` (LRP family) or `e_c` (gradient family); for CSC it is any layer with random
/// Gaussian relevance.
public struct RelevanceStart: Sendable, Equatable {
  /// Index of the layer whose *output* receives the relevance; `network.layers.count - 1` is the logits.
  public var layer: Int
  /// The injected relevance `[N, …]`, shaped like `trace.activations[layer + 1]`.
  public var relevance: Tensor

  /// Creates a start point.
  public init(layer: Int, relevance: Tensor) {
    self.layer = layer
    self.relevance = relevance
  }
}

/// What one attribution pass returns: the relevance at every layer boundary it crossed.
public struct Attribution: Sendable, Equatable {
  /// `relevances[l]` is shaped like `trace.activations[l]` for `0 ≤ l ≤ start.layer + 1`:
  /// `relevances[0]` is the input relevance, the last element the injected start relevance.
  public var relevances: [Tensor]
  /// How many denominators were stabilised (zero, or smaller than the stabiliser) during the pass,
  /// summed over the batch and every layer. Non-zero means some relevance was absorbed or damped.
  public var stabilisedCount: Int

  /// Creates a result from its parts.
  public init(relevances: [Tensor], stabilisedCount: Int) {
    self.relevances = relevances
    self.stabilisedCount = stabilisedCount
  }

  /// The relevance at the network input `[N, …]`.
  public var input: Tensor { relevances[0] }
}

/// How a class explanation seeds the logits layer.
public enum LogitSeed: Sendable, Equatable {
  /// `R = e_c · f_c(x)`: the LRP family (LRP, DTD, Excitation BP, PatternAttribution, DeepLIFT).
  case logitValue
  /// `R = e_c`: the gradient family (gradient, Guided BP, Deconv, RectGrad, PatternNet).
  case unit
}

/// A method that sends relevance backwards through a traced network, layer by layer.
///
/// Built-in fast kernels and the generic evaluator of the rule language both conform, so every
/// analysis (CSC, sanity checks, rank profiles) runs on either path.
public protocol RelevancePropagator: Sendable {
  /// The method's command-line name, for example `lrp-epsilon` (see `bpaudit attribute --help`).
  var name: String { get }
  /// How a class explanation seeds the logits.
  var seed: LogitSeed { get }
  /// Propagates `start` from the output of layer `start.layer` down to the input.
  ///
  /// - Parameters:
  ///   - network: the network that produced `trace`.
  ///   - trace: the forward trace of the batch being explained; never recomputed.
  ///   - start: where the relevance is injected.
  /// - Throws: `AttributionError` when the method is undefined on a layer kind or misconfigured.
  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution
}

/// Why an attribution could not be computed. One line each, naming the method and what was expected.
public enum AttributionError: Error, Equatable, CustomStringConvertible {
  /// The method has no definition on this layer kind (for example a pattern method on a layer
  /// without an estimated pattern).
  case unsupportedLayer(method: String, layer: String, reason: String)
  /// A parameter is out of its domain (α − β ≠ 1, γ < 0, a zᴮ bound the input violates, …).
  case invalidParameter(method: String, parameter: String, expected: String)
  /// The start relevance does not fit the layer it is injected at.
  case startShape(layer: Int, expected: [Int], got: [Int])

  /// The one-line message shown to the user.
  public var description: String {
    switch self {
    case .unsupportedLayer(let method, let layer, let reason):
      return "method '\(method)' is not defined on layer '\(layer)': \(reason)"
    case .invalidParameter(let method, let parameter, let expected):
      return "method '\(method)': parameter '\(parameter)' must be \(expected)"
    case .startShape(let layer, let expected, let got):
      return "start relevance for layer \(layer) has shape \(got), expected \(expected)"
    }
  }
}
