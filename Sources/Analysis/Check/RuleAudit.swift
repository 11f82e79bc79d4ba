import Networks
import Rules
import Symbolic

/// Audits a proposed modified-backpropagation rule end to end: algebra, theory on random ReLU
/// MLPs and the random CIFAR CNN, experiments on trained CNNs, and a verdict on later-layer
/// independence (paper-digest §4–§6), with the closest catalogue rules by CSC profile.
///
/// Each step is a public method with its own seeded inputs — `algebra()`, `theoryPoint(depth:)`,
/// `cnnTheory()`, `experiment(on:)` — so a script (or the CLI) can report steps as they complete,
/// store them and resume; `report(algebra:theory:experiments:closest:)` turns findings into the
/// verdict, and `run(catalogue:)` does everything. The rule runs on networks as
/// `NetworkRule.user` (the text on every dense and conv layer; LRP-type if it reads `a[i]`, else
/// gradient-type), with the bindings it reads (`bindings(for:network:inputs:low:high:)`).
///
/// A sweep over a parameter, the catalogue profiles computed once:
/// ```swift
/// var settings = RuleAudit.Settings(experiments: [])   // theory only: seconds per rule
/// let catalogue = RuleAudit.catalogueProfiles(settings: settings)
/// let text = "R[i] = sum_j(a[i]*(w[i,j] + gamma*pos(w[i,j]))/stab(sum_i(a[i]*(w[i,j] + gamma*pos(w[i,j]))))*R[j])"
/// for gamma in [0, 0.25, 1, 4, 100] {
///   let audit = try RuleAudit(text: text, name: "gamma", parameters: ["gamma": gamma], settings: settings)
///   let report = try audit.run(catalogue: catalogue)
///   print(gamma, report.verdict.rawValue, report.theory.collapseDepth ?? -1, report.closest.first?.id ?? "")
/// }
/// ```
public struct RuleAudit: Sendable {
  /// The verdict's thresholds.
  public enum Thresholds {
    /// CSC median at which the relevance has collapsed to one direction (paper: ≈ 1).
    public static let collapse = 0.99
    /// CSC median below which the relevance clearly still depends on the injected vector.
    public static let noCollapse = 0.9
    /// SSIM_flip median after top-layer randomization at or above which the map ignores the top layer.
    public static let ssimIndependent = 0.9
    /// SSIM_flip median below which the map clearly changed.
    public static let ssimDependent = 0.5
  }

  /// Where the experiment step gets its network.
  public enum ExperimentSource: Sendable {
    /// The zoo's trained CIFAR-architecture CNN when it is cached (`$BPAUDIT_CACHE`), else the
    /// trained small CNN (trained once and cached); their held-out images.
    case zoo
    /// A network built by the caller, with labelled inputs (`[N] + inputShape`).
    case prebuilt(name: String, network: Network, inputs: Tensor, labels: [Int])
  }

  /// The knobs of the audit.
  public struct Settings: Sendable {
    /// Hidden-layer counts of the random MLPs (the deepest one also gives the CSC-by-depth curve).
    public var depths: [Int]
    /// Width of the random MLPs (input and hidden layers).
    public var width: Int
    /// Random inputs per MLP (uniform in [0, 1]).
    public var theoryInputs: Int
    /// Images of the random CIFAR CNN in the theory step (0 skips it).
    public var cnnImages: Int
    /// Images of each experiment (the first ones of the source).
    public var images: Int
    /// Where the experiments run (empty: theory only, and the verdict says so).
    public var experiments: [ExperimentSource]
    /// Seed of every random draw.
    public var seed: UInt64

    /// Creates settings; the defaults take well under two minutes in release on 2 cores.
    public init(
      depths: [Int] = [2, 5, 10, 15, 20], width: Int = 64, theoryInputs: Int = 8, cnnImages: Int = 2,
      images: Int = 16, experiments: [ExperimentSource] = [.zoo], seed: UInt64 = 0
    ) {
      precondition(!depths.isEmpty && depths.allSatisfy { $0 >= 1 }, "RuleAudit: depths must be ≥ 1")
      precondition(theoryInputs >= 2 && images >= 2 && cnnImages >= 0, "RuleAudit: needs at least two inputs")
      self.depths = Array(Set(depths)).sorted()
      self.width = width
      self.theoryInputs = theoryInputs
      self.cnnImages = cnnImages
      self.images = images
      self.experiments = experiments
      self.seed = seed
    }

    /// Small and fast (seconds in a debug build): one MLP of depth 8, width 32, no CNN, no experiment.
    public static let quick = Settings(depths: [8], width: 32, theoryInputs: 4, cnnImages: 0, images: 4, experiments: [])
  }

  /// The rule's name.
  public let name: String
  /// The parsed rule (hidden-layer assumptions, every parameter fixed at its value).
  public let rule: Rule
  /// The parameter values.
  public let parameters: [String: Double]
  /// The assumptions the rule was parsed and is analysed under.
  public let assumptions: Assumptions
  /// The settings (the seed of the identity checks is the one given at creation).
  public var settings: Settings
  /// The catalogue rules whose local entry equals this rule's (see `AlgebraFindings.equalCatalogueRules`).
  public let equalCatalogue: [String]

  /// Parses `text` under the hidden-layer assumptions (`a ≥ 0`) with every given parameter
  /// declared at its fixed value, and finds the catalogue rules it equals (one identity check per
  /// catalogue rule: ≤ 40 random small layers each after a failed symbolic proof).
  /// - Throws: `RuleSyntaxError` (with the position) for a syntax error or an unknown/undeclared
  ///   symbol; `RuleAuditError` for a parameter without a value or a value the rule does not use.
  public init(text: String, name: String = "rule", parameters: [String: Double] = [:], settings: Settings = Settings()) throws {
    var assumptions = Assumptions.hiddenLayer
    for (key, value) in parameters { assumptions.parameters[key] = .fixed(value) }
    let rule = try Rule(parsing: text, assumptions: assumptions, source: "rule '\(name)'")
    let used = rule.body.parameters
    if let missing = used.subtracting(parameters.keys).sorted().first {
      throw RuleAuditError.missingParameter(rule: name, parameter: missing)
    }
    if let unused = Set(parameters.keys).subtracting(used).sorted().first {
      throw RuleAuditError.unusedParameter(rule: name, parameter: unused)
    }
    self.name = name
    self.rule = rule
    self.parameters = parameters
    self.assumptions = assumptions
    self.settings = settings
    self.equalCatalogue = Self.equalCatalogueRules(
      entry: rule.localEntry, assumptions: assumptions, parameters: parameters, seed: settings.seed)
  }

  /// The rule as a method on networks (`NetworkRule.user`).
  public var method: NetworkRule { .user(rule, name: name, parameters: parameters) }

  /// All steps and the verdict.
  /// - Parameter catalogue: the catalogue's CSC profiles for the closest-rule comparison
  ///   (`catalogueProfiles(settings:)` with these settings); `nil` computes them, `[]` skips it.
  /// - Throws: `AttributionError` from running the rule; file errors of the zoo cache.
  public func run(catalogue: [CatalogueProfile]? = nil) throws -> RuleAuditReport {
    let algebra = algebra()
    let theory = try theory()
    let found = try self.experiments()
    let profiles = catalogue ?? Self.catalogueProfiles(settings: settings)
    return report(
      algebra: algebra, theory: theory, experiments: found,
      closest: Self.closestCatalogueRules(to: theory.deepest.cscCurve, in: profiles))
  }
}
