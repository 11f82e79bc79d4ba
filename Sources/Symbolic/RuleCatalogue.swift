/// One built-in rule: its text in the rule language, the assumptions it is stated under, default
/// parameter values and the conventions it follows.
public struct CatalogueEntry: Sendable, Hashable {
  /// Stable identifier (`zplus`, `lrp.epsilon`, …).
  public let id: String
  /// Human-readable name.
  public let name: String
  /// The rule text, `R[i] = …`.
  public let text: String
  /// The layer facts the rule is meant for (and proved under).
  public let assumptions: Assumptions
  /// Default parameter values (e.g. `eps = 1e-6`).
  public let defaults: [String: Double]
  /// Conventions and deviations from the reference implementation, one paragraph.
  public let conventions: String

  /// The parsed rule.
  /// - Precondition: the text is a valid rule (checked by the catalogue tests).
  public var rule: Rule {
    do { return try Rule(parsing: text, assumptions: assumptions, source: "catalogue '\(id)'") } catch {
      preconditionFailure("built-in rule \(id) does not parse: \(error)")
    }
  }

  /// The assumptions with every default parameter fixed to its value.
  public var assumptionsWithDefaults: Assumptions {
    var a = assumptions
    for (name, v) in defaults { a.parameters[name] = .fixed(v) }
    return a
  }
}

/// The built-in rules of paper-digest §3, written once in the rule language.
///
/// `R[j]` is the upper relevance of LRP-type rules, and the upper *signal* for gradient-type rules
/// (gradient, PatternNet/-Attribution, Deconv, Guided BP: `∂f/∂h_j` at the layer output after its
/// ReLU; DeepLIFT: the multiplier `m_j` of the post-ReLU output). Hidden-layer rules assume `a ≥ 0`.
/// Denominators that may vanish use `stab` (iNNvestigate `SafeDivide`), except where the paper's
/// text (DESIGN.md §4) uses `+ eps`.
///
/// The §3 entries are the theory forms the proofs are about. Where an implementation differs, the
/// form a method runs on networks is its own entry: `zplus.paper` and `lrp.alphabeta.paper`
/// (iNNvestigate's full bias in the denominators) and the `….zennit` entries (Zennit's `sstab`
/// stabiliser, sign-split biases); `NetworkRule.catalogue` in `Rules` picks them per convention.
public enum RuleCatalogue {
  /// Every built-in rule: the rules of paper-digest §3 in its order, then the named variants
  /// (α1β0, α2β1, α5β4) and the Zennit-convention alternatives (`variants`).
  public static let all: [CatalogueEntry] = paperRules + variants

