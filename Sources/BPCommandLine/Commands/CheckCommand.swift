import BackpropAudit
import Foundation

/// `bpaudit check`: audits a proposed rule (algebra, theory on random networks, experiments on
/// trained CNNs) and gives a verdict on later-layer independence.
enum CheckCommand: Command {
  static let spec = CommandSpec(
    name: "check", abstract: "Audit a proposed rule: algebra, theory, experiment, verdict on later-layer independence.",
    discussion: """
      Parses the rule (hidden-layer assumptions a ≥ 0, every --param fixed), prints it back, derives \
      the local entry C_ij, proves its sign or finds a witness, checks conservation Σᵢ C_ij = 1 and \
      equality with catalogue rules (IdentityCheck, stabilisers dropped). Theory: on random ReLU MLPs \
      (width 64, depths 2, 5, 10, 15, 20; random vectors injected at the last hidden layer, since a \
      gradient-type text would mask negative logits) σ₂/σ₁ and the CSC median at the input, the \
      Birkhoff bound where every factor is non-negative, the CSC-by-depth curve of the deepest MLP \
      and the depth at which it collapses (CSC ≥ 0.99); on the random CIFAR-architecture CNN the CSC \
      down to the input (matrix-free). Experiment: on trained-cifar-cnn when it is cached \
      ($BPAUDIT_CACHE), else trained-cnn (and on --model/--weights/--input when given): CSC at the \
      lowest conv output, SSIM_flip after randomizing the top layer, random-logit SSIM_flip. Verdict \
      with its reasons, the closest catalogue rules by CSC profile, and the paper's verdict \
      (paper-digest §8.2) when the rule equals a catalogue rule. \
      Exit code: 0 not independent, 1 later-layer independent, 3 inconclusive, 2 bad input.
      """,
    options: [
      .value("rule", "TEXT", "The rule, R[i] = … (or --rule-file)."),
      .value("rule-file", "FILE", "A file holding the rule text."),
      .value("name", "NAME", "The rule's name in the output.", default: "rule"),
      .value("param", "NAME=VALUE", "A parameter value (repeatable).", repeatable: true),
      .value("images", "N", "Images of each experiment.", default: "16"),
      .value("experiment", "WHERE", "zoo (a trained built-in CNN) or none (theory, and --model if given).", default: "zoo"),
      .value("model", "FILE", "Architecture JSON of your own model (adds an experiment)."),
      .value("weights", "FILE", "Safetensors weights of your own model."),
      .value("input", "FILE", "Safetensors inputs for your own model (key x, optional I64 key target)."),
      .value("input-key", "KEY", "Tensor key of the inputs.", default: "x"),
      .value("report", "DIR", "Also write the audit as index.html + report.md with figures into DIR."),
      .value("seed", "S", "Seed of every random draw.", default: "0"),
      .flag("quick", "Theory on one MLP (depth 8, width 32, 4 inputs) and no CNN: seconds, for scripts and tests."),
      .flag("json", "Print every number as JSON (sorted keys)."),
      ResumeOption.spec,
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let audit = try makeAudit(arguments)
    let json = arguments.has("json")
    let say = { (line: String) in if !json { io.print(line) } }
    let started = Date()
    let elapsed = { String(format: "%.1f s", Date().timeIntervalSince(started)) }

    let algebra = audit.algebra()
    say("check \(audit.name)" + (audit.parameters.isEmpty ? "" : " (" + parameterText(audit.parameters) + ")"))
    say("algebra (\(elapsed()))")
    let store = try ResumeOption.store(arguments)
    for line in algebraLines(algebra, entry: audit.rule.localEntry) { say("  " + line) }

    say("theory: random ReLU MLPs, width \(audit.settings.width), injected at the last hidden layer")
    say("  depth  σ₂/σ₁ at input  CSC at input  Birkhoff 1−cos bound")
    var points: [TheoryPoint] = []
    for depth in audit.settings.depths {
      let p = try store.value("theory-depth-\(depth)") { try audit.theoryPoint(depth: depth) }
      points.append(p)
      say(theoryLine(p) + "  (\(elapsed()))")
    }
    let deepest = points[points.count - 1]
    let collapse = RuleAudit.collapseDepth(deepest.cscCurve)
    say("  CSC by depth (depth-\(deepest.depth) MLP, layers below the injection): " + curveText(deepest.cscCurve))
    say("  collapse: " + (collapse.map { "after \($0) layers (CSC ≥ \(RuleAudit.Thresholds.collapse))" } ?? "none within \(deepest.depth) layers"))
    let cnn = try store.value("theory-cnn") { try audit.cnnTheory() }
    if let c = cnn {
      say("theory: random CIFAR CNN, \(c.images) images, injected at \(c.injectedAt), matrix-free, " + kernelText(audit) + " (\(elapsed()))")
      say("  " + zip(c.points, c.cscMedian).map { "\($0) \(number($1))" }.joined(separator: ", "))
      say("  collapse: " + (c.collapsePoint.map { "from \($0) down" } ?? "none") + "; CSC at \(c.lowestConv) \(number(c.lowestConvCSC)) (chance \(number(c.chance[c.points.firstIndex(of: c.lowestConv) ?? 0])))")
    }
    let theory = TheoryFindings(width: audit.settings.width, points: points, cnn: cnn)

    var experiments: [ExperimentFindings] = []
    for (index, source) in audit.settings.experiments.enumerated() {
      let e = try store.value("experiment-\(index)") { try audit.experiment(on: source) }
      experiments.append(e)
      say("experiment: \(e.network), \(e.images) images, " + kernelText(audit) + " (\(elapsed()))")
      say("  CSC at \(e.lowestConv) (injected at \(e.injectedAt))  \(number(e.cscMedian))")
      say("  SSIM_flip, \(e.topLayer) randomized  \(number(e.topRandomizationSSIM))")
      say("  SSIM_flip, random logit  \(number(e.randomLogitSSIM))")
    }
    if experiments.isEmpty { say("experiment: skipped") }

    let catalogue = try store.value("catalogue-profiles") { RuleAudit.catalogueProfiles(settings: audit.settings) }
    ResumeOption.finish(store, io: io)
    let closest = RuleAudit.closestCatalogueRules(to: deepest.cscCurve, in: catalogue)
    let report = audit.report(algebra: algebra, theory: theory, experiments: experiments, closest: closest)
    let paper = paperComparison(report)
    let seconds = Date().timeIntervalSince(started)
    if json {
      io.printJSON(jsonObject(report, entry: audit.rule.localEntry, paper: paper, seconds: seconds))
    } else {
      say("verdict: \(report.verdict.rawValue) (\(elapsed()))")
      for reason in report.reasons { say("  - \(reason)") }
      say("  evidence: " + report.evidence.joined(separator: ", "))
      for line in paper { say("  paper: \(line)") }
    }
    if let directory = arguments.string("report") {
      let document = reportDocument(
        report, entry: audit.rule.localEntry, catalogue: catalogue, paper: paper, seconds: seconds, settings: audit.settings)
      try document.write(to: URL(fileURLWithPath: directory, isDirectory: true))
      say("report written to \(directory)/index.html and \(directory)/report.md")
    }
    return exitCode(report.verdict)
  }

  /// 0 not independent, 1 independent, 3 inconclusive.
  static func exitCode(_ verdict: AuditVerdict) -> Int32 {
    switch verdict {
    case .notIndependent: 0
    case .independent: 1
    case .inconclusive: 3
    }
  }

  /// The audit the arguments describe (rule text, parameters, settings, experiments).
  static func makeAudit(_ arguments: ParsedArguments) throws -> RuleAudit {
    let text = try ruleText(arguments)
    let parameters = try Self.parameters(arguments.strings("param"))
    var settings = arguments.has("quick") ? RuleAudit.Settings.quick : RuleAudit.Settings()
    settings.images = try arguments.int("images", default: 16, in: 2...10_000)
    settings.experiments = try arguments.choice("experiment", ["zoo", "none"], default: "zoo") == "zoo" ? [.zoo] : []
    settings.seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    // The rule is parsed before a model is loaded, so a bad rule is reported without touching files.
    var audit = try RuleAudit(text: text, name: arguments.string("name") ?? "rule", parameters: parameters, settings: settings)
    if arguments.has("model") || arguments.has("weights") || arguments.has("input") {
      let choice = try NetworkChoice.load(arguments, command: "check", onEpoch: { _ in })
      let linear = choice.network.layers.filter {
        switch $0 {
        case .dense, .conv2d: true
        default: false
        }
      }
      guard linear.count >= 2 else {
        throw UsageError(command: "check", message: "--model \(choice.name): expected at least two dense/conv layers (random relevance is injected below the logits)")
      }
      audit.settings.experiments.append(
        .prebuilt(name: choice.name, network: choice.network, inputs: choice.inputs, labels: choice.labels))
    }
    return audit
  }
}
