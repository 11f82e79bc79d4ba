/// A named, machine-checkable claim about the built-in rules (what `bpaudit prove` runs and
/// `Proofs/` cites). Identifiers are stable.
public struct ProofObligation: Sendable, Hashable {
  /// What is claimed.
  public enum Claim: Sendable, Hashable {
    /// The local-matrix entry of catalogue rule `rule` is `≥ 0` under `assumptions` (a proof).
    case nonNegative(rule: String, assumptions: Assumptions)
    /// Some entry of catalogue rule `rule` is negative under `assumptions` (a witness).
    case negativeEntry(rule: String, assumptions: Assumptions)
    /// `lhs = rhs` (expressions in `i`, `j`) under `assumptions`, proved by the simplifier;
    /// `droppingStabilisers` selects the exact semantics `stab(x) = x`.
    case identity(lhs: Expr, rhs: Expr, assumptions: Assumptions, droppingStabilisers: Bool)
  }

  /// Stable identifier, e.g. `zplus.nonnegative`.
  public let id: String
  /// The claim in words, with its assumptions.
  public let statement: String
  /// The claim to check.
  public let claim: Claim

  /// Checks the claim (seeded, deterministic). Cost: a sign analysis plus up to 2000 random
  /// layers for witnesses, or a normalisation plus up to 400 random layers for identities.
  public func check() -> ProofResult {
    switch claim {
    case .nonNegative(let id, let assumptions), .negativeEntry(let id, let assumptions):
      guard let entry = RuleCatalogue.entry(id) else { preconditionFailure("obligation \(self.id) names unknown rule \(id)") }
      let verdict = SignAnalysis(assumptions: assumptions).verdict(forEntry: entry.rule.localEntry)
      let met: Bool
      switch (claim, verdict) {
      case (.nonNegative, .provedNonNegative): met = true
      case (.negativeEntry, .unknown(let w)): met = w != nil
      default: met = false
      }
      return ProofResult(id: self.id, outcome: .sign(verdict), met: met)
    case .identity(let lhs, let rhs, let assumptions, let dropping):
      let verdict = IdentityCheck.check(lhs, equals: rhs, assumptions: assumptions, droppingStabilisers: dropping)
      return ProofResult(id: id, outcome: .identity(verdict), met: verdict == .proved)
    }
  }
}

/// The outcome of checking one `ProofObligation`.
public struct ProofResult: Sendable, Hashable, CustomStringConvertible {
  /// The verdict found.
  public enum Outcome: Sendable, Hashable {
    /// A sign verdict.
    case sign(SignVerdict)
    /// An identity verdict.
    case identity(IdentityVerdict)
  }

  /// The obligation's identifier.
  public let id: String
  /// The verdict.
  public let outcome: Outcome
  /// Whether the verdict is the expected one (a proof, or a witness for `negativeEntry`).
  public let met: Bool

  /// One line: `id: verdict`.
  public var description: String {
    let text: String
    switch outcome {
    case .sign(.provedNonNegative): text = "proved C_ij ≥ 0"
    case .sign(.provedNonPositive): text = "proved C_ij ≤ 0"
    case .sign(.unknown(let w?)): text = "negative entry, witness \(w)"
    case .sign(.unknown(nil)): text = "unknown: not proved, no witness found"
    case .identity(.proved): text = "proved"
    case .identity(.refuted(let w)): text = "refuted, witness \(w)"
    case .identity(.holdsNumerically(let n, let e)): text = "holds numerically (\(n) samples, max scaled error \(e)), not proved"
    }
    return "\(id): \(met ? "ok" : "NOT MET") — \(text)"
  }
}

/// The obligations for the built-in catalogue.
public enum ProofObligations {
  /// Every obligation, sign claims first, then conservation and equivalence, then the identities
  /// individual steps of the `Proofs/` files rely on (`ProofObligations+Proofs.swift`), then the
  /// facts about the conventions' implementation forms (`ProofObligations+Conventions.swift`).
  public static let all: [ProofObligation] =
    signObligations + identityObligations + proofStepObligations + conventionObligations

  /// The obligation with identifier `id`, if any.
  public static func obligation(_ id: String) -> ProofObligation? { all.first { $0.id == id } }

  private static func fixed(_ a: Assumptions, _ values: [String: Double]) -> Assumptions {
    values.reduce(a) { $0.declaring($1.key, .fixed($1.value)) }
  }

