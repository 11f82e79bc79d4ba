import BackpropAudit
import Foundation

/// `bpaudit sanity`: cascading parameter randomization, random logit and two-object class
/// sensitivity for every method (paper-digest §6).
enum SanityCommand: Command {
  static let spec = CommandSpec(
    name: "sanity", abstract: "Run the sanity checks (parameter randomization, random logit, two objects).",
    discussion: """
      Explains the true class of the first --images held-out images with every --method (default: every \
      method that needs no extra data and one backward pass), then re-explains them on networks whose layers were randomized \
      from the top down, and for a random other class, and compares the maps with SSIM_flip (the paper's \
      post-processing and normalisation). Built-in trained networks are trained on first use and cached \
      in $BPAUDIT_CACHE (default ~/.cache/bpaudit/zoo). Medians carry a 99 % bootstrap interval.
      """,
    options: NetworkChoice.options + [
      .value("method", "NAME", "A method to check (repeatable); see bpaudit attribute --help.", repeatable: true),
      .value("images", "N", "Images explained.", default: "200"),
      .value("order", "ORDER", "Randomization order: cascading, independent or bottom-up.", default: "cascading"),
      .value("randomize", "HOW", "glorot or he (re-initialise, zero bias) or shuffle.", default: "glorot"),
      .value("similarity", "MEASURE", "ssim-flip, spearman or abs-cosine.", default: "ssim-flip"),
      .value("resamples", "N", "Bootstrap resamples of each median.", default: "10000"),
      .value("convention", "NAME", "paper or zennit (LRP stabiliser and sign-split conventions).", default: "paper"),
      .value("seed", "S", "Seed of the randomization, random classes and bootstrap.", default: "0"),
      .flag("json", "Print every number as JSON (sorted keys)."),
    ])

  /// The methods checked when none is named: every registry method that needs no extra data and
  /// costs one backward pass (integrated gradients and SmoothGrad cost 50–64; name them to run them).
  static var defaultMethods: [String] {
    MethodRegistry.names.filter { !$0.hasPrefix("pattern-") && $0 != "integrated-gradients" && $0 != "smoothgrad" }
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    let convention = Convention(rawValue: try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper"))!
    let names = arguments.strings("method").isEmpty ? defaultMethods : arguments.strings("method")
    let methods = try names.map { try MethodRegistry.make($0, parameters: MethodParameters(convention: convention)) }
    let mode: RandomizationMode =
      switch try arguments.choice("randomize", ["glorot", "he", "shuffle"], default: "glorot") {
      case "he": .reinitialize(.heNormal)
      case "shuffle": .shuffle
      default: .reinitialize(.glorotUniform)
      }
    let orderName = try arguments.choice("order", RandomizationOrder.allCases.map(\.rawValue), default: "cascading")
    let measureName = try arguments.choice("similarity", SimilarityMeasure.allCases.map(\.rawValue), default: "ssim-flip")
    let suite = SanitySuite(
      images: try arguments.int("images", default: 200, in: 1...100_000), seed: seed,
      plan: ParameterRandomization(mode: mode, order: RandomizationOrder(rawValue: orderName)!, seed: seed),
      similarity: SimilarityMeasure(rawValue: measureName)!,
      resamples: try arguments.int("resamples", default: 10_000, in: 1...1_000_000))
    let progress = { (line: String) in if io.stderrIsTerminal { io.err("sanity: \(line)\n") } }
    let choice = try NetworkChoice.load(arguments, command: "sanity") { e in progress("training epoch \(e.epoch)") }
    let start = Date()
    let results = try suite.run(
      methods: methods, network: choice.network, inputs: choice.inputs, labels: choice.labels,
      twoObjects: choice.twoObjects, onProgress: progress)
    let seconds = Date().timeIntervalSince(start)
    if arguments.has("json") {
      io.printJSON(try SanityReportJSON.object(results, choice: choice, suite: suite, seconds: seconds))
    } else {
      SanityTable.print(results, choice: choice, suite: suite, seconds: seconds, io: io)
    }
    return 0
  }
}
