extension RuleCatalogue {
  /// The named LRP-αβ variants (α and β written as numbers, so each text is one fixed rule), then
  /// the implementation forms of both conventions (`paperConvention`, `zennitConvention`).
  static let variants: [CatalogueEntry] = [alphaBeta(1, 0), alphaBeta(2, 1), alphaBeta(5, 4)] + paperConvention + zennitConvention

  /// The forms that differ from the §3 theory text under the paper convention (iNNvestigate 1.0.8,
  /// `AlphaBetaRule(bias=True)`, paper-digest §3.3, §13): the activator and inhibitor split
  /// `pos(a·w) = a⁺w⁺ + a⁻w⁻`, `neg(a·w) = a⁺w⁻ + a⁻w⁺` (so inputs of either sign are handled), the
  /// **full** bias in both denominators, and `SafeDivide` (`stab`).
  static let paperConvention: [CatalogueEntry] = [
    CatalogueEntry(
      id: "zplus.paper", name: "LRP-z⁺ (paper convention)",
      text: "R[i] = sum_j(pos(a[i]*w[i,j])/stab(\(paperPositive))*R[j])", assumptions: .unconstrained, defaults: [:],
      conventions: "innvestigate AlphaBetaRule(alpha=1, beta=0, bias=True): activator a⁺w⁺ + a⁻w⁻ = pos(a·w), the full bias b in the denominator (an implementation quirk: C_ij < 0 where the bias makes the denominator negative, and Σᵢ C_ij = s/(s + b)), SafeDivide. What lrp-zplus, lrp-alpha1-beta0, excitation-bp and the z⁺ layers of dtd and lrp-cmp-alpha1-beta0 run by default."),
    CatalogueEntry(
      id: "lrp.alphabeta.paper", name: "LRP-αβ (paper convention)",
      text: "R[i] = sum_j((alpha*pos(a[i]*w[i,j])/stab(\(paperPositive)) - beta*neg(a[i]*w[i,j])/stab(\(paperNegative)))*R[j])",
      assumptions: .unconstrained, defaults: ["alpha": 2, "beta": 1],
      conventions: "innvestigate AlphaBetaRule(bias=True): activator pos(a·w) = a⁺w⁺ + a⁻w⁻ and inhibitor neg(a·w) = a⁺w⁻ + a⁻w⁺, each with the full bias b in its denominator, SafeDivide. What lrp-alpha-beta, lrp-alpha2-beta1, lrp-alpha5-beta4 and the conv layers of lrp-cmp-alpha2-beta1 run by default (α, β set by the method)."),
  ]

  /// The Zennit-convention forms (Zennit 0.5.1, Sources/Rules/README.md): every denominator stabilised by
  /// `sstab` (`x + 1e-6·sign(x)`, sign(0) = +1); z⁺ and αβ split inputs and biases by sign.
  static let zennitConvention: [CatalogueEntry] = [
    CatalogueEntry(
      id: "lrp.0.zennit", name: "LRP-0 (Zennit convention)", text: "R[i] = sum_j(a[i]*w[i,j]/sstab(z[j])*R[j])",
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "Zennit Epsilon(1e-6): LRP-0 with the stabiliser z + 1e-6·sign(z), bias in z; also Zennit's Norm on average pools."),
    CatalogueEntry(
      id: "lrp.gamma.zennit", name: "LRP-γ (Zennit convention)", text: gammaText(stabiliser: "sstab"),
      assumptions: .hiddenLayer, defaults: ["gamma": 0.25], conventions: "lrp.gamma with Zennit's stabiliser sstab."),
    CatalogueEntry(
      id: "zplus.zennit", name: "LRP-z⁺ (Zennit convention)",
      text: "R[i] = sum_j(pos(a[i]*w[i,j])/sstab(\(zennitPositive))*R[j])", assumptions: .unconstrained, defaults: [:],
      conventions: "Zennit ZPlus: inputs split by sign (pos(a·w) = a⁺w⁺ + a⁻w⁻), b⁺ in the denominator only, stabiliser sstab (fixtures README, Sources/Rules/README.md)."),
    CatalogueEntry(
      id: "lrp.alphabeta.zennit", name: "LRP-αβ (Zennit convention)",
      text: "R[i] = sum_j((alpha*pos(a[i]*w[i,j])/sstab(\(zennitPositive)) - beta*neg(a[i]*w[i,j])/sstab(\(zennitNegative)))*R[j])",
      assumptions: .unconstrained, defaults: ["alpha": 2, "beta": 1],
      conventions: "Zennit AlphaBeta: activator a⁺w⁺ + a⁻w⁻ = pos(a·w) with b⁺, inhibitor a⁺w⁻ + a⁻w⁺ = neg(a·w) with b⁻, each stabilised by sstab; where the inhibitor is 0 the β-term vanishes and the unit passes α·R."),
    CatalogueEntry(
      id: "dtd.zb.zennit", name: "DTD zᴮ (Zennit convention)",
      text: "R[i] = sum_j((a[i]*w[i,j] - l[i]*pos(w[i,j]) - h[i]*neg(w[i,j]))/sstab(sum_i(a[i]*w[i,j] - l[i]*pos(w[i,j]) - h[i]*neg(w[i,j])))*R[j])",
      assumptions: .boundedInput, defaults: [:], conventions: "Zennit ZBox: dtd.zb with the stabiliser sstab; bias-free."),
    CatalogueEntry(
      id: "dtd.w2.zennit", name: "w² (Zennit convention)", text: "R[i] = sum_j(w[i,j]^2/sstab(sum_i(w[i,j]^2))*R[j])",
      assumptions: .unconstrained, defaults: [:], conventions: "Zennit WSquare: dtd.w2 with the stabiliser sstab."),
    CatalogueEntry(
      id: "flat.zennit", name: "Flat (Zennit convention)", text: "R[i] = sum_j(1/sstab(sum_i(1))*R[j])",
      assumptions: .unconstrained, defaults: [:], conventions: "Zennit Flat: flat with the stabiliser sstab."),
  ]