  private static let signObligations: [ProofObligation] = {
    let hidden = Assumptions.hiddenLayer
    let nonNegative: [(String, String, Assumptions, String)] = [
      ("zplus.nonnegative", "zplus", hidden, "z⁺: C_ij ≥ 0 for a ≥ 0, eps > 0"),
      ("alpha1beta0.nonnegative", "lrp.alphabeta", fixed(hidden, ["alpha": 1, "beta": 0]), "LRP-α1β0: C_ij ≥ 0"),
      ("excitation.nonnegative", "excitation", hidden, "Excitation BP: C_ij ≥ 0 for a ≥ 0"),
      ("zb.nonnegative", "dtd.zb", .boundedInput, "DTD zᴮ: C_ij ≥ 0 for l ≤ a ≤ h"),
      ("w2.nonnegative", "dtd.w2", .unconstrained, "w²: C_ij ≥ 0"),
      ("flat.nonnegative", "flat", .unconstrained, "flat: C_ij ≥ 0"),
      ("deeplift.ablation.nonnegative", "deeplift.ablation", hidden, "DeepLIFT ablation (no Δx = 0 term): C_ij ≥ 0"),
    ]
    let negative: [(String, String, Assumptions, String)] = [
      ("gradient.mixed", "gradient", hidden, "gradient: some C_ij < 0"),
      ("lrp0.mixed", "lrp.0", hidden, "LRP-0: some C_ij < 0"),
      ("epsilon.mixed", "lrp.epsilon", hidden, "LRP-ε: some C_ij < 0"),
      ("alpha2beta1.mixed", "lrp.alphabeta", fixed(hidden, ["alpha": 2, "beta": 1]), "LRP-α2β1: some C_ij < 0"),
      ("deeplift.rescale.mixed", "deeplift.rescale", hidden, "DeepLIFT rescale: some C_ij < 0"),
      ("deeplift.revealcancel.mixed", "deeplift.revealcancel", hidden, "DeepLIFT RevealCancel: some C_ij < 0"),
      ("deeplift.ablation.exact.mixed", "deeplift.ablation.exact", hidden, "DeepLIFT ablation with the Δx = 0 term: some C_ij < 0"),
      ("patternattribution.mixed", "patternattribution", hidden, "PatternAttribution: some C_ij < 0"),
      ("patternnet.mixed", "patternnet", hidden, "PatternNet: some C_ij < 0"),
      ("guidedbp.mixed", "guidedbp", hidden, "Guided BP linearisation: some C_ij < 0"),
      ("deconv.mixed", "deconv", hidden, "Deconv linearisation: some C_ij < 0"),
    ]
    return nonNegative.map { ProofObligation(id: $0.0, statement: $0.3, claim: .nonNegative(rule: $0.1, assumptions: $0.2)) }
      + negative.map { ProofObligation(id: $0.0, statement: $0.3, claim: .negativeEntry(rule: $0.1, assumptions: $0.2)) }
  }()

  private static let identityObligations: [ProofObligation] = {
    func rule(_ id: String) -> Rule { RuleCatalogue.entry(id)!.rule }
    let biasFree = Assumptions.hiddenLayer.withoutBias()
    func conservation(_ id: String, _ ruleID: String, _ a: Assumptions, _ rhs: Expr = .number(1), text: String)
      -> ProofObligation
    {
      ProofObligation(
        id: id, statement: text + " (exact semantics stab(x) = x, bias-free; where denominators ≠ 0)",
        claim: .identity(lhs: rule(ruleID).columnSum, rhs: rhs, assumptions: a.withoutBias(), droppingStabilisers: true))
    }
    let lrp0 = rule("lrp.0")
    return [
      conservation("zplus.conservation", "zplus", fixed(.hiddenLayer, ["eps": 0]), text: "z⁺ with eps = 0: Σᵢ C_ij = 1"),
      conservation("excitation.conservation", "excitation", .hiddenLayer, text: "Excitation BP: Σᵢ C_ij = 1"),
      conservation("w2.conservation", "dtd.w2", .unconstrained, text: "w²: Σᵢ C_ij = 1"),
      conservation("flat.conservation", "flat", .unconstrained, text: "flat: Σᵢ C_ij = 1"),
      conservation("lrp0.conservation", "lrp.0", .hiddenLayer, text: "LRP-0 without bias: Σᵢ C_ij = 1"),
      conservation("zb.conservation", "dtd.zb", .boundedInput, text: "zᴮ: Σᵢ C_ij = 1"),
      conservation(
        "alphabeta.conservation", "lrp.alphabeta", .hiddenLayer, .parameter("alpha") - .parameter("beta"),
        text: "LRP-αβ: Σᵢ C_ij = α − β"),
      ProofObligation(
        id: "lrp0.gradient-times-input",
        statement: "LRP-0 with R[j] = relu(z[j])·g[j] gives a[i]·Σⱼ w[i,j]·step(z[j])·g[j] (bias-free; where z ≠ 0)",
        claim: .identity(
          lhs: lrp0.body.substituting([.R: .call(.relu, .symbol(.z)) * .symbol(.R)]),
          rhs: .symbol(.a) * rule("gradient").body, assumptions: biasFree, droppingStabilisers: true)),
      ProofObligation(
        id: "lrp0.entry-times-z",
        statement: "LRP-0: C_ij·z_j = a_i·w_ij (bias-free; where z ≠ 0)",
        claim: .identity(
          lhs: lrp0.localEntry * .symbol(.z), rhs: .symbol(.a) * .symbol(.w), assumptions: biasFree,
          droppingStabilisers: true)),
    ]
  }()
}
