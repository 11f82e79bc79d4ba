extension RuleCatalogue {
  /// The named LRP-αβ variants (α and β written as numbers, so each text is one fixed rule) and
  /// the Zennit-convention alternatives of z⁺ and αβ.
  static let variants: [CatalogueEntry] = [
    alphaBeta(1, 0), alphaBeta(2, 1), alphaBeta(5, 4),
    CatalogueEntry(
      id: "zplus.zennit", name: "LRP-z⁺ (Zennit convention)",
      text: "R[i] = sum_j((pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j]))/(\(zennitPositive) + eps*sign(\(zennitPositive)))*R[j])",
      assumptions: .unconstrained, defaults: ["eps": 1e-6],
      conventions: "Zennit ZPlus: inputs split by sign (a⁺w⁺ + a⁻w⁻), b⁺ in the denominator only, stabiliser ε·sign(z) with sign(0) = +1, ε = 1e-6 (fixtures README, FORMAT.md §4)."),
    CatalogueEntry(
      id: "lrp.alphabeta.zennit", name: "LRP-αβ (Zennit convention)",
      text: "R[i] = sum_j((alpha*(pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j]))/(\(zennitPositive) + eps*sign(\(zennitPositive)))"
        + " - beta*(pos(a[i])*neg(w[i,j]) + neg(a[i])*pos(w[i,j]))/(\(zennitNegative) + eps*sign(\(zennitNegative))))*R[j])",
      assumptions: .unconstrained, defaults: ["alpha": 2, "beta": 1, "eps": 1e-6],
      conventions: "Zennit AlphaBeta: activator a⁺w⁺ + a⁻w⁻ with b⁺, inhibitor a⁺w⁻ + a⁻w⁺ with b⁻, each stabilised by ε·sign (sign(0) = +1, ε = 1e-6); where the inhibitor is 0 the β-term vanishes and the unit passes α·R."),
  ]

  /// `Σᵢ (a⁺w⁺ + a⁻w⁻) + b⁺`, Zennit's z⁺ denominator before stabilising.
  static let zennitPositive = "(sum_i(pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j])) + pos(b[j]))"
  /// `Σᵢ (a⁺w⁻ + a⁻w⁺) + b⁻`, Zennit's inhibitor denominator before stabilising.
  static let zennitNegative = "(sum_i(pos(a[i])*neg(w[i,j]) + neg(a[i])*pos(w[i,j])) + neg(b[j]))"

  private static func alphaBeta(_ alpha: Int, _ beta: Int) -> CatalogueEntry {
    let positive = "pos(a[i]*w[i,j])/stab(sum_i(pos(a[i]*w[i,j])))"
    let negative = "neg(a[i]*w[i,j])/stab(sum_i(neg(a[i]*w[i,j])))"
    let body = beta == 0 ? (alpha == 1 ? positive : "\(alpha)*\(positive)") : "(\(alpha)*\(positive) - \(beta)*\(negative))"
    return CatalogueEntry(
      id: "lrp-alpha\(alpha)-beta\(beta)", name: "LRP-α\(alpha)β\(beta)", text: "R[i] = sum_j(\(body)*R[j])",
      assumptions: .hiddenLayer, defaults: [:],
      conventions: "lrp.alphabeta with α = \(alpha), β = \(beta) written as numbers (innvestigate activator/inhibitor split, bias-free, SafeDivide).")
  }

  /// Command-line names (issue #4: `bpaudit attribute --method NAME`) of entries whose identifier
  /// differs; `entry(_:)` accepts both.
  public static let aliases: [String: String] = [
    "lrp-0": "lrp.0", "lrp-epsilon": "lrp.epsilon", "lrp-gamma": "lrp.gamma", "lrp-zplus": "zplus",
    "lrp-alpha-beta": "lrp.alphabeta", "lrp-zb": "dtd.zb", "lrp-wsquare": "dtd.w2", "lrp-flat": "flat",
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
