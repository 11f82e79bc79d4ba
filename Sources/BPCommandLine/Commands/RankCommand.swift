import BackpropAudit
import Foundation

/// `bpaudit rank`: σ₂/σ₁ of the backward products of a method's local maps (Theorem 1, measured).
enum RankCommand: Command {
  static let spec = CommandSpec(
    name: "rank", abstract: "Profile the rank of a method's backward-matrix products, layer by layer.",
    discussion: """
      Builds the method's local backward maps C_l at the first input (explicit matrices for dense \
      layers, matrix-free operators for conv and pooling layers) and, for every depth k below the \
      --inject layer m, the product P = C_{k+1} ⋯ C_m, rescaled at every step. Prints σ₂/σ₁, the stable \
      rank ‖P‖_F²/σ₁², the Birkhoff contraction bound where every factor is explicit and non-negative, \
      and |cos| between the top singular directions at the first and second input. Exact SVD while the \
      product is explicit; a Gaussian sketch of --sketch columns after the first matrix-free factor. \
      The verdict judges s = 1 − σ₂/σ₁ of the product down to the output of the lowest layer.
      """,
    options: NetworkChoice.options + [
      .value("method", "NAME", "A method (see bpaudit rules).", default: "lrp-zplus"),
      .value("inject", "LAYER", "The top of the products.", default: "the logits layer"),
      .value("sketch", "L", "Sketch columns for matrix-free products.", default: "16"),
      .value("path", "NAME", "maps (Double chain of the local maps, conv as sparse operators), kernels (one batched sketch through the method's Float32 kernels; methods linear in R) or auto (kernels on conv networks when the method allows).", default: "auto"),
      .value("svd", "MODE", "SVD of explicit products: subspace (converged block iteration, top 16), jacobi (every σ) or randomized.", default: "subspace"),
      .value("convention", "NAME", "paper or zennit.", default: "paper"),
      .value("seed", "S", "Seed of the sketch and of the linearisation signal.", default: "0"),
      .flag("json", "Print every number as JSON (sorted keys)."),
    ] + VerdictOptions.options)

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let convention = RuleConvention(rawValue: try arguments.choice("convention", RuleConvention.allCases.map(\.rawValue), default: "paper"))!
    let method = try NetworkRule.catalogue(arguments.string("method") ?? "lrp-zplus", convention: convention)
    let analyzer = RankAnalyzer(
      sketchSize: try arguments.int("sketch", default: 16, in: 2...4096),
      seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)),
      explicitSVD: try explicitSVD(arguments))
    let progress = { (line: String) in if io.stderrIsTerminal { io.err("rank: \(line)\n") } }
    let choice = try NetworkChoice.load(arguments, command: "rank") { e in progress("training epoch \(e.epoch)") }
    guard choice.labels.count >= 2 else {
      throw UsageError(command: "rank", message: "--input must hold at least two inputs (the top directions of two are compared)")
    }
    let layer = arguments.string("inject") ?? choice.network.layers[choice.network.layers.count - 1].name
    let start = Date()
    let hasConv = choice.network.layers.contains { if case .conv2d = $0 { true } else { false } }
    let path = try arguments.choice("path", ["auto", "maps", "kernels"], default: "auto")
    let useKernels = path == "kernels" || (path == "auto" && hasConv && method.isLinearInRelevance)
    if useKernels && !method.isLinearInRelevance {
      throw UsageError(command: "rank", message: "--path kernels: \(method.name) is not linear in R (signal-dependent); use --path maps")
    }
    let profile = useKernels
      ? try analyzer.profile(
        propagator: MethodRegistry.make(method.name, parameters: MethodParameters(convention: Convention(rawValue: convention.rawValue)!)),
        network: choice.network, inputs: choice.inputs, injectAt: layer)
      : try analyzer.profile(method: method, network: choice.network, inputs: choice.inputs, injectAt: layer)
    let seconds = Date().timeIntervalSince(start)
    let verdict = CollapseVerdict(rank: profile, network: choice.name, thresholds: try VerdictOptions.thresholds(arguments))
    let rows = zip(profile.depths, profile.topDirectionCosines).map { d, cos -> [String: Any] in
      let mode: String
      switch d.method {
      case .exact: mode = "exact"
      case .sketch(let size): mode = "sketch \(size)"
      case .randomized(let rank, _, _): mode = "randomized rank \(rank)"
      case .subspace(let block, let iterations): mode = "subspace \(block), \(iterations) iterations"
      }
      return [
        "depth": d.depth, "below": d.label, "rows": d.rows, "mode": mode, "sigma1": d.sigma1, "sigma2": d.sigma2,
        "ratio": d.ratio.isNaN ? NSNull() : d.ratio, "stable_rank": d.stableRank.isNaN ? NSNull() : d.stableRank,
        "top_direction_cos": cos.isNaN ? NSNull() : cos,
        "bound": d.bound.map { ["misalignment": $0.misalignmentBound, "blocks": $0.blocks, "violated": $0.violated] } ?? NSNull(),
      ]
    }
    if arguments.has("json") {
      io.printJSON([
        "network": choice.name, "method": method.name, "injection_layer": layer, "sketch": analyzer.sketchSize, "path": useKernels ? "kernels" : "maps",
        "seed": analyzer.seed, "seconds": seconds, "depths": rows, "verdict": VerdictOptions.json(verdict),
      ])
      return 0
    }
    io.print("rank profile of \(method.name) on \(choice.name), products from \(layer) down (\(useKernels ? "kernels: Float32 sketch of \(analyzer.sketchSize) columns" : "local maps, Double")), \(String(format: "%.1f", seconds)) s")
    io.print("  at input of rows  mode         σ₂/σ₁       stable rank  bound (1−cos)  top-dir |cos|")
    for (d, cos) in zip(profile.depths, profile.topDirectionCosines) {
      let mode: String
      switch d.method {
      case .exact: mode = "exact"
      case .sketch: mode = "sketch"
      case .randomized: mode = "randomized"
      case .subspace: mode = "subspace"
      }
      let bound = d.bound.map { String(format: "%.2e%@", $0.misalignmentBound, $0.violated ? " VIOLATED" : "") } ?? "—"
      io.print("  " + [
        d.label.padding(toLength: 10, withPad: " ", startingAt: 0), String(format: "%5d", d.rows),
        mode.padding(toLength: 11, withPad: " ", startingAt: 0), String(format: "%10.3e", d.ratio),
        String(format: "%12.4f", d.stableRank), bound.padding(toLength: 13, withPad: " ", startingAt: 0),
        String(format: "%.4f", cos),
      ].joined(separator: "  "))
    }
    io.print(verdict.summary)
    return 0
  }

  /// `--svd`: how explicit products are decomposed.
  static func explicitSVD(_ arguments: ParsedArguments) throws -> BackwardProducts.ExplicitSVD {
    switch try arguments.choice("svd", ["subspace", "jacobi", "randomized"], default: "subspace") {
    case "jacobi": .jacobi
    case "randomized": .randomized()
    default: .subspace()
    }
  }
}
