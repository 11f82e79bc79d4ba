import Symbolic

/// The checked status of one proof obligation (`ProofObligations.all`), as the report lists it.
public struct ProofRow: Sendable, Equatable, Codable {
  /// Obligation id.
  public var id: String
  /// The claim in words.
  public var statement: String
  /// Whether the expected result was met.
  public var met: Bool
  /// `proved`, `witness`, `refuted`, `holds-numerically` or `unknown`.
  public var outcome: String
  /// The verdict in one line.
  public var detail: String

  /// Checks `obligation` (`ProofObligation.check()`, seeded and deterministic).
  public init(checking obligation: ProofObligation) {
    let result = obligation.check()
    id = obligation.id
    statement = obligation.statement
    met = result.met
    switch result.outcome {
    case .sign(.provedNonNegative): (outcome, detail) = ("proved", "C_ij ≥ 0")
    case .sign(.provedNonPositive): (outcome, detail) = ("proved", "C_ij ≤ 0")
    case .sign(.unknown(let w?)):
      (outcome, detail) = ("witness", "negative entry \(w.value) at i=\(w.i), j=\(w.j) (\(w.layer.inputs)×\(w.layer.outputs) layer)")
    case .sign(.unknown(nil)): (outcome, detail) = ("unknown", "not proved, no witness found")
    case .identity(.proved): (outcome, detail) = ("proved", "normal forms agree")
    case .identity(.refuted(let w)):
      (outcome, detail) = ("refuted", "lhs − rhs = \(w.value) at i=\(w.i), j=\(w.j) (\(w.layer.inputs)×\(w.layer.outputs) layer)")
    case .identity(.holdsNumerically(let n, let e)):
      (outcome, detail) = ("holds-numerically", "\(n) samples, max scaled error \(e); not proved")
    }
  }
}