  /// The rules of paper-digest §3, in its order.
  static let paperRules: [CatalogueEntry] = [
    CatalogueEntry(
      id: "gradient", name: "Gradient", text: "R[i] = sum_j(w[i,j]*step(z[j])*R[j])", assumptions: .hiddenLayer,
      defaults: [:], conventions: "C = W·M with the ReLU mask M = diag(1[z > 0]) of this layer's outputs (§3.1)."),
    CatalogueEntry(
      id: "lrp.0", name: "LRP-0 (LRP-z)", text: "R[i] = sum_j(a[i]*w[i,j]/stab(z[j])*R[j])", assumptions: .hiddenLayer,
      defaults: [:],
      conventions: "z includes the bias (innvestigate lrp.z, bias=True); SafeDivide stabiliser stab (§3.2); lrp.0.zennit under the Zennit convention."),
    CatalogueEntry(
      id: "lrp.epsilon", name: "LRP-ε", text: "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])",
      assumptions: .hiddenLayer, defaults: ["eps": 1e-7],
      conventions: "Denominator z + ε·sign(z) with sign(0) = +1 (innvestigate EpsilonRule, default ε = 1e-7; the paper's CMP uses 1e-10; under the Zennit convention ε defaults to 1e-6)."),
    CatalogueEntry(
      id: "lrp.gamma", name: "LRP-γ", text: gammaText(stabiliser: "stab"), assumptions: .hiddenLayer,
      defaults: ["gamma": 0.25],
      conventions: "Zennit's Gamma rule in its sign-split form (not in innvestigate 1.0.8): for z > 0 the weights w + γw⁺ on a⁺ and w + γw⁻ on a⁻ with bias b + γb⁺, for z < 0 the mirror image with b + γb⁻, z = 0 passes nothing; SafeDivide. For a ≥ 0 and z > 0 this is the textbook a(w + γw⁺)/Σ(a(w + γw⁺)) + b + γb⁺; lrp.gamma.zennit under the Zennit convention."),
    CatalogueEntry(
      id: "zplus", name: "LRP-z⁺ (DESIGN.md §4 form)",
      text: "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])", assumptions: .hiddenLayer,
      defaults: ["eps": 1e-6],
      conventions: "Bias-free theory form (§3.3) with an additive ε > 0, what the proofs are about; on networks lrp-zplus runs zplus.paper (iNNvestigate, full bias) or zplus.zennit."),
    CatalogueEntry(
      id: "lrp.alphabeta", name: "LRP-αβ",
      text: "R[i] = sum_j((alpha*pos(a[i]*w[i,j])/stab(sum_i(pos(a[i]*w[i,j]))) - beta*neg(a[i]*w[i,j])/stab(sum_i(neg(a[i]*w[i,j]))))*R[j])",
      assumptions: .hiddenLayer, defaults: ["alpha": 2, "beta": 1],
      conventions: "Activator pos(a·w) = a⁺w⁺ + a⁻w⁻, inhibitor neg(a·w) (innvestigate, §3.4), bias-free theory form; innvestigate's full bias in the denominators is lrp.alphabeta.paper, which the methods run by default (lrp.alphabeta.zennit under the Zennit convention). α1β0 = alpha 1, beta 0; α2β1; α5β4."),
    CatalogueEntry(
      id: "dtd.zb", name: "DTD zᴮ (bounded input)",
      text: "R[i] = sum_j((a[i]*w[i,j] - l[i]*pos(w[i,j]) - h[i]*neg(w[i,j]))/stab(sum_i(a[i]*w[i,j] - l[i]*pos(w[i,j]) - h[i]*neg(w[i,j])))*R[j])",
      assumptions: .boundedInput, defaults: [:],
      conventions: "First layer, l ≤ a ≤ h (§3.5); innvestigate deep_taylor.bounded with SafeDivide; bias-free; dtd.zb.zennit under the Zennit convention. The first layer of the composites dtd and lrp-zb."),
    CatalogueEntry(
      id: "dtd.w2", name: "w²", text: "R[i] = sum_j(w[i,j]^2/stab(sum_i(w[i,j]^2))*R[j])", assumptions: .unconstrained,
      defaults: [:], conventions: "Input-independent (§3.5); innvestigate applies it to kernel layers without ReLU; dtd.w2.zennit under the Zennit convention."),
    CatalogueEntry(
      id: "flat", name: "Flat", text: "R[i] = sum_j(1/sum_i(1)*R[j])", assumptions: .unconstrained, defaults: [:],
      conventions: "Uniform redistribution over the inputs of j (on conv layers: its receptive field); flat.zennit under the Zennit convention."),
    CatalogueEntry(
      id: "excitation", name: "Excitation BP",
      text: "R[i] = sum_j(a[i]*pos(w[i,j])/stab(sum_i(a[i]*pos(w[i,j])))*R[j])", assumptions: .hiddenLayer,
      defaults: [:],
      conventions: "Marginal winning probability (Zhang et al.); the z⁺ matrix with SafeDivide (§3.3). The method excitation-bp runs zplus.paper / zplus.zennit with the ReLU gradient mask (Zennit's ExcitationBackprop composite; the mask only matters for relevance injected at a ReLU output)."),
    CatalogueEntry(
      id: "patternnet", name: "PatternNet", text: "R[i] = sum_j(p[i,j]*step(z[j])*R[j])", assumptions: .hiddenLayer,
      defaults: [:], conventions: "Backward through the patterns A with the forward ReLU mask (§3.6)."),
    CatalogueEntry(
      id: "patternattribution", name: "PatternAttribution", text: "R[i] = sum_j(w[i,j]*p[i,j]*step(z[j])*R[j])",
      assumptions: .hiddenLayer, defaults: [:], conventions: "Backward through W ⊙ A with the forward ReLU mask (§3.6)."),
    CatalogueEntry(
      id: "deeplift.rescale", name: "DeepLIFT Rescale",
      text: "R[i] = sum_j(w[i,j]*((relu(z[j]) - relu(z0[j]))/stab(z[j] - z0[j]))*R[j])", assumptions: .hiddenLayer,
      defaults: [:],
      conventions: "Multiplier form m_x = Wᵀ·diag(secant)·m (§3.7: with m⁺ = m⁻ the linear rule is Wᵀm); contributions are m·Δx at the input. At z = z0 stab gives multiplier 0 where deeplift uses the gradient."),
    CatalogueEntry(
      id: "deeplift.revealcancel", name: "DeepLIFT RevealCancel", text: revealCancelText,
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "Linear rule of §3.7 with RevealCancel multipliers m± = Δy±/Δz±, Δz⁺ = Σᵢ pos(w·Δa), Δz⁻ = Σᵢ neg(w·Δa) (z − z0 = Δz⁺ + Δz⁻), Δy± the Shapley halves of relu(z0 + Δz⁺ + Δz⁻) − relu(z0); the parts pass through deeplift's pseudocount pcount (also inside relu), as deeplift 0.6 and the fast kernel."),
    CatalogueEntry(
      id: "deeplift.ablation", name: "DeepLIFT Ablation (no cross terms)",
      text: "R[i] = sum_j((step(a[i] - a0[i]) + step(a0[i] - a[i]))*pos(w[i,j])*((relu(z[j]) - relu(z0[j]))/stab(z[j] - z0[j]))*R[j])",
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "cross_mxts=False with Rescale (§3.7, W⁺ for both signs as in the code); the Δx = 0 term Wᵀ(m⁺+m⁻)/2 is omitted (see deeplift.ablation.exact)."),
    CatalogueEntry(
      id: "deeplift.ablation.exact", name: "DeepLIFT Ablation with the Δx = 0 term",
      text: "R[i] = sum_j(((step(a[i] - a0[i]) + step(a0[i] - a[i]))*pos(w[i,j]) + (1 - step(a[i] - a0[i]) - step(a0[i] - a[i]))*w[i,j])*((relu(z[j]) - relu(z0[j]))/stab(z[j] - z0[j]))*R[j])",
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "As deeplift.ablation plus the code's Δx = 0 term Wᵀ(m⁺+m⁻)/2 = Wᵀm (mixed sign on inputs with a = a0)."),
    CatalogueEntry(
      id: "deconv", name: "Deconv", text: "R[i] = sum_j(w[i,j]*relu(R[j]))", assumptions: .hiddenLayer, defaults: [:],
      conventions: "Backward ReLU on the signal, no forward mask (§3.8); nonlinear in R."),
    CatalogueEntry(
      id: "guidedbp", name: "Guided BP", text: "R[i] = sum_j(w[i,j]*step(z[j])*relu(R[j]))", assumptions: .hiddenLayer,
      defaults: [:], conventions: "Forward mask and backward ReLU (§3.8); nonlinear in R."),
  ]

