import Symbolic

/// What the algebra step of a `RuleAudit` found about a rule's local matrix `C_ij = ∂R[i]/∂R[j]`.
public struct AlgebraFindings: Sendable {
  /// The rule in rule-language syntax (`R[i] = …`).
  public var plain: String
  /// The rule in Unicode mathematics.
  public var unicode: String
  /// The rule in LaTeX.
  public var latex: String
  /// The local entry `C_ij`, printed in Unicode.
  public var localEntry: String
  /// The sign of `C_ij` under the hidden-layer assumptions (`a ≥ 0`) and the given parameters.
  public var sign: SignVerdict
  /// Conservation `Σᵢ C_ij = 1`, checked by `IdentityCheck` with stabilisers dropped
  /// (symbolic proof, else a numeric check on random layers).
  public var conservation: IdentityVerdict
  /// Catalogue rules whose local entry equals this rule's (proved or numerically, stabilisers
  /// dropped, the catalogue's defaults for parameters this rule does not set), by identifier.
  public var equalCatalogueRules: [String]
}

/// One random ReLU MLP of the theory step: the rule's backward products measured at its input.
public struct TheoryPoint: Sendable {
  /// Hidden layers of the MLP.
  public var depth: Int
  /// σ₂/σ₁ of the product of the local maps from the injection layer down to the input (first input).
  public var sigmaRatio: Double
  /// Median |cos| between relevance vectors of independent random logit injections at the input.
  public var cscMedian: Double
}

/// The theory step: `points` for each depth, top to bottom, on random MLPs of one width.
public struct TheoryFindings: Sendable {
  /// The MLPs' width (inputs and every hidden layer).
  public var width: Int
  /// One point per depth, in increasing depth.
  public var points: [TheoryPoint]
  /// The first depth whose CSC median reaches `RuleAudit.Thresholds.collapse`, if any.
  public var collapseDepth: Int?
}

/// The experiment step on a (trained) CNN.
public struct ExperimentFindings: Sendable {
  /// The network's description (e.g. `trained-cnn`).
  public var network: String
  /// Images used.
  public var images: Int
  /// The layer whose output is measured (the lowest conv layer).
  public var lowestConv: String
  /// The layer where random relevance is injected for the CSC.
  public var injectedAt: String
  /// Median CSC at the lowest conv output.
  public var cscMedian: Double
  /// The randomized layer (the top dense layer).
  public var topLayer: String
  /// Median SSIM_flip between the input maps before and after randomizing the top layer.
  public var topRandomizationSSIM: Double
  /// Median SSIM_flip between the maps of the true class and of a random other class.
  public var randomLogitSSIM: Double
}

/// The verdict of a `RuleAudit`.
public enum AuditVerdict: String, Sendable, Hashable {
  /// Later-layer independent: the explanation does not depend on the upper layers (it lies).
  case independent = "later-layer independent"
  /// Not later-layer independent.
  case notIndependent = "not independent"
  /// The evidence disagrees or sits between the thresholds.
  case inconclusive
}

/// Everything a `RuleAudit` found, with the verdict and its reasons.
public struct RuleAuditReport: Sendable {
  /// The rule's name.
  public var name: String
  /// The parameter values used.
  public var parameters: [String: Double]
  /// The algebra step.
  public var algebra: AlgebraFindings
  /// The theory step.
  public var theory: TheoryFindings
  /// The experiment step, `nil` when it was skipped.
  public var experiment: ExperimentFindings?
  /// The verdict.
  public var verdict: AuditVerdict
  /// One line per reason, each naming its number and threshold.
  public var reasons: [String]
  /// The kinds of evidence the verdict rests on (`theory`, `experiment`).
  public var evidence: [String]
}
