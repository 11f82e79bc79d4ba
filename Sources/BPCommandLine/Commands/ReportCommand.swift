import BackpropAudit
import Foundation

/// `bpaudit report`: run the audit (sanity checks, theory table, heatmap grids, proofs, simulation)
/// and write a self-contained HTML page and a Markdown report.
enum ReportCommand: Command {
  static let spec = CommandSpec(
    name: "report", abstract: "Write the theory-versus-experiment report (HTML + Markdown).",
    discussion: """
      Without a model, audits the built-in zoo (random MLP, random CIFAR CNN, trained small CNN, \
      trained CIFAR CNN; trained networks are trained on first use and cached in $BPAUDIT_CACHE) and \
      finishes in about ten minutes on two cores including that training. Writes DIR/index.html \
      (self-contained: images inline, no scripts) and DIR/report.md with its SVG figures, all \
      atomically: nothing is written when a step fails. --quick is a smoke test; --full uses the \
      paper's sizes (200 images, 10,000 bootstrap resamples, 20 simulation samples).
      """,
    options: [
      .value("out", "DIR", "Output directory.", default: "bpaudit-report"),
      .value("net", "NAME", "A built-in network to audit (repeatable; default: all four, --quick: the random ones): \(NetworkChoice.zooNames.joined(separator: ", ")).", repeatable: true),
      .value("model", "FILE", "Architecture JSON of your own model (instead of the zoo)."),
      .value("weights", "FILE", "Safetensors weights of your own model."),
      .value("input", "FILE", "Safetensors inputs for your own model (key x, optional I64 key target)."),
      .value("input-key", "KEY", "Tensor key of the inputs.", default: "x"),
      .value("method", "NAME", "A method to audit (repeatable; default: every method that needs no extra data).", repeatable: true),
      .value("images", "N", "Images per sanity check (default: 32; --full 200; --quick 8)."),
      .value("seed", "S", "Seed of the randomization, random classes, bootstrap and simulation.", default: "0"),
      .flag("quick", "Tiny sizes, random networks only (a smoke test in seconds)."),
      .flag("full", "The paper's sizes (takes much longer than ten minutes)."),
      .flag("json", "Also print every number behind every figure as JSON (sorted keys) on standard output."),
      ResumeOption.spec,
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    if arguments.has("quick") && arguments.has("full") {
      throw UsageError(command: "report", message: "--quick and --full exclude each other")
    }
    let started = Date()
    let names = arguments.strings("method").isEmpty ? SanityCommand.defaultMethods : arguments.strings("method")
    for name in names { _ = try MethodRegistry.method(named: name) }
    var settings =
      arguments.has("full") ? ReportSettings.full(methods: names)
      : arguments.has("quick") ? ReportSettings.quick(methods: names) : ReportSettings.standard(methods: names)
    settings.images = try arguments.int("images", default: settings.images, in: 1...100_000)
    settings.seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    let progress = { (line: String) in if io.stderrIsTerminal { io.err("report: \(line)\n") } }
    let networks = try loadNetworks(arguments, settings: settings, quick: arguments.has("quick"), progress: progress)
    let store = try ResumeOption.store(arguments)
    let report = try AuditReport.run(networks: networks, settings: settings, store: store, onProgress: progress)
    ResumeOption.finish(store, io: io)
    let directory = URL(fileURLWithPath: arguments.string("out") ?? "bpaudit-report", isDirectory: true)
    let files = try report.document().write(to: directory)
    if arguments.has("json") {
      io.out(String(decoding: try report.jsonData(), as: UTF8.self) + "\n")
    } else {
      let seconds = Date().timeIntervalSince(started)
      io.print("wrote \(directory.path)/index.html and report.md (\(files.count) files) in \(String(format: "%.1f", seconds)) s")
    }
    return 0
  }

  /// The user's model (`--model/--weights/--input`), or the `--net` zoo networks, by default all
  /// four (random MLP, random CIFAR CNN, trained small CNN, trained CIFAR CNN), the random ones
  /// under `quick`.
  static func loadNetworks(
    _ arguments: ParsedArguments, settings: ReportSettings, quick: Bool, progress: (String) -> Void
  ) throws -> [ReportNetwork] {
    if arguments.has("model") || arguments.has("weights") || arguments.has("input") {
      let start = Date()
      let choice = try NetworkChoice.load(arguments, command: "report") { _ in }
      return [
        ReportNetwork(
          name: choice.name, summary: "user model \(choice.name), \(choice.network.layers.count) layers, input \(choice.network.inputShape)",
          network: choice.network, inputs: choice.inputs, labels: choice.labels, setupSeconds: Date().timeIntervalSince(start))
      ]
    }
    var kinds: [ZooNetwork] = quick ? [.randomMLP, .randomCNN] : ZooNetwork.allCases
    if !arguments.strings("net").isEmpty {
      kinds = try arguments.strings("net").map { name in
        guard let kind = ZooNetwork(rawValue: name) else {
          throw UsageError(command: "report", message: "--net \(name): expected one of \(NetworkChoice.zooNames.joined(separator: ", "))")
        }
        return kind
      }
    }
    return try kinds.map { kind in
      let start = Date()
      let model = try ModelZoo().model(kind) { e in progress("\(kind.rawValue): training epoch \(e.epoch)") }
      return ReportNetwork(zoo: model, twoObjectCount: settings.twoObjectImages, setupSeconds: Date().timeIntervalSince(start))
    }
  }
}
