/// Every attribution method by command-line name. Adding a method is one entry in `builtIn`.
///
/// The same names are used wherever a method is named (attribute, CSC, sanity checks, reports).
public enum MethodRegistry {
  /// The built-in methods, in the order `bpaudit attribute --help` lists them.
  public static let builtIn: [AttributionMethod] = [
    AttributionMethod("gradient", "∂f_c/∂x; seed e_c") { p in gradientFamily("gradient", .gradient, p) },
    AttributionMethod("input-x-gradient", "x ⊙ ∂f_c/∂x (Captum InputXGradient); seed e_c") { p in
      gradientFamily("input-x-gradient", .gradient, p, multipliesByInput: true)
    },
    AttributionMethod("guided-backprop", "Guided BP: ReLU backward g·1[z>0]·1[g>0]; seed e_c") { p in
      gradientFamily("guided-backprop", .guided, p)
    },
    AttributionMethod("deconv", "Deconvnet: ReLU backward max(g, 0), forward mask ignored; seed e_c") { p in
      gradientFamily("deconv", .deconv, p)
    },
    AttributionMethod("lrp-0", "LRP-0 (z rule) on every dense/conv layer, bias in z") { p in
      try lrp("lrp-0", .uniform(.zero), p)
    },
    AttributionMethod(
      "lrp-epsilon", "LRP-ε on every dense/conv layer (ε: \(epsilonText(MethodDefaults.epsilon)))", parameters: ["epsilon"]
    ) { p in try lrp("lrp-epsilon", .uniform(.epsilon(epsilon(p))), p) },
    AttributionMethod(
      "lrp-gamma", "LRP-γ on every dense/conv layer (γ = \(MethodDefaults.gamma))", parameters: ["gamma"]
    ) { p in
      try lrp("lrp-gamma", .uniform(.gamma(Float(p.gamma ?? MethodDefaults.gamma))), p)
    },
    AttributionMethod("lrp-zplus", "z⁺ rule (= α1β0) on every dense/conv layer") { p in
      try lrp("lrp-zplus", .uniform(.zPlus), p)
    },
    AttributionMethod(
      "lrp-alpha-beta", "LRP-αβ with α − β = 1 (α = β + 1; β = 1 when neither is given)",
      parameters: ["alpha", "beta"]
    ) { p in
      let beta = p.beta ?? p.alpha.map { $0 - 1 } ?? 1
      let alpha = p.alpha ?? beta + 1
      return try lrp("lrp-alpha-beta", .uniform(.alphaBeta(alpha: Float(alpha), beta: Float(beta))), p)
    },
    AttributionMethod("lrp-alpha1-beta0", "LRP-α1β0 on every dense/conv layer") { p in
      try lrp("lrp-alpha1-beta0", .uniform(.alphaBeta(alpha: 1, beta: 0)), p)
    },
    AttributionMethod("lrp-alpha2-beta1", "LRP-α2β1 on every dense/conv layer") { p in
      try lrp("lrp-alpha2-beta1", .uniform(.alphaBeta(alpha: 2, beta: 1)), p)
    },
    AttributionMethod("lrp-alpha5-beta4", "LRP-α5β4 on every dense/conv layer") { p in
      try lrp("lrp-alpha5-beta4", .uniform(.alphaBeta(alpha: 5, beta: 4)), p)
    },
    AttributionMethod(
      "lrp-zb", "zᴮ on the first dense/conv layer (bounds: each sample's range), LRP-ε on the others",
      parameters: ["low", "high", "epsilon"]
    ) { p in
      let rule = LinearRule.epsilon(epsilon(p))
      return try lrp("lrp-zb", Composite(dense: rule, conv: rule, first: .zBox(try p.boxBounds(method: "lrp-zb"))), p)
    },
    AttributionMethod("lrp-wsquare", "w² rule on every dense/conv layer (input-independent)") { p in
      try lrp("lrp-wsquare", .uniform(.wSquare), p)
    },
    AttributionMethod("lrp-flat", "flat rule on every dense/conv layer (input-independent)") { p in
      try lrp("lrp-flat", .uniform(.flat), p)
    },
    AttributionMethod(
      "lrp-cmp-alpha1-beta0", "LRP CMP: ε on dense, α1β0 on conv (ε: \(epsilonText(MethodDefaults.cmpEpsilon)); Zennit EpsilonPlus)",
      parameters: ["epsilon"]
    ) { p in
      try lrp("lrp-cmp-alpha1-beta0", Composite(dense: .epsilon(cmpEpsilon(p)), conv: .zPlus), p)
    },
    AttributionMethod(
      "lrp-cmp-alpha2-beta1", "LRP CMP: ε on dense, α2β1 on conv (ε: \(epsilonText(MethodDefaults.cmpEpsilon)); Zennit EpsilonAlpha2Beta1)",
      parameters: ["epsilon"]
    ) { p in
      try lrp("lrp-cmp-alpha2-beta1", Composite(dense: .epsilon(cmpEpsilon(p)), conv: .alphaBeta(alpha: 2, beta: 1)), p)
    },
    AttributionMethod(
      "dtd", "Deep Taylor: zᴮ first layer, z⁺ hidden, w² on the last dense/conv layer (zennit: z⁺ there)",
      parameters: ["low", "high"]
    ) { p in
      let top: LinearRule = p.convention == .paper ? .wSquare : .zPlus
      let composite = Composite(dense: .zPlus, conv: .zPlus, first: .zBox(try p.boxBounds(method: "dtd")), last: top)
      return try lrp("dtd", composite, p)
    },
    AttributionMethod("excitation-bp", "Excitation BP: z⁺ on dense/conv, ReLU gradient mask") { p in
      var m = ModifiedBackprop(
        name: "excitation-bp", seed: .logitValue, composite: .uniform(.zPlus), relu: .gradient,
        averagePool: .lrp, convention: p.convention)
      m.rulesUseBias = p.rulesUseBias
      return try validated(m)
    },
  ] + reference

