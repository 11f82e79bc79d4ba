/// Obligations about the implementation forms the methods run on networks (`zplus.paper`,
/// `lrp.alphabeta.paper`, the `….zennit` entries): which sign and conservation facts of the
/// theory forms survive each convention's biases and stabilisers, and which do not.
extension ProofObligations {
  /// Parses an expression in `i`, `j` written in the rule language (no division checks).
  /// - Precondition: the text is valid (fixed strings, checked by `everyObligationIsMet`).
  private static func formula(_ text: String) -> Expr {
    do { return try Expr(parsing: text) } catch { preconditionFailure("obligation expression does not parse: \(error)") }
  }

  private static func entry(_ id: String) -> Rule {
    guard let entry = RuleCatalogue.entry(id) else { preconditionFailure("unknown catalogue rule \(id)") }
    return entry.rule
  }

  /// The convention obligations: sign claims, then conservation identities (exact semantics
  /// `stab(x) = sstab(x) = x`).
  static let conventionObligations: [ProofObligation] = {
    let eitherSign = Assumptions.unconstrained
    let biasFree = eitherSign.withoutBias()
    func identity(_ id: String, _ statement: String, _ lhs: Expr, _ rhs: Expr, _ a: Assumptions) -> ProofObligation {
      ProofObligation(id: id, statement: statement, claim: .identity(lhs: lhs, rhs: rhs, assumptions: a, droppingStabilisers: true))
    }
    return [
      ProofObligation(
        id: "zplus.paper.nonnegative-without-bias",
        statement: "z⁺ as iNNvestigate runs it (zplus.paper), bias-free: C_ij ≥ 0 for inputs of either sign (pos(a·w) = a⁺w⁺ + a⁻w⁻)",
        claim: .nonNegative(rule: "zplus.paper", assumptions: biasFree)),
      ProofObligation(
        id: "zplus.paper.bias-quirk",
        statement: "zplus.paper with a bias (full b in the denominator, a ≥ 0): some C_ij < 0, so Theorem 1's premise needs b ≥ 0 or no bias",
        claim: .negativeEntry(rule: "zplus.paper", assumptions: .hiddenLayer)),
      ProofObligation(
        id: "zplus.zennit.nonnegative",
        statement: "Zennit's z⁺ (zplus.zennit, b⁺ and sstab): C_ij ≥ 0 for inputs of either sign, with biases",
        claim: .nonNegative(rule: "zplus.zennit", assumptions: eitherSign)),
      ProofObligation(
        id: "zb.zennit.nonnegative",
        statement: "Zennit's zᴮ (dtd.zb.zennit): C_ij ≥ 0 for l ≤ a ≤ h",
        claim: .nonNegative(rule: "dtd.zb.zennit", assumptions: .boundedInput)),
      identity(
        "zplus.paper.conservation", "zplus.paper without bias: Σᵢ C_ij = 1 (inputs of either sign; where Σᵢ pos(a·w) ≠ 0)",
        entry("zplus.paper").columnSum, .number(1), biasFree),
      identity(
        "zplus.paper.bias-leak",
        "zplus.paper with bias: Σᵢ C_ij = s_j/(s_j + b_j), s_j = Σᵢ pos(a·w): the full bias absorbs (b > 0) or creates (b < 0) relevance",
        entry("zplus.paper").columnSum, formula("sum_i(pos(a[i]*w[i,j]))/(sum_i(pos(a[i]*w[i,j])) + b[j])"), eitherSign),
      identity(
        "alphabeta.paper.conservation", "lrp.alphabeta.paper without bias: Σᵢ C_ij = α − β (inputs of either sign)",
        entry("lrp.alphabeta.paper").columnSum, .parameter("alpha") - .parameter("beta"), biasFree),
      identity(
        "zplus.zennit.conservation", "zplus.zennit without bias, exact semantics sstab(x) = x: Σᵢ C_ij = 1",
        entry("zplus.zennit").columnSum, .number(1), biasFree),
      identity(
        "alphabeta.zennit.conservation", "lrp.alphabeta.zennit without bias, exact semantics sstab(x) = x: Σᵢ C_ij = α − β",
        entry("lrp.alphabeta.zennit").columnSum, .parameter("alpha") - .parameter("beta"), biasFree),
    ]
  }()
}
