import BackpropAudit
import Foundation

/// `bpaudit sanity`: parameter randomization, random logit and two-object class sensitivity for
/// every method (paper-digest §6).
enum SanityCommand: Command {
  static let spec = CommandSpec(
    name: "sanity", abstract: "Run the sanity checks (parameter randomization, random logit, two objects).",
    discussion: """
      Explains the true class of the first --images held-out images with every --method (default: every \
      method that needs no extra data and one backward pass), then re-explains them on networks whose \
      layers were randomized (--order, --randomization), and for a random other class, and compares the \
      maps with --measure (ssim: the paper's post-processing, normalisation and SSIM_flip). Built-in \
      trained networks are trained on first use and cached in $BPAUDIT_CACHE (default ~/.cache/bpaudit/zoo). \
      Medians carry a 99 % bootstrap interval. bpaudit compare puts the results beside the theory.
      """,
    options: NetworkChoice.options + SanityOptions.specs + [.flag("json", "Print every number as JSON (sorted keys).")])

  /// The methods checked when none is named: every registry method that needs no extra data and
  /// costs one backward pass (integrated gradients and SmoothGrad cost 50–64; name them to run them).
  static var defaultMethods: [String] {
    MethodRegistry.names.filter { !$0.hasPrefix("pattern-") && $0 != "integrated-gradients" && $0 != "smoothgrad" }
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let methods = try SanityOptions.methods(arguments)
    let suite = try SanityOptions.suite(arguments)
    let choice = try NetworkChoice.load(arguments, command: "sanity") { e in
      if io.stderrIsTerminal { io.err("sanity: training epoch \(e.epoch)\n") }
    }
    let start = Date()
    let results = try runWithProgress(suite, methods: methods, choice: choice, io: io)
    let seconds = Date().timeIntervalSince(start)
    if arguments.has("json") {
      io.printJSON(try SanityReportJSON.object(results, choice: choice, suite: suite, seconds: seconds))
    } else {
      SanityTable.print(results, choice: choice, suite: suite, seconds: seconds, io: io)
    }
    return 0
  }

  /// Runs `suite` on the choice with a progress bar on a terminal (one step per randomization
  /// stage, the random logit and the two-object images).
  static func runWithProgress(
    _ suite: SanitySuite, methods: [any RelevancePropagator], choice: NetworkChoice, io: CommandIO
  ) throws -> [MethodSanity] {
    let steps = ParameterRandomization.cutPoints(of: choice.network).count + 1 + (choice.twoObjects == nil ? 0 : 1)
    let bar = ProgressBar("sanity \(choice.name)", total: steps, io: io)
    var done = 0
    defer { bar.finish() }
    return try suite.run(
      methods: methods, network: choice.network, inputs: choice.inputs, labels: choice.labels,
      twoObjects: choice.twoObjects
    ) { step in
      done += 1
      bar.update(done, status: step)
    }
  }
}