  /// Methods whose kernels live beside the modified-backprop engine: path integrals, noise,
  /// thresholds, reference activations and estimated patterns.
  static let reference: [AttributionMethod] = [
    AttributionMethod(
      "integrated-gradients", "Integrated gradients, Gauss–Legendre (Captum's default), baseline 0, \(MethodDefaults.steps) steps; seed e_c",
      parameters: ["steps", "baseline"]
    ) { p in IntegratedGradients(baseline: p.baseline, steps: p.steps ?? MethodDefaults.steps) },
    AttributionMethod(
      "smoothgrad", "SmoothGrad: mean gradient over \(MethodDefaults.samples) noisy copies, σ = \(MethodDefaults.noise) of the input range; seed e_c",
      parameters: ["samples", "noise", "seed"]
    ) { p in
      SmoothGrad(samples: p.samples ?? MethodDefaults.samples, noise: p.noise ?? MethodDefaults.noise, randomSeed: p.seed ?? 0)
    },
    AttributionMethod(
      "rectgrad", "RectGrad: keep a ReLU's gradient where a·g exceeds the layer's \(Int(MethodDefaults.percentile))th percentile; seed e_c",
      parameters: ["percentile"]
    ) { p in RectGrad(percentile: p.percentile ?? MethodDefaults.percentile) },
    AttributionMethod(
      "deeplift-rescale", "DeepLIFT Rescale (reference 0, max pool routed as Captum 0.9); contributions, seed e_c·f_c",
      parameters: ["baseline"]
    ) { p in DeepLIFT(.rescale, reference: p.baseline) },
    AttributionMethod(
      "deeplift-reveal-cancel", "DeepLIFT RevealCancel (reference 0); contributions, seed e_c·f_c", parameters: ["baseline"]
    ) { p in DeepLIFT(.revealCancel, reference: p.baseline) },
    AttributionMethod(
      "deeplift-ablation", "DeepLIFT without cross terms (W⁺ on both signs, as the paper's code); seed e_c·f_c",
      parameters: ["baseline"]
    ) { p in DeepLIFT(.ablation, reference: p.baseline) },
    AttributionMethod(
      "pattern-net", "PatternNet: backward with the estimated patterns instead of W; needs --patterns; seed e_c",
      parameters: ["patterns"]
    ) { p in PatternNet(patterns: try requirePatterns(p, "pattern-net")) },
    AttributionMethod(
      "pattern-attribution", "PatternAttribution: backward with W ⊙ A; needs --patterns; seed e_c·f_c",
      parameters: ["patterns"]
    ) { p in PatternAttribution(patterns: try requirePatterns(p, "pattern-attribution")) },
  ]