  /// DeepLIFT RevealCancel (§3.7) with `P = pcount(Σᵢ pos(w·Δa))`, `N = pcount(Σᵢ neg(w·Δa))`,
  /// `Δy⁺ = (relu(z0 + P) − relu(z0) + relu(z0 + N + P) − relu(z0 + N))/2`, `Δy⁻` symmetric,
  /// `m± = Δy±/P, Δy⁻/N` and the linear rule with cross terms by the sign of `Δa`.
  static let revealCancelText: String = {
    let delta = "(a[i] - a0[i])"
    let p = "pcount(sum_i(pos(w[i,j]*\(delta))))"
    let n = "pcount(sum_i(neg(w[i,j]*\(delta))))"
    let mPlus = "((relu(z0[j] + \(p)) - relu(z0[j]) + relu(z0[j] + \(n) + \(p)) - relu(z0[j] + \(n)))/2)/\(p)"
    let mMinus = "((relu(z0[j] + \(n)) - relu(z0[j]) + relu(z0[j] + \(p) + \(n)) - relu(z0[j] + \(p)))/2)/\(n)"
    let up = "step(a[i] - a0[i])"
    let down = "step(a0[i] - a[i])"
    return "R[i] = sum_j((\(up)*(pos(w[i,j])*\(mPlus) + neg(w[i,j])*\(mMinus)) + \(down)*(neg(w[i,j])*\(mPlus) + pos(w[i,j])*\(mMinus))"
      + " + (1 - \(up) - \(down))*w[i,j]*(\(mPlus) + \(mMinus))/2)*R[j])"
  }()

  /// The entry with identifier `id`, or with command-line name `id` (see `aliases`), if any.
  public static func entry(_ id: String) -> CatalogueEntry? {
    let resolved = aliases[id] ?? id
    return all.first { $0.id == resolved }
  }
}
