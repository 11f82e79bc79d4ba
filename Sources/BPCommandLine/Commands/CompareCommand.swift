import BackpropAudit
import Foundation

/// `bpaudit compare`: the theory-versus-experiment table (issue 6 item 6) on one network: per
/// method the algebraic verdict, CSC with the collapse depth, the sanity checks, the paper's
/// expectation and every disagreement.
enum CompareCommand: Command {
  static let spec = CommandSpec(
    name: "compare", abstract: "Put theory (sign analysis, CSC) beside experiment (sanity checks), per method.",
    discussion: """
      One row per --method (default: every one-pass method). Algebraic: the sign of the local backward \
      matrix entries of the method's catalogue rule (Theorem 1 applies when all are ≥ 0). CSC: median |cos| \
      at the first layer above the input after injecting --csc-vectors random vectors at the logits for \
      --csc-images images, and the collapse depth (the first point below the logits where the median \
      reaches 0.99). Empirical: the SSIM_flip median after randomizing only the top layer and the \
      random-logit median over --images images (bpaudit sanity), and the two-object own/other overlaps; \
      class-insensitive when both medians are ≥ 0.9, sensitive when both are < 0.5. Agreement names every \
      disagreement with the paper's verdict. --order bottom-up is refused (no stage randomizes only the top \
      layer). --json prints every number: each method's median and 99 % interval at every cut point, the \
      random-logit statistics, the two-object overlaps and the CSC profile.
      """,
    options: NetworkChoice.options + SanityOptions.specs + [
      .value("csc-images", "N", "Images of the CSC measurement (0 leaves the column empty).", default: "32"),
      .value("csc-vectors", "V", "Random vectors per image of the CSC measurement.", default: "5"),
      .flag("json", "Print every number as JSON (sorted keys)."),
      .value("out", "FILE", "Also write the JSON document to FILE (atomically), whatever is printed."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let methods = try SanityOptions.methods(arguments)
    let suite = try SanityOptions.suite(arguments)
    guard suite.plan.order != .bottomUp else {
      throw UsageError(command: "compare", message: "--order bottom-up: the table needs a stage that randomizes only the top layer; use cascading or independent")
    }
    let cscImages = try arguments.int("csc-images", default: 32, in: 0...100_000)
    let csc = CSCExperiment(vectors: try arguments.int("csc-vectors", default: 5, in: 2...100), seed: suite.seed)
    let choice = try NetworkChoice.load(arguments, command: "compare") { e in
      if io.stderrIsTerminal { io.err("compare: training epoch \(e.epoch)\n") }
    }
    var start = Date()
    let sanity = try SanityCommand.runWithProgress(suite, methods: methods, choice: choice, io: io)
    let sanitySeconds = Date().timeIntervalSince(start)

    start = Date()
    var profiles: [CSCSummary] = []
    let n = min(cscImages, choice.labels.count)
    if n > 0, let top = CSCExperiment.defaultInjectionLayers(of: choice.network).first {
      let bar = ProgressBar("csc \(choice.name) @ \(top)", total: methods.count, io: io)
      for (k, method) in methods.enumerated() {
        let profile = try csc.profile(method: method, network: choice.network, inputs: choice.inputs.rows(0..<n), injectAt: top)
        profiles.append(CSCSummary(network: choice.name, profile))
        bar.update(k + 1, status: method.name)
      }
      bar.finish()
    }
    let cscSeconds = Date().timeIntervalSince(start)

    start = Date()
    let table = TheoryExperimentTable(
      network: choice.name, sanity: sanity,
      rank: { name in profiles.first { $0.method == name }.map(CompareReport.rankText) })
    let tableSeconds = Date().timeIntervalSince(start)
    let twoObjects = choice.twoObjects.map { ClassSensitivity(network: choice.network, images: $0) }
    let report = CompareReport(
      choice: choice, suite: suite, sanity: sanity, csc: profiles, cscImages: n, cscVectors: csc.vectors, table: table,
      twoObjectTopTwo: twoObjects?.topTwoAccuracy(), twoObjectChance: twoObjects?.chanceOverlap(),
      seconds: ["sanity": sanitySeconds, "csc": cscSeconds, "table": tableSeconds])
    if let path = arguments.string("out") {
      let data = try JSONSerialization.data(withJSONObject: try report.json(), options: [.prettyPrinted, .sortedKeys])
      do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw UsageError(command: "compare", message: "--out \(path): cannot write the JSON document there")
      }
    }
    if arguments.has("json") {
      io.printJSON(try report.json())
    } else {
      report.print(io: io)
    }
    return 0
  }
}
