import BackpropAudit
import Foundation

/// `bpaudit csc`: cosine similarity convergence of a method (paper-digest §5).
enum CSCCommand: Command {
  static let spec = CommandSpec(
    name: "csc", abstract: "Measure cosine similarity convergence (CSC) of a method.",
    discussion: """
      Injects --vectors random N(0, I) relevance tensors at the output of each --inject layer for the \
      first --images inputs, propagates them with --method, and reports the median |cos| between them at \
      every lower point (conv points: per position over channels), with the chance baseline. A median \
      near 1 far below the injection point means the explanation no longer depends on the layers above. \
      The verdict (collapses, partially, does not collapse) judges the median just above the input \
      for the highest --inject layer (the deepest product), with the thresholds printed.
      """,
    options: NetworkChoice.options + [
      .value("method", "NAME", "The method (see bpaudit attribute --help).", default: "lrp-zplus"),
      .value("inject", "LAYER", "Injection layer (repeatable).", default: "every dense/conv layer but the first", repeatable: true),
      .value("images", "N", "Inputs used.", default: "200"),
      .value("vectors", "V", "Random vectors per input.", default: "5"),
      .value("convention", "NAME", "paper or zennit.", default: "paper"),
      .value("seed", "S", "Seed of the injected vectors.", default: "0"),
      .flag("json", "Print every statistic as JSON (sorted keys)."),
      ResumeOption.spec,
    ] + VerdictOptions.options)

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let convention = Convention(rawValue: try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper"))!
    let method = try MethodRegistry.make(arguments.string("method") ?? "lrp-zplus", parameters: MethodParameters(convention: convention))
    let experiment = CSCExperiment(
      vectors: try arguments.int("vectors", default: 5, in: 2...100),
      seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)))
    let images = try arguments.int("images", default: 200, in: 1...1_000_000)
    let progress = { (line: String) in if io.stderrIsTerminal { io.err("csc: \(line)\n") } }
    let choice = try NetworkChoice.load(arguments, command: "csc") { e in progress("training epoch \(e.epoch)") }
    let n = min(images, choice.labels.count)
    let inputs = choice.inputs.rows(0..<n)
    let layers = arguments.strings("inject").isEmpty
      ? CSCExperiment.defaultInjectionLayers(of: choice.network) : arguments.strings("inject")
    let thresholds = try VerdictOptions.thresholds(arguments)
    let store = try ResumeOption.store(arguments)
    let start = Date()
    // One batch shares each chunk's trace across the injection layers. With --resume every layer
    // is its own item, computed and stored on its own (the same numbers), so an interrupted run
    // keeps each finished layer.
    var batch: [String: CSCProfile] = [:]
    var profiles: [CSCProfile] = []
    for (index, layer) in layers.enumerated() {
      profiles.append(try store.value("inject=\(layer)") {
        if let done = batch[layer] { return done }
        let rest = store.directory == nil ? Array(layers[index...]) : [layer]
        let bar = ProgressBar("csc \(method.name)", total: n * rest.count, io: io)
        let computed = try experiment.profiles(method: method, network: choice.network, inputs: inputs, injectAt: rest) { bar.update($0) }
        bar.finish()
        batch = Dictionary(uniqueKeysWithValues: zip(rest, computed))
        return batch[layer]!
      })
    }
    let seconds = Date().timeIntervalSince(start)
    ResumeOption.finish(store, io: io)
    let verdict = CollapseVerdict(profiles: profiles, network: choice.name, thresholds: thresholds)
    if arguments.has("json") {
      io.printJSON([
        "network": choice.name, "method": method.name, "images": n, "vectors": experiment.vectors,
        "seed": experiment.seed, "seconds": seconds, "profiles": profiles.map(json),
        "verdict": VerdictOptions.json(verdict),
      ])
    } else {
      io.print("CSC of \(method.name) on \(choice.name): \(n) inputs × \(experiment.vectors) vectors, seed \(experiment.seed), \(String(format: "%.1f", seconds)) s")
      for p in profiles {
        io.print("injected at \(p.injectionLayer):")
        io.print("  point        median   1 − median   baseline        n   n_nan")
        for point in p.points {
          let s = point.statistics
          io.print("  " + [
            point.name.padding(toLength: 11, withPad: " ", startingAt: 0),
            String(format: "%7.4f", s.median), String(format: "%11.3e", 1 - s.median),
            String(format: "%9.4f", s.baseline), String(format: "%8d", s.count), String(format: "%7d", s.nanCount),
          ].joined(separator: "  "))
        }
      }
      io.print(verdict.summary)
    }
    return 0
  }

  /// One profile as the JSON object of issue 5 item 7.
  static func json(_ p: CSCProfile) -> [String: Any] {
    let nanSafe = { (x: Double) -> Any in x.isNaN ? NSNull() : x }
    return [
      "injection_layer": p.injectionLayer, "stabilised": p.stabilisedCount,
      "points": p.points.map { point -> [String: Any] in
        let s = point.statistics
        return [
          "point": point.name, "median": nanSafe(s.median), "mean": nanSafe(s.mean), "n": s.count, "n_nan": s.nanCount,
          "baseline": s.baseline, "width": s.width, "histogram": s.histogram,
          "histogram_edges": CSCStatistics.histogramEdges,
          "percentiles": Dictionary(uniqueKeysWithValues: s.percentiles.map { (String(format: "%g", $0.level), nanSafe($0.value)) }),
        ]
      },
    ]
  }
}
