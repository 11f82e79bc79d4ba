import BackpropAudit
import Foundation

/// `bpaudit simulate`: the paper's random-matrix convergence simulation (paper-digest §4.7).
enum SimulateCommand: Command {
  static let spec = CommandSpec(
    name: "simulate", abstract: "Random-matrix simulation: do products of backward matrices collapse to rank one?",
    discussion: """
      For every family, --samples times: --vectors Gaussian vectors are multiplied by one random \
      matrix per shape (w ← w·M) and after each multiplication the mean over the lower triangle \
      (with diagonal) of |cos| between the vectors is taken, as the authors' notebook. The table \
      shows the median over samples of 1 − mean|cos| per number of multiplications (column 0 = the \
      input vectors). Families: vanilla, relu, pattern (synthetic W⊙A, pattern-rhoR for correlated \
      inputs), stochastic, positive, nonneg, alphaAbetaB (e.g. alpha2beta1); default: the paper's \
      twelve. Shapes: vgg16 (the notebook's 16 VGG-16 backward shapes) or a chain like \
      512x512,512x256.
      """,
    options: [
      .value("family", "NAME", "A matrix family; repeat for several (default: all of the paper's).", repeatable: true),
      .value("samples", "N", "Samples per family.", default: "20"),
      .value("vectors", "N", "Random vectors per sample.", default: "32"),
      .value("seed", "S", "Seed of every draw.", default: "0"),
      .value("shapes", "LIST", "vgg16, or comma-separated ROWSxCOLUMNS that chain.", default: "vgg16"),
      .flag("json", "Print every number as JSON (sorted keys) instead of the table."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let families = try arguments.strings("family").map { name -> SimulationFamily in
      guard let family = SimulationFamily(name: name) else {
        throw UsageError(command: "simulate", message: "--family: unknown family '\(name)' (expected vanilla, relu, pattern, pattern-rhoR, stochastic, positive, nonneg or alphaAbetaB)")
      }
      return family
    }
    let simulation = RandomMatrixSimulation(
      shapes: try shapes(arguments.string("shapes") ?? "vgg16"),
      vectors: try arguments.int("vectors", default: 32, in: 2...4096),
      samples: try arguments.int("samples", default: 20, in: 1...100_000),
      seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)))
    let selected = families.isEmpty ? SimulationFamily.paperFamilies : families
    let bar = ProgressBar("simulate", total: selected.count, io: io)
    var results: [SimulationResult] = []
    for (k, family) in selected.enumerated() {
      bar.update(k, status: family.name)
      results.append(simulation.run(family))
    }
    bar.finish()
    if arguments.has("json") {
      io.printJSON(json(results, simulation))
    } else {
      io.print(table(results, simulation))
    }
    return 0
  }

  /// Parses `vgg16` or `R1xC1,R2xC2,…`.
  static func shapes(_ text: String) throws -> [RandomMatrixSimulation.Shape] {
    if text == "vgg16" { return RandomMatrixSimulation.vgg16Shapes }
    let shapes = try text.split(separator: ",").map { part -> RandomMatrixSimulation.Shape in
      let dims = part.split(separator: "x").compactMap { Int($0) }
      guard dims.count == 2, dims[0] >= 1, dims[1] >= 1, dims[0] <= 16384, dims[1] <= 16384 else {
        throw UsageError(command: "simulate", message: "--shapes: expected vgg16 or ROWSxCOLUMNS,… (1…16384), got '\(part)'")
      }
      return RandomMatrixSimulation.Shape(dims[0], dims[1])
    }
    guard !shapes.isEmpty else { throw UsageError(command: "simulate", message: "--shapes: no shape given") }
    for (a, b) in zip(shapes, shapes.dropFirst()) where a.columns != b.rows {
      throw UsageError(command: "simulate", message: "--shapes: \(a.rows)x\(a.columns) is followed by \(b.rows)x\(b.columns); columns must equal the next rows")
    }
    return shapes
  }

  /// Families as rows, multiplications as columns, median `1 − mean|cos|` per cell.
  static func table(_ results: [SimulationResult], _ simulation: RandomMatrixSimulation) -> String {
    let steps = results.first?.steps.count ?? 0
    let nameWidth = max(12, results.map(\.family.count).max() ?? 0)
    var lines = [
      "median over \(simulation.samples) samples of 1 − mean|cos| between \(simulation.vectors) vectors, after k multiplications (seed \(simulation.seed))",
      "family".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + (0..<steps).map { String(format: " %8d", $0) }.joined(),
    ]
    for r in results {
      lines.append(r.family.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + r.steps.map { String(format: " %8.1e", $0.median) }.joined())
    }
    return lines.joined(separator: "\n")
  }

  static func json(_ results: [SimulationResult], _ simulation: RandomMatrixSimulation) -> [String: Any] {
    func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
    return [
      "samples": simulation.samples, "vectors": simulation.vectors, "seed": Int(simulation.seed),
      "shapes": (results.first?.shapes ?? simulation.shapes).map { [$0.rows, $0.columns] },
      "metric": "1 - mean |cos| over the lower triangle with diagonal",
      "families": results.map { r -> [String: Any] in
        [
          "name": r.family, "band": r.band,
          "steps": r.steps.map { ["multiplications": $0.multiplications, "median": number($0.median), "lower": number($0.lower), "upper": number($0.upper)] as [String: Any] },
        ]
      },
    ]
  }
}
