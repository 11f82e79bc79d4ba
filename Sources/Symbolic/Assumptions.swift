/// The facts a proof may use about a layer: the sign of activations, input bounds, biases and the
/// range of every declared parameter.
///
/// Weights `w`, patterns `p`, biases `b` (unless `biasFree`), pre-activations `z`, `z0`, bounds `l`,
/// `h` and the upper relevance `R` may take either sign; `l ≤ 0 ≤ h` is never assumed.
public struct Assumptions: Sendable, Hashable {
  /// The range of a scalar parameter.
  public enum Range: Sendable, Hashable {
    /// `x > 0`.
    case positive
    /// `x ≥ 0`.
    case nonNegative
    /// Any real number.
    case any
    /// Exactly this value.
    case fixed(Double)
  }

  /// `a[i] ≥ 0` and `a0[i] ≥ 0`: the layer input is the output of a ReLU.
  public var nonNegativeActivations: Bool
  /// `l[i] ≤ a[i] ≤ h[i]`: the layer input is bounded (DTD zᴮ at the image layer).
  public var boundedInputs: Bool
  /// `b[j] = 0`, so `z[j] = Σᵢ a[i]·w[i,j]` and `z0[j] = Σᵢ a0[i]·w[i,j]`.
  public var biasFree: Bool
  /// The declared parameters and their ranges; a rule may only use these names.
  public var parameters: [String: Range]

  /// `eps > 0`, `gamma ≥ 0`, `alpha ≥ 0`, `beta ≥ 0`.
  public static let standardParameters: [String: Range] = [
    "eps": .positive, "gamma": .nonNegative, "alpha": .nonNegative, "beta": .nonNegative,
  ]

  /// Creates assumptions (standard parameters by default).
  public init(
    nonNegativeActivations: Bool, boundedInputs: Bool = false, biasFree: Bool = false,
    parameters: [String: Range] = Assumptions.standardParameters
  ) {
    self.nonNegativeActivations = nonNegativeActivations
    self.boundedInputs = boundedInputs
    self.biasFree = biasFree
    self.parameters = parameters
  }

  /// A hidden layer after a ReLU: `a ≥ 0`, standard parameters.
  public static let hiddenLayer = Assumptions(nonNegativeActivations: true)
  /// The image layer with bounds: `l ≤ a ≤ h`, inputs of either sign, standard parameters.
  public static let boundedInput = Assumptions(nonNegativeActivations: false, boundedInputs: true)
  /// No facts about the inputs; standard parameters.
  public static let unconstrained = Assumptions(nonNegativeActivations: false)

  /// These assumptions with parameter `name` declared in `range`.
  public func declaring(_ name: String, _ range: Range) -> Assumptions {
    var copy = self
    copy.parameters[name] = range
    return copy
  }

  /// These assumptions with `biasFree` set.
  public func withoutBias() -> Assumptions {
    var copy = self
    copy.biasFree = true
    return copy
  }
}
