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

/// Birkhoff's contraction bound on a backward product of non-negative factors (paper-digest §4.3):
/// `τ(A) = tanh(Δ(A)/4)` per block, the worst column misalignment `1 − cos ≤ 1 − sech(Δ/2)`.
public struct TheoryBound: Sendable, Equatable, Codable {
  /// Upper bound on the projective diameter `Δ` of the whole product.
  public var diameter: Double
  /// Upper bound on `1 − cos` between any two columns of the product.
  public var misalignment: Double
  /// Blocks that contracted (`τ < 1`).
  public var blocks: Int
}

/// One random ReLU MLP of the theory step: the rule's backward products measured at its input.
public struct TheoryPoint: Sendable, Codable {
  /// Hidden layers of the MLP.
  public var depth: Int
  /// σ₂/σ₁ of the product of the local maps from the injection layer down to the input (first input).
  public var sigmaRatio: Double
  /// Median |cos| between relevance vectors of independent random injections, at the input.
  public var cscMedian: Double
  /// The CSC median at every point from the injection layer (index 0, the chance level) down to
  /// the input (index `depth`): index `k` is the product of `k` layers' local maps. The
  /// "CSC-by-depth curve" that `closestCatalogueRules` compares.
  public var cscCurve: [Double]
  /// The Birkhoff bound at the input, when every local map is an explicit non-negative matrix.
  public var bound: TheoryBound?
}

/// The theory step on the random CIFAR-architecture CNN (matrix-free: random vectors injected at
/// the output of a layer and propagated by the rule itself; no explicit local matrices).
public struct CNNTheoryFindings: Sendable, Codable {
  /// The layer whose output received the random vectors.
  public var injectedAt: String
  /// Images propagated.
  public var images: Int
  /// Measurement points, top (injection) to bottom (`input`).
  public var points: [String]
  /// CSC median per point.
  public var cscMedian: [Double]
  /// Median |cos| of independent Gaussian vectors per point (the chance level).
  public var chance: [Double]
  /// The highest point below the injection whose CSC median reaches `RuleAudit.Thresholds.collapse`, if any.
  public var collapsePoint: String?
  /// The lowest conv layer (CSC at the input is over only 3 colour channels, chance ≈ 0.5).
  public var lowestConv: String
  /// CSC median at `lowestConv`.
  public var lowestConvCSC: Double
}

/// The theory step: `points` for each depth on random MLPs of one width, and the random CNN.
public struct TheoryFindings: Sendable {
  /// The MLPs' width (inputs and every hidden layer).
  public var width: Int
  /// One point per depth, in increasing depth.
  public var points: [TheoryPoint]
  /// Layers of local maps after which the deepest MLP's CSC median first reaches
  /// `RuleAudit.Thresholds.collapse` (its `cscCurve`), if it does.
  public var collapseDepth: Int?
  /// The random CIFAR CNN, when it ran.
  public var cnn: CNNTheoryFindings?

  /// Findings from their parts; the collapse depth is read off the deepest point's curve.
  /// - Precondition: `points` is non-empty, in increasing depth.
  public init(width: Int, points: [TheoryPoint], cnn: CNNTheoryFindings?) {
    precondition(!points.isEmpty, "TheoryFindings: needs at least one MLP")
    self.width = width
    self.points = points
    self.collapseDepth = RuleAudit.collapseDepth(points[points.count - 1].cscCurve)
    self.cnn = cnn
  }

  /// The deepest MLP's point.
  public var deepest: TheoryPoint { points[points.count - 1] }
}

/// The experiment step on one (trained) CNN.
public struct ExperimentFindings: Sendable, Codable {
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

/// A catalogue rule's CSC-by-depth curve on the theory step's deepest random MLP.
public struct CatalogueProfile: Sendable, Codable, Equatable {
  /// The catalogue identifier.
  public var id: String
  /// The curve (see `TheoryPoint.cscCurve`).
  public var cscCurve: [Double]
}

/// A catalogue rule near the audited rule by CSC profile.
public struct CatalogueMatch: Sendable, Codable, Equatable {
  /// The catalogue identifier.
  public var id: String
  /// `RuleAudit.profileDistance` between the two curves (0 = identical).
  public var distance: Double
}

/// The verdict of a `RuleAudit`.
public enum AuditVerdict: String, Sendable, Hashable, Codable {
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
  /// The experiment step, one entry per network (empty when skipped).
  public var experiments: [ExperimentFindings]
  /// The catalogue rules closest by CSC profile, nearest first (empty when not compared).
  public var closest: [CatalogueMatch]
  /// The verdict.
  public var verdict: AuditVerdict
  /// One line per reason, each naming its number and threshold.
  public var reasons: [String]
  /// The kinds of evidence the verdict rests on (`theory`, `experiment`).
  public var evidence: [String]
}
