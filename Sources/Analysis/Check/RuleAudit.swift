import Networks
import Rules
import Symbolic

/// Audits a proposed modified-backpropagation rule end to end: algebra, theory on random ReLU
/// MLPs, an experiment on a CNN, and a verdict on later-layer independence (paper-digest §5–§6).
///
/// Each step is a public method, so a script (or the CLI) can report steps as they complete;
/// `run()` does all of them. The rule runs on networks as `NetworkRule.user` (the text on every
/// dense and conv layer; LRP-type if it reads `a[i]`, else gradient-type).
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
    /// The zoo's trained small CNN (trained once and cached in `$BPAUDIT_CACHE`), its held-out images.
    case zoo
    /// A network built by the caller, with labelled inputs (`[N] + inputShape`).
    case prebuilt(name: String, network: Network, inputs: Tensor, labels: [Int])
    /// No experiment: the verdict rests on theory alone (and says so).
    case skipped
  }

  /// The knobs of the audit.
  public struct Settings: Sendable {
    /// Hidden-layer counts of the random MLPs.
    public var depths: [Int]
    /// Width of the random MLPs (input and hidden layers).
    public var width: Int
    /// Random inputs per MLP (uniform in [0, 1]).
    public var theoryInputs: Int
    /// Images of the experiment (the first ones of the source).
    public var images: Int
    /// Where the experiment runs.
    public var experiment: ExperimentSource
    /// Seed of every random draw.
    public var seed: UInt64

    /// Creates settings; the defaults take well under two minutes in release on 2 cores.
    public init(
      depths: [Int] = [2, 5, 10], width: Int = 64, theoryInputs: Int = 8, images: Int = 32,
      experiment: ExperimentSource = .zoo, seed: UInt64 = 0
    ) {
      precondition(!depths.isEmpty && depths.allSatisfy { $0 >= 1 }, "RuleAudit: depths must be ≥ 1")
      precondition(theoryInputs >= 2 && images >= 2, "RuleAudit: needs at least two inputs")
      self.depths = depths.sorted()
      self.width = width
      self.theoryInputs = theoryInputs
      self.images = images
      self.experiment = experiment
      self.seed = seed
    }
  }

  /// The rule's name.
  public let name: String
  /// The parsed rule (hidden-layer assumptions, every parameter fixed at its value).
  public let rule: Rule
  /// The parameter values.
  public let parameters: [String: Double]
  /// The assumptions the rule was parsed and is analysed under.
  public let assumptions: Assumptions
  /// The settings.
  public let settings: Settings

  /// Parses `text` under the hidden-layer assumptions (`a ≥ 0`) with every given parameter
  /// declared at its fixed value.
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
  }

  /// The rule as a method on networks (`NetworkRule.user`).
  public var method: NetworkRule { .user(rule, name: name, parameters: parameters) }

  /// All steps and the verdict.
  /// - Throws: `AttributionError` from running the rule; file errors of the zoo cache.
  public func run() throws -> RuleAuditReport {
    let algebra = algebra()
    let theory = try theory()
    let experiment = try experiment()
    return report(algebra: algebra, theory: theory, experiment: experiment)
  }
}
