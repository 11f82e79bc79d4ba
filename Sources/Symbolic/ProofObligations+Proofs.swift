/// Obligations that individual steps of the written proofs in `Proofs/` rely on: what stabilisers
/// and biases do to conservation, the identities behind zᴮ's sign, the DeepLIFT linear rule with
/// and without cross terms, and the positive homogeneity of the rules with a backward ReLU.
extension ProofObligations {
  /// Parses an expression in `i`, `j` written in the rule language (no division checks).
  /// - Precondition: the text is valid (fixed strings, checked by `everyObligationIsMet`).
  private static func expr(_ text: String) -> Expr {
    do { return try Expr(parsing: text) } catch { preconditionFailure("proof-step expression does not parse: \(error)") }
  }

  private static func rule(_ id: String) -> Rule {
    guard let entry = RuleCatalogue.entry(id) else { preconditionFailure("unknown catalogue rule \(id)") }
    return entry.rule
  }

  /// DeepLIFT's linear rule of paper-digest §3.7 for one weight, with the upper multipliers of the
  /// positive and negative parts given as `mPlus`, `mMinus` (expressions in `j`), with or without
  /// the cross terms `neg(w)·m⁺` (for Δa > 0) and `neg(w)·m⁻` (for Δa < 0).
  private static func deepLiftLinear(mPlus: String, mMinus: String, crossTerms: Bool) -> Expr {
    let up = "step(a[i] - a0[i])"
    let down = "step(a0[i] - a[i])"
    let positive = crossTerms ? "pos(w[i,j])*\(mPlus) + neg(w[i,j])*\(mMinus)" : "pos(w[i,j])*\(mPlus)"
    let negative = crossTerms ? "neg(w[i,j])*\(mPlus) + pos(w[i,j])*\(mMinus)" : "pos(w[i,j])*\(mMinus)"
    return expr(
      "\(up)*(\(positive)) + \(down)*(\(negative)) + (1 - \(up) - \(down))*w[i,j]*(\(mPlus) + \(mMinus))/2")
  }

  /// The Rescale multiplier of the ReLU after the layer, times the upper multiplier `R[j]`.
  private static let rescaleMultiplier = "((relu(z[j]) - relu(z0[j]))/stab(z[j] - z0[j]))*R[j]"