  /// `Σᵢ pos(a·w) + b`, the paper convention's activator denominator before stabilising.
  static let paperPositive = "sum_i(pos(a[i]*w[i,j])) + b[j]"
  /// `Σᵢ neg(a·w) + b`, the paper convention's inhibitor denominator before stabilising.
  static let paperNegative = "sum_i(neg(a[i]*w[i,j])) + b[j]"
  /// `Σᵢ pos(a·w) + b⁺`, Zennit's z⁺ denominator before stabilising.
  static let zennitPositive = "sum_i(pos(a[i]*w[i,j])) + pos(b[j])"
  /// `Σᵢ neg(a·w) + b⁻`, Zennit's inhibitor denominator before stabilising.
  static let zennitNegative = "sum_i(neg(a[i]*w[i,j])) + neg(b[j])"

  /// LRP-γ in Zennit's sign-split form with `stabiliser` (`stab` or `sstab`) in the denominators:
  /// for `z > 0` the weights `w + γw⁺` act on `a⁺` and `w + γw⁻` on `a⁻` with bias `b + γb⁺`; for
  /// `z < 0` the mirror image with `b + γb⁻`; `z = 0` passes nothing.
  static func gammaText(stabiliser: String) -> String {
    let up = "(w[i,j] + gamma*pos(w[i,j]))"
    let down = "(w[i,j] + gamma*neg(w[i,j]))"
    let positive = "(pos(a[i])*\(up) + neg(a[i])*\(down))"
    let negative = "(pos(a[i])*\(down) + neg(a[i])*\(up))"
    return "R[i] = sum_j((step(z[j])*\(positive)/\(stabiliser)(sum_i\(positive) + b[j] + gamma*pos(b[j]))"
      + " + step(-z[j])*\(negative)/\(stabiliser)(sum_i\(negative) + b[j] + gamma*neg(b[j])))*R[j])"
  }

  private static func alphaBeta(_ alpha: Int, _ beta: Int) -> CatalogueEntry {
    let positive = "pos(a[i]*w[i,j])/stab(sum_i(pos(a[i]*w[i,j])))"
    let negative = "neg(a[i]*w[i,j])/stab(sum_i(neg(a[i]*w[i,j])))"
    let body = beta == 0 ? (alpha == 1 ? positive : "\(alpha)*\(positive)") : "(\(alpha)*\(positive) - \(beta)*\(negative))"
    return CatalogueEntry(
      id: "lrp-alpha\(alpha)-beta\(beta)", name: "LRP-α\(alpha)β\(beta)", text: "R[i] = sum_j(\(body)*R[j])",
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "lrp.alphabeta with α = \(alpha), β = \(beta) written as numbers (theory form: innvestigate's activator/inhibitor split, bias-free, SafeDivide); on networks the method runs lrp.alphabeta.paper or lrp.alphabeta.zennit with these α, β.")
  }

  /// Command-line names (issue #4: `bpaudit attribute --method NAME`) of entries whose identifier
  /// differs; `entry(_:)` accepts both. (`lrp-zb` is a composite: zᴮ first, ε above.)
  public static let aliases: [String: String] = [
    "lrp-0": "lrp.0", "lrp-epsilon": "lrp.epsilon", "lrp-gamma": "lrp.gamma", "lrp-zplus": "zplus",
    "lrp-alpha-beta": "lrp.alphabeta", "lrp-wsquare": "dtd.w2", "lrp-flat": "flat",
    "excitation-bp": "excitation", "pattern-net": "patternnet", "pattern-attribution": "patternattribution",
    "deeplift-rescale": "deeplift.rescale", "deeplift-reveal-cancel": "deeplift.revealcancel",
    "deeplift-ablation": "deeplift.ablation", "guided-backprop": "guidedbp",
  ]
}

extension CatalogueEntry {
  /// The command-line name: the alias pointing at this entry, else the identifier.
  public var commandName: String {
    RuleCatalogue.aliases.first { $0.value == id }?.key ?? id
  }
}
