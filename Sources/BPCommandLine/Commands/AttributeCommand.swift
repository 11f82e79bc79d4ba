import BackpropAudit
import Foundation

/// `bpaudit attribute`: run an attribution method on a batch and write the relevance map.
enum AttributeCommand: Command {
  static let spec = CommandSpec(
    name: "attribute", abstract: "Explain a model's outputs with an attribution method.",
    discussion: """
      Traces the inputs once, seeds the selected logit (LRP family: e_c·f_c(x); gradient family: \
      e_c) and propagates it backwards with --method. Writes key 'attribution' (F32) atomically: \
      the relevance at the input, exactly the shape of x (not summed, no absolute value), or at the \
      output of --layer. Targets: --target N for every row, --target-key KEY (I64 [N] in --input), \
      --random-target --seed S (a seeded random class other than the prediction); default: the \
      input file's 'target' key when present, else the predicted class. Methods: \
      \(MethodRegistry.builtIn.map(\.name).joined(separator: ", ")). --convention zennit switches \
      every LRP rule to Zennit 0.5's stabiliser and bias split (see the Convention docs). Instead of \
      --method, --rule 'R[i] = …' (or --rule-file) runs a rule of the rule language on every \
      dense/conv layer through the generic evaluator, with --param NAME=VALUE for its parameters \
      (ReLU, pool and seed follow the rule's type, see NetworkRule.user). --png DIR also writes one \
      heatmap per input (<method>-<row>.png) with the paper's post-processing: channel sum (abs-max \
      for gradient, guided-backprop, deconv, rectgrad, smoothgrad), colours clipped at the 99.5th \
      percentile of |map| (100 for rectgrad), a diverging map centred on 0. Sources/Rules/README.md \
      tabulates every method per layer kind.
      """,
    options: [
      .value("model", "FILE", "Architecture JSON (README, File formats).", required: true),
      .value("weights", "FILE", "Weights as a safetensors state_dict.", required: true),
      .value("input", "FILE", "Inputs as safetensors, [N, C, H, W] or [N, D].", required: true),
      .value("input-key", "KEY", "The key of the inputs in --input.", default: "x"),
      .value("method", "NAME", "The attribution method (see the list above); or --rule / --rule-file."),
      .value("rule", "TEXT", "A rule of the rule language, R[i] = …, run on every dense/conv layer."),
      .value("rule-file", "FILE", "A file holding the rule text."),
      .value("param", "NAME=VALUE", "A parameter value of --rule.", repeatable: true),
      .value("name", "NAME", "The rule's name in the output and the PNG file names.", default: "rule"),
      .value("target", "N", "Explain class N in every row."),
      .value("target-key", "KEY", "Read the class per row from this I64 [N] key of --input."),
      .flag("random-target", "Explain a seeded random class other than each row's prediction."),
      .value("seed", "S", "Seed of --random-target (and of random methods).", default: "0"),
      .value("convention", "NAME", "paper (iNNvestigate 1.0.8) or zennit (Zennit 0.5).", default: "paper"),
      .value(
        "epsilon", "E",
        "ε of the ε rule (\(MethodRegistry.epsilonText(MethodDefaults.epsilon)); CMP \(MethodRegistry.epsilonText(MethodDefaults.cmpEpsilon)))."),
      .value("gamma", "G", "γ of the γ rule.", default: "\(MethodDefaults.gamma)"),
      .value("alpha", "A", "α of lrp-alpha-beta (α − β = 1)."),
      .value("beta", "B", "β of lrp-alpha-beta (α − β = 1)."),
      .value("low", "L[,L…]", "zᴮ lower bound, one value or one per input channel (default: each sample's minimum)."),
      .value("high", "H[,H…]", "zᴮ upper bound, one value or one per input channel (default: each sample's maximum)."),
      .value("percentile", "P", "RectGrad percentile.", default: "\(MethodDefaults.percentile)"),
      .value("steps", "N", "Integrated-gradients steps.", default: "\(MethodDefaults.steps)"),
      .value("samples", "N", "SmoothGrad samples.", default: "\(MethodDefaults.samples)"),
      .value("noise", "F", "SmoothGrad noise as a fraction of the input range.", default: "\(MethodDefaults.noise)"),
      .value("baseline", "VALUE|FILE", "Reference input: a constant, or a safetensors file with key x."),
      .value("patterns", "FILE", "PatternNet/PatternAttribution patterns (safetensors, from bpaudit patterns)."),
      .value("layer", "NAME", "Write the relevance at the output of this layer instead of the input."),
      .value("output", "FILE", "Where to write the attribution (safetensors).", required: true),
      .value("png", "DIR", "Also write one heatmap PNG per input into DIR (created if missing)."),
      .value("colormap", "NAME", "Colour map of --png: seismic or bwr.", default: "seismic"),
      .flag("allow-nonfinite", "Accept NaN or infinite weights."),
      .flag("json", "Print a JSON summary (sorted keys) instead of text."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let network = try ModelArguments.network(arguments)
    let inputURL = URL(fileURLWithPath: try arguments.required("input"))
    let targetKey = arguments.string("target-key") ?? "target"
    let batch = try InputBatch.load(inputURL, key: arguments.string("input-key") ?? "x", targetKey: targetKey)
    try batch.validate(for: network)
    if arguments.has("target-key") && batch.targets == nil {
      throw UsageError(command: "attribute", message: "--target-key: \(inputURL.path) has no key '\(targetKey)'")
    }
    let (name, method) = try propagator(arguments, batch: batch, network: network)
    let target = try targetSelection(arguments, batch: batch)
    var index = 0
    if let layerName = arguments.string("layer") {
      guard let l = network.layerIndex(named: layerName) else {
        throw AttributionError.invalidParameter(
          method: name, parameter: "layer",
          expected: "a layer of the model (\(network.layers.map(\.name).joined(separator: ", "))), got '\(layerName)'")
      }
      index = l + 1
    }
    let shapes = try network.activationShapes()
    let pngDirectory = try preparePNGDirectory(arguments, shape: [batch.x.shape[0]] + shapes[index])
    let renderer = try heatmapRenderer(arguments, method: name)
    let attributor = Attributor(network: network)
    let trace = network.trace(batch.x)
    let result = try attributor.attribute(trace: trace, method: method, target: target)
    let attribution = result.relevances[index]
    let targets = try attributor.classes(for: trace.output, target: target)
    let convention = try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper")
    let output = URL(fileURLWithPath: try arguments.required("output"))
    let heatmaps = try pngDirectory.map { try writeHeatmaps(attribution, renderer: renderer, name: name, to: $0) } ?? []
    do {
      try SafeTensors.write(
        [("attribution", .float32(attribution))],
        metadata: [
          "producer": "bpaudit attribute", "method": name, "convention": convention,
          "parameters": parameterSummary(arguments), "targets": targets.map(String.init).joined(separator: ","),
          "layer": arguments.string("layer") ?? "input", "stabilised": String(result.stabilisedCount),
        ].merging(ruleMetadata(arguments)) { a, _ in a }, to: output)
    } catch {
      for url in heatmaps { try? FileManager.default.removeItem(at: url) }
      throw error
    }
    if result.stabilisedCount > 0 {
      io.err("bpaudit: warning: \(result.stabilisedCount) denominators were stabilised (relevance damped or absorbed)\n")
    }
    if arguments.has("json") {
      io.printJSON([
        "output": output.path, "shape": attribution.shape, "method": name, "convention": convention,
        "targets": targets, "stabilised": result.stabilisedCount, "layer": arguments.string("layer") ?? "input",
        "png": heatmaps.map(\.path),
      ])
    } else {
      io.print(
        "wrote attribution \(attribution.shape) (\(name), convention \(convention), targets \(targets.map(String.init).joined(separator: " "))) to \(output.path)"
      )
      if let first = heatmaps.first {
        io.print("wrote \(heatmaps.count) heatmaps to \(first.deletingLastPathComponent().path) (\(renderer.reduction.rawValue), \(renderer.colorMap.name))")
      }
    }
    return 0
  }

  /// The method parameters from the options; only given options are set, so the registry can
  /// reject those the method does not take.
  static func parameters(
    _ arguments: ParsedArguments, method: String, batch: InputBatch, network: Network
  ) throws -> MethodParameters {
    let convention = try arguments.choice("convention", Convention.allCases.map(\.rawValue), default: "paper")
    var p = MethodParameters(convention: Convention(rawValue: convention) ?? .paper)
    func number(_ name: String) throws -> Double? {
      arguments.has(name) ? try arguments.double(name, default: 0) : nil
    }
    p.epsilon = try number("epsilon")
    p.gamma = try number("gamma")
    p.alpha = try number("alpha")
    p.beta = try number("beta")
    p.percentile = try number("percentile")
    p.noise = try number("noise")
    if arguments.has("steps") { p.steps = try arguments.int("steps", default: 0, in: 1...1_000_000) }
    if arguments.has("samples") { p.samples = try arguments.int("samples", default: 0, in: 1...1_000_000) }
    p.low = try list(arguments, "low")
    p.high = try list(arguments, "high")
    let takesSeed = (try? MethodRegistry.method(named: method).parameters.contains("seed")) ?? false
    if takesSeed || (arguments.has("seed") && !arguments.has("random-target")) {
      p.seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    }
    if let text = arguments.string("baseline") {
      if let value = Float(text) {
        p.baseline = Tensor(shape: [1] + Array(batch.x.shape.dropFirst()), repeating: value)
      } else {
        p.baseline = try InputBatch.load(URL(fileURLWithPath: text)).x
      }
    }
    if let path = arguments.string("patterns") {
      p.patterns = try PatternSet.load(from: URL(fileURLWithPath: path), for: network)
    }
    return p
  }

  /// A comma-separated list of finite numbers, or `nil` when the option is absent.
  static func list(_ arguments: ParsedArguments, _ name: String) throws -> [Float]? {
    guard let text = arguments.string(name) else { return nil }
    let values = text.split(separator: ",").map { Float($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else {
      throw UsageError(command: "attribute", message: "--\(name): expected numbers separated by commas, got '\(text)'")
    }
    return values.compactMap { $0 }
  }

  /// `--target`, `--target-key`, `--random-target` (at most one), else the file's targets or the prediction.
  static func targetSelection(_ arguments: ParsedArguments, batch: InputBatch) throws -> TargetSelection {
    let given = ["target", "target-key", "random-target"].filter { arguments.has($0) }
    guard given.count <= 1 else {
      throw UsageError(command: "attribute", message: "give at most one of --target, --target-key, --random-target")
    }
    if arguments.has("target") {
      let c = try arguments.int("target", default: 0, in: 0...Int.max)
      return .classes([Int](repeating: c, count: batch.x.shape[0]))
    }
    if arguments.has("random-target") {
      return .randomOther(seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)))
    }
    if let targets = batch.targets { return .classes(targets) }
    return .predicted
  }

  /// The given method parameters as `name=value` pairs, for the file's metadata.
  static func parameterSummary(_ arguments: ParsedArguments) -> String {
    let named = ["epsilon", "gamma", "alpha", "beta", "low", "high", "percentile", "steps", "samples", "noise", "baseline", "patterns", "seed"]
      .compactMap { name in arguments.string(name).map { "\(name)=\($0)" } }
    return (named + arguments.strings("param")).joined(separator: " ")
  }

  /// The rule text under key `rule` when the method is a user rule.
  static func ruleMetadata(_ arguments: ParsedArguments) -> [String: String] {
    guard !arguments.has("method"), let text = try? ruleText(arguments) else { return [:] }
    return ["rule": text]
  }
}