  /// The proof-step obligations (two sign claims, then identities), in the order the `Proofs/` files use them.
  static let proofStepObligations: [ProofObligation] = {
    let hidden = Assumptions.hiddenLayer
    let biasFree = hidden.withoutBias()
    func identity(_ id: String, _ statement: String, _ lhs: Expr, _ rhs: Expr, _ a: Assumptions, exact: Bool = true)
      -> ProofObligation
    {
      ProofObligation(id: id, statement: statement, claim: .identity(lhs: lhs, rhs: rhs, assumptions: a, droppingStabilisers: exact))
    }
    let secant = "((relu(z[j]) - relu(z0[j]))/stab(z[j] - z0[j]))"
    let alpha1beta0 = Assumptions.unconstrained.declaring("alpha", .fixed(1)).declaring("beta", .fixed(0))
    return [
      ProofObligation(
        id: "zplus.needs-nonnegative-input",
        statement: "z⁺ on inputs of either sign (image layer): some C_ij < 0, so a ≥ 0 is needed",
        claim: .negativeEntry(rule: "zplus", assumptions: .unconstrained)),
      ProofObligation(
        id: "alpha1beta0.image-layer.nonnegative",
        statement: "LRP-α1β0 with innvestigate's activator pos(a·w) = a⁺w⁺ + a⁻w⁻: C_ij ≥ 0 for inputs of either sign",
        claim: .nonNegative(rule: "lrp.alphabeta", assumptions: alpha1beta0)),
      identity(
        "zplus.stabiliser-deficit",
        "z⁺ with eps > 0: Σᵢ C_ij = s_j/(s_j + eps), s_j = Σᵢ a_i·w⁺_ij (bias-free; relevance absorbed by eps)",
        rule("zplus").columnSum, expr("sum_i(a[i]*pos(w[i,j]))/(sum_i(a[i]*pos(w[i,j])) + eps)"), biasFree),
      identity(
        "epsilon.stabiliser-deficit",
        "LRP-ε: Σᵢ C_ij = z_j/(z_j + eps·sign(z_j)) (bias-free)",
        rule("lrp.epsilon").columnSum, expr("z[j]/(z[j] + eps*sign(z[j]))"), biasFree),
      identity(
        "lrp0.bias-leak",
        "LRP-0 with bias: Σᵢ C_ij = (z_j − b_j)/z_j (the bias's share leaves the layer; where z ≠ 0)",
        rule("lrp.0").columnSum, expr("(z[j] - b[j])/z[j]"), hidden),
      identity(
        "excitation.equals-zplus",
        "Excitation BP and z⁺ with eps = 0 have the same local entry (exact semantics; where Σᵢ a·w⁺ ≠ 0)",
        rule("excitation").localEntry, rule("zplus").localEntry, hidden.declaring("eps", .fixed(0))),
      identity(
        "zb.numerator-split",
        "zᴮ numerator: a·w − l·w⁺ − h·w⁻ = w⁺·(a − l) + w⁻·(a − h)",
        expr("a[i]*w[i,j] - l[i]*pos(w[i,j]) - h[i]*neg(w[i,j])"),
        expr("pos(w[i,j])*(a[i] - l[i]) + neg(w[i,j])*(a[i] - h[i])"), .boundedInput),
      identity(
        "deeplift.rescale.collapse",
        "DeepLIFT linear rule with m⁺ = m⁻ = Rescale multiplier: Σⱼ(…) = the catalogue's Rescale rule Σⱼ w·secant·R",
        .sum(.j, deepLiftLinear(mPlus: rescaleMultiplier, mMinus: rescaleMultiplier, crossTerms: true)),
        rule("deeplift.rescale").body, hidden),
      identity(
        "deeplift.rescale.zero-reference-is-gradient",
        "DeepLIFT Rescale with reference a0 = 0 on a bias-free layer (z0 = 0) has the gradient's entry w·step(z) (where z ≠ 0)",
        rule("deeplift.rescale").localEntry.substituting([.a0: .number(0), .z0: .number(0)]), rule("gradient").localEntry,
        biasFree),
      identity(
        "deeplift.ablation.linear-rule",
        "DeepLIFT linear rule without cross terms, m⁺ = m⁻ = Rescale multiplier: equals the catalogue's ablation (with the Δa = 0 term)",
        .sum(.j, deepLiftLinear(mPlus: rescaleMultiplier, mMinus: rescaleMultiplier, crossTerms: false)),
        rule("deeplift.ablation.exact").body, hidden),
      identity(
        "deeplift.ablation.cross-terms",
        "Rescale entry − ablation entry = (step(Δa) + step(−Δa))·w⁻·secant: exactly the cross terms",
        rule("deeplift.rescale").localEntry - rule("deeplift.ablation.exact").localEntry,
        expr("(step(a[i] - a0[i]) + step(a0[i] - a[i]))*neg(w[i,j])*\(secant)"), hidden),
      identity(
        "guidedbp.positive-homogeneous",
        "Guided BP: R ↦ 3R scales the lower signal by 3 (positively homogeneous, though not linear)",
        rule("guidedbp").body.substituting([.R: .number(3) * .symbol(.R)]), .number(3) * rule("guidedbp").body, hidden,
        exact: false),
      identity(
        "deconv.positive-homogeneous",
        "Deconv: R ↦ 3R scales the lower signal by 3 (positively homogeneous, though not linear)",
        rule("deconv").body.substituting([.R: .number(3) * .symbol(.R)]), .number(3) * rule("deconv").body, hidden,
        exact: false),
    ]
  }()
}
