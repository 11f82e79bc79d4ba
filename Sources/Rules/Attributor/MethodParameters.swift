import Networks

/// The parameters of an attribution method as the user gave them; `nil` means "the method's
/// default". One value serves every method: each method reads the fields it documents and
/// rejects the others (`MethodRegistry.make`).
public struct MethodParameters: Sendable, Equatable {
  /// Stabiliser and bias conventions of the LRP rules (`--convention`).
  public var convention: Convention
  /// Whether biases enter the LRP rules (default `true`); `false` reproduces Zennit's
  /// `zero_params=['bias']`. LRP family only; accepted by every method, never listed in `given`.
  public var rulesUseBias: Bool = true
  /// ε of the ε rule (`--epsilon`).
  public var epsilon: Double?
  /// γ of the γ rule (`--gamma`).
  public var gamma: Double?
  /// α of the αβ rule (`--alpha`).
  public var alpha: Double?
  /// β of the αβ rule (`--beta`).
  public var beta: Double?
  /// zᴮ lower bound: one value, or one per input channel (`--low`).
  public var low: [Float]?
  /// zᴮ upper bound: one value, or one per input channel (`--high`).
  public var high: [Float]?
  /// RectGrad percentile (`--percentile`).
  public var percentile: Double?
  /// Integration steps (`--steps`).
  public var steps: Int?
  /// SmoothGrad samples (`--samples`).
  public var samples: Int?
  /// SmoothGrad noise as a fraction of the input range (`--noise`).
  public var noise: Double?
  /// Seed of random methods (`--seed`).
  public var seed: UInt64?
  /// Reference input of integrated gradients / DeepLIFT (`--baseline`), `[1, …]` or `[N, …]`.
  public var baseline: Tensor?
  /// Estimated signal patterns of PatternNet / PatternAttribution (`--patterns`).
  public var patterns: PatternSet?

  /// Creates a parameter set; every omitted parameter takes the method's default.
  public init(
    convention: Convention = .paper, epsilon: Double? = nil, gamma: Double? = nil, alpha: Double? = nil,
    beta: Double? = nil, low: [Float]? = nil, high: [Float]? = nil, percentile: Double? = nil,
    steps: Int? = nil, samples: Int? = nil, noise: Double? = nil, seed: UInt64? = nil, baseline: Tensor? = nil
  ) {
    self.convention = convention
    self.epsilon = epsilon
    self.gamma = gamma
    self.alpha = alpha
    self.beta = beta
    self.low = low
    self.high = high
    self.percentile = percentile
    self.steps = steps
    self.samples = samples
    self.noise = noise
    self.seed = seed
    self.baseline = baseline
  }

  /// The command-line names of the parameters that were given (`convention` is never listed).
  public var given: [String] {
    var names: [String] = []
    if epsilon != nil { names.append("epsilon") }
    if gamma != nil { names.append("gamma") }
    if alpha != nil { names.append("alpha") }
    if beta != nil { names.append("beta") }
    if low != nil { names.append("low") }
    if high != nil { names.append("high") }
    if percentile != nil { names.append("percentile") }
    if steps != nil { names.append("steps") }
    if samples != nil { names.append("samples") }
    if noise != nil { names.append("noise") }
    if seed != nil { names.append("seed") }
    if baseline != nil { names.append("baseline") }
    if patterns != nil { names.append("patterns") }
    return names
  }

  /// The zᴮ bounds: `--low`/`--high` as scalars or per channel, else each sample's input range.
  /// - Throws: `AttributionError.invalidParameter` when only one of them is given or their
  ///   lengths differ.
  public func boxBounds(method: String) throws -> BoxBounds {
    switch (low, high) {
    case (nil, nil): return .inputRange
    case (let l?, let h?) where l.count == 1 && h.count == 1: return .scalar(low: l[0], high: h[0])
    case (let l?, let h?) where l.count == h.count: return .perChannel(low: l, high: h)
    default:
      throw AttributionError.invalidParameter(
        method: method, parameter: "low, high",
        expected: "both given, as one value each or one value per input channel each")
    }
  }
}