  private static func requirePatterns(_ p: MethodParameters, _ name: String) throws -> PatternSet {
    guard let patterns = p.patterns else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "patterns", expected: "a pattern file estimated from data (bpaudit patterns)")
    }
    return patterns
  }

  /// Every known method name, in registry order.
  public static var names: [String] { builtIn.map(\.name) }

  /// The method called `name`.
  /// - Throws: `AttributionError.invalidParameter` listing the known names.
  public static func method(named name: String) throws -> AttributionMethod {
    guard let m = builtIn.first(where: { $0.name == name }) else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "method", expected: "one of \(names.joined(separator: ", "))")
    }
    return m
  }

  /// Builds the propagator of method `name`.
  /// - Throws: `AttributionError.invalidParameter` for an unknown name, a parameter the method
  ///   does not take, or a parameter out of its domain.
  public static func make(_ name: String, parameters: MethodParameters = MethodParameters()) throws -> any RelevancePropagator {
    let m = try method(named: name)
    if let extra = parameters.given.first(where: { !m.parameters.contains($0) }) {
      let accepted = m.parameters.isEmpty ? "none besides --convention" : m.parameters.map { "--\($0)" }.joined(separator: ", ")
      throw AttributionError.invalidParameter(
        method: name, parameter: extra, expected: "not given: this method takes \(accepted)")
    }
    return try m.make(parameters)
  }

  // MARK: - Builders

  private static func epsilon(_ p: MethodParameters) -> Float {
    Float(p.epsilon ?? MethodDefaults.epsilon(p.convention))
  }

  private static func cmpEpsilon(_ p: MethodParameters) -> Float {
    Float(p.epsilon ?? MethodDefaults.cmpEpsilon(p.convention))
  }

  /// `paper X, zennit Y`: a per-convention default as the help and the summaries print it.
  /// - Parameter value: the default under each convention (e.g. `MethodDefaults.epsilon`).
  public static func epsilonText(_ value: (Convention) -> Double) -> String {
    Convention.allCases.map { "\($0.rawValue) \(Float(value($0)))" }.joined(separator: ", ")
  }

  private static func validated(_ m: ModifiedBackprop) throws -> ModifiedBackprop {
    for r in [m.composite.dense, m.composite.conv] + [m.composite.first, m.composite.last].compactMap({ $0 }) {
      try r.validate(method: m.name)
    }
    return m
  }

  private static func lrp(_ name: String, _ composite: Composite, _ p: MethodParameters) throws -> ModifiedBackprop {
    var m = ModifiedBackprop(
      name: name, seed: .logitValue, composite: composite, relu: .pass, averagePool: .lrp, convention: p.convention)
    m.rulesUseBias = p.rulesUseBias
    return try validated(m)
  }

  private static func gradientFamily(
    _ name: String, _ relu: ReLURule, _ p: MethodParameters, multipliesByInput: Bool = false
  ) -> ModifiedBackprop {
    ModifiedBackprop(
      name: name, seed: .unit, composite: .uniform(.gradient), relu: relu, averagePool: .gradient,
      convention: p.convention, multipliesByInput: multipliesByInput)
  }
}
