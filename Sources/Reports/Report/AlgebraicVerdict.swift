import Symbolic

/// The sign analysis of a method's catalogue rule: is every local backward matrix entry `C_ij ≥ 0`
/// (so Theorem 1 applies and the products collapse to rank one)?
public struct AlgebraicVerdict: Sendable, Equatable, Codable {
  /// The outcome.
  public enum Outcome: String, Sendable, Equatable, Codable {
    /// `C_ij ≥ 0` proved by `SignAnalysis` under the rule's assumptions.
    case provedNonNegative = "proved-nonnegative"
    /// A concrete layer with a negative entry was found (Theorem 1 does not apply as stated).
    case refuted
    /// Neither proved nor refuted.
    case unknown
    /// No catalogue rule describes the method.
    case notInCatalogue = "not-in-catalogue"
  }

  /// The catalogue id analysed, if any.
  public var rule: String?
  /// Why this rule stands for the method (composites are analysed at their hidden-layer rule).
  public var note: String
  /// The outcome.
  public var outcome: Outcome
  /// The witness (one line) when refuted.
  public var witness: String?

  /// Short text for the table: `proved ≥ 0`, `refuted (entry −0.3)`, `unknown`, `—`.
  public var text: String {
    switch outcome {
    case .provedNonNegative: "proved C ≥ 0"
    case .refuted: "refuted: negative entry"
    case .unknown: "unknown"
    case .notInCatalogue: "—"
    }
  }

  /// The catalogue id standing for a `MethodRegistry` name, and why; `nil` when none does.
  /// Registry names that are catalogue aliases map directly (`RuleCatalogue.entry`); composites map
  /// to the rule of their hidden layers.
  public static func catalogueRule(forMethod name: String) -> (id: String, note: String)? {
    switch name {
    case "dtd": return ("zplus", "DTD: z⁺ on hidden layers (zᴮ first, w² top)")
    case "lrp-cmp-alpha1-beta0": return ("zplus", "CMP: α1β0 = z⁺ on conv layers (ε on dense)")
    case "lrp-cmp-alpha2-beta1": return ("lrp-alpha2-beta1", "CMP: α2β1 on conv layers (ε on dense)")
    case "input-x-gradient", "smoothgrad", "integrated-gradients": return ("gradient", "uses the gradient chain")
    case "lrp-alpha-beta": return ("lrp.alphabeta", "α2β1 by default")
    case "lrp-zb": return ("lrp.epsilon", "zᴮ on the first layer, ε on the hidden layers")
    default:
      guard let entry = RuleCatalogue.entry(name) else { return nil }
      return (entry.id, "rule \(entry.id)")
    }
  }

  /// Runs the sign analysis for method `name` (`SignAnalysis.verdict`, seeded, with the rule's
  /// default parameters fixed). Complexity: a sign analysis plus up to 2000 random layers.
  public static func analyse(method name: String) -> AlgebraicVerdict {
    guard let (id, note) = catalogueRule(forMethod: name), let entry = RuleCatalogue.entry(id) else {
      return AlgebraicVerdict(rule: nil, note: "no catalogue rule", outcome: .notInCatalogue, witness: nil)
    }
    let verdict = SignAnalysis(assumptions: entry.assumptionsWithDefaults).verdict(forEntry: entry.rule.localEntry)
    switch verdict {
    case .provedNonNegative:
      return AlgebraicVerdict(rule: id, note: note, outcome: .provedNonNegative, witness: nil)
    case .unknown(let w?):
      return AlgebraicVerdict(rule: id, note: note, outcome: .refuted, witness: w.description)
    case .provedNonPositive, .unknown(nil):
      return AlgebraicVerdict(rule: id, note: note, outcome: .unknown, witness: nil)
    }
  }
}
