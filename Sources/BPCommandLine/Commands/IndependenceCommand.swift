import BackpropAudit
import Foundation

/// `bpaudit independence`: how much the input relevance direction changes when the parameters
/// above a layer are replaced by random ones (the matrix-level twin of the sanity checks).
enum IndependenceCommand: Command {
  static let spec = CommandSpec(
    name: "independence", abstract: "Measure later-layer independence: |cos| of maps before and after randomizing upper layers.",
    discussion: """
      For every cut layer k (top first), replaces the parameters of all layers from the top down to k \
      (--order cascading) or of k alone (--order independent) with fresh random ones, re-explains the \
      true class, and reports the median |cos| between the original and the new input relevance (flat \
      vectors, no post-processing). Theory predicts ≈ 1 for methods whose backward products have \
      collapsed to rank one below k.
      """,
    options: NetworkChoice.options + [
      .value("method", "NAME", "A method (repeatable).", default: "lrp-zplus and gradient", repeatable: true),
      .value("images", "N", "Inputs explained.", default: "50"),
      .value("order", "ORDER", "cascading or independent.", default: "cascading"),
      .value("convention", "NAME", "paper or zennit.", default: "paper"),
      .value("seed", "S", "Seed of the new parameters.", default: "0"),
      .flag("json", "Print every median as JSON (sorted keys)."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let convention = Convention(rawValue: try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper"))!
    let names = arguments.strings("method").isEmpty ? ["lrp-zplus", "gradient"] : arguments.strings("method")
    let methods = try names.map { try MethodRegistry.make($0, parameters: MethodParameters(convention: convention)) }
    let order = RandomizationOrder(rawValue: try arguments.choice("order", ["cascading", "independent"], default: "cascading"))!
    let seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    let images = try arguments.int("images", default: 50, in: 1...100_000)
    let progress = { (line: String) in if io.stderrIsTerminal { io.err("independence: \(line)\n") } }
    let choice = try NetworkChoice.load(arguments, command: "independence") { e in progress("training epoch \(e.epoch)") }
    let n = min(images, choice.labels.count)
    let checks = SanityChecks(
      network: choice.network, inputs: choice.inputs.rows(0..<n),
      labels: Array(choice.labels[0..<n]))
    let results = try checks.randomization(
      methods, plan: ParameterRandomization(mode: .reinitialize(.heNormal), order: order, seed: seed), similarity: .absoluteCosine
    ) { stage, total in progress("stage \(stage)/\(total)") }
    let medians = results.map { r in
      r.scores.map { scores -> Double in
        let finite = scores.filter { !$0.isNaN }
        return finite.isEmpty ? .nan : Quantiles.median(finite)
      }
    }
    if arguments.has("json") {
      io.printJSON([
        "network": choice.name, "images": n, "order": order.rawValue, "seed": seed,
        "methods": zip(results, medians).map { r, m in
          ["method": r.method, "cut_points": r.cutPoints, "median_abs_cos": m.map { $0.isNaN ? NSNull() : $0 as Any }] as [String: Any]
        },
      ])
      return 0
    }
    io.print("later-layer independence on \(choice.name): \(n) inputs, \(order.rawValue) He re-initialisation, seed \(seed); median |cos(original, randomized)| of the input relevance")
    let cuts = results.first?.cutPoints ?? []
    io.print((["method".padding(toLength: 24, withPad: " ", startingAt: 0)] + cuts.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }).joined(separator: " "))
    for (r, m) in zip(results, medians) {
      io.print(([r.method.padding(toLength: 24, withPad: " ", startingAt: 0)] + m.map { String(format: "%-8.4f", $0) }).joined(separator: " "))
    }
    return 0
  }
}
