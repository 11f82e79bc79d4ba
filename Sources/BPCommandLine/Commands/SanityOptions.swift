import BackpropAudit

/// The options `bpaudit sanity` and `bpaudit compare` share: which methods, how many images, and
/// the Quantus-style choices of the parameter-randomization test (re-initialise or shuffle, the
/// order of the stages, the similarity measure).
enum SanityOptions {
  /// The option table (besides `NetworkChoice.options` and `--json`).
  static let specs: [OptionSpec] = [
    .value("method", "NAME", "A method to check (repeatable); see bpaudit attribute --help.", default: "every one-pass method", repeatable: true),
    .value("images", "N", "Images explained.", default: "200"),
    .value("randomization", "HOW", "reinit (fresh --init weights, zero bias) or shuffle (permute each layer's own weights and bias).", default: "reinit"),
    .value("init", "NAME", "Initializer of --randomization reinit: glorot (Keras default, the paper) or he.", default: "glorot"),
    .value("order", "ORDER", "cascading (top down, cumulative), independent (one layer at a time) or bottom-up.", default: "cascading"),
    .value("measure", "MEASURE", "ssim (the paper's SSIM_flip), spearman, cosine or abs-cosine.", default: "ssim"),
    .value("resamples", "N", "Bootstrap resamples of each median.", default: "10000"),
    .value("convention", "NAME", "paper or zennit (LRP stabiliser and sign-split conventions).", default: "paper"),
    .value("seed", "S", "Seed of the randomization, random classes and bootstrap.", default: "0"),
  ]

  /// The `--method` propagators (default: `SanityCommand.defaultMethods`) with the `--convention`.
  /// - Throws: `UsageError` for a bad convention, `AttributionError` for an unknown method.
  static func methods(_ arguments: ParsedArguments) throws -> [any RelevancePropagator] {
    let convention = Convention(rawValue: try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper"))!
    let names = arguments.strings("method").isEmpty ? SanityCommand.defaultMethods : arguments.strings("method")
    return try names.map { try MethodRegistry.make($0, parameters: MethodParameters(convention: convention)) }
  }

  /// The randomization plan of `--randomization`, `--init`, `--order` and `--seed`.
  /// - Throws: `UsageError` for a value outside the choices.
  static func plan(_ arguments: ParsedArguments) throws -> ParameterRandomization {
    let seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    let initializer: Initializer = try arguments.choice("init", ["glorot", "he"], default: "glorot") == "he" ? .heNormal : .glorotUniform
    let mode: RandomizationMode =
      try arguments.choice("randomization", ["reinit", "shuffle"], default: "reinit") == "shuffle"
      ? .shuffle : .reinitialize(initializer)
    let order = try arguments.choice("order", RandomizationOrder.allCases.map(\.rawValue), default: "cascading")
    return ParameterRandomization(mode: mode, order: RandomizationOrder(rawValue: order)!, seed: seed)
  }

  /// The suite of `--images`, `--seed`, `--measure`, `--resamples` and ``plan(_:)``.
  /// - Throws: `UsageError` for a value outside its range or choices.
  static func suite(_ arguments: ParsedArguments) throws -> SanitySuite {
    let measure = try arguments.choice("measure", SimilarityMeasure.allCases.map(\.rawValue), default: "ssim")
    return SanitySuite(
      images: try arguments.int("images", default: 200, in: 1...100_000),
      seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)),
      plan: try plan(arguments), similarity: SimilarityMeasure(rawValue: measure)!,
      resamples: try arguments.int("resamples", default: 10_000, in: 1...1_000_000))
  }

  /// The name of a randomization mode in output: `reinit-glorot`, `reinit-he`, `shuffle`.
  static func modeName(_ mode: RandomizationMode) -> String {
    switch mode {
    case .shuffle: "shuffle"
    case .reinitialize(.heNormal): "reinit-he"
    case .reinitialize(.heUniform): "reinit-he-uniform"
    case .reinitialize(.glorotUniform): "reinit-glorot"
    }
  }
}
