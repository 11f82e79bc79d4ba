import BackpropAudit
import Foundation

/// `bpaudit check`: audits a proposed rule (algebra, theory on random MLPs, experiment on the
/// trained small CNN) and gives a verdict on later-layer independence.
enum CheckCommand: Command {
  static let spec = CommandSpec(
    name: "check", abstract: "Audit a proposed rule: algebra, theory, experiment, verdict on later-layer independence.",
    discussion: """
      Parses the rule (hidden-layer assumptions a ≥ 0, every --param fixed), prints it back, derives \
      the local entry C_ij, proves its sign or finds a witness, checks conservation Σᵢ C_ij = 1 and \
      equality with catalogue rules (IdentityCheck, stabilisers dropped). Then σ₂/σ₁ and the CSC median \
      at the input of random ReLU MLPs (width 64, depths 2, 5, 10, injected at the last hidden layer: a gradient-type text would mask negative logits); then, on \
      the zoo's trained small CNN (trained once and cached), the CSC median at the lowest conv output, \
      the SSIM_flip median after randomizing the top layer and the random-logit SSIM_flip median. \
      Exit code: 0 not independent, 1 later-layer independent, 3 inconclusive, 2 bad input.
      """,
    options: [
      .value("rule", "TEXT", "The rule, R[i] = … (or --rule-file)."),
      .value("rule-file", "FILE", "A file holding the rule text."),
      .value("name", "NAME", "The rule's name in the output.", default: "rule"),
      .value("param", "NAME=VALUE", "A parameter value (repeatable).", repeatable: true),
      .value("images", "N", "Images of the experiment.", default: "32"),
      .value("experiment", "WHERE", "zoo (the trained small CNN) or none (theory only).", default: "zoo"),
      .value("seed", "S", "Seed of every random draw.", default: "0"),
      .flag("json", "Print every number as JSON (sorted keys)."),
      ResumeOption.spec,
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let text = try Self.ruleText(arguments)
    let parameters = try Self.parameters(arguments.strings("param"))
    let experiment = try arguments.choice("experiment", ["zoo", "none"], default: "zoo")
    let settings = RuleAudit.Settings(
      images: try arguments.int("images", default: 32, in: 2...10_000),
      experiment: experiment == "zoo" ? .zoo : .skipped,
      seed: UInt64(try arguments.int("seed", default: 0, in: 0...Int.max)))
    let audit = try RuleAudit(text: text, name: arguments.string("name") ?? "rule", parameters: parameters, settings: settings)
    let json = arguments.has("json")
    let say = { (line: String) in if !json { io.print(line) } }
    let started = Date()
    let elapsed = { String(format: "%.1f s", Date().timeIntervalSince(started)) }

    let algebra = audit.algebra()
    say("check \(audit.name)" + (parameters.isEmpty ? "" : " (" + parameterText(parameters) + ")"))
    say("algebra (\(elapsed()))")
    say("  rule      \(algebra.plain)")
    say("  unicode   \(algebra.unicode)")
    say("  latex     \(algebra.latex)")
    say("  C_ij      \(algebra.localEntry)")
    say("  sign      \(signText(algebra.sign))")
    say("  Σᵢ C_ij=1 \(identityText(algebra.conservation))")
    say("  equals    " + (algebra.equalCatalogueRules.isEmpty ? "no catalogue rule" : algebra.equalCatalogueRules.joined(separator: ", ")))

    let store = try ResumeOption.store(arguments)
    let theory = try store.value("theory") { try audit.theory() }
    say("theory: random ReLU MLPs, width \(theory.width), injected below the logits (\(elapsed()))")
    say("  depth  σ₂/σ₁ at input  CSC median at input")
    for p in theory.points {
      say(String(format: "  %5d  %14.3e  %19.4f", p.depth, p.sigmaRatio, p.cscMedian))
    }
    say("  collapse depth (CSC ≥ \(RuleAudit.Thresholds.collapse)): " + (theory.collapseDepth.map(String.init) ?? "none up to \(theory.points.last!.depth)"))

    let found = try store.value("experiment") { try audit.experiment() }
    if let e = found {
      say("experiment: \(e.network), \(e.images) images (\(elapsed()))")
      say(String(format: "  CSC median at %@ (injected at %@)      %.4f", e.lowestConv, e.injectedAt, e.cscMedian))
      say(String(format: "  SSIM_flip median, %@ randomized        %.4f", e.topLayer, e.topRandomizationSSIM))
      say(String(format: "  SSIM_flip median, random logit            %.4f", e.randomLogitSSIM))
    } else {
      say("experiment: skipped")
    }
    ResumeOption.finish(store, io: io)
    let report = audit.report(algebra: algebra, theory: theory, experiment: found)
    if json {
      io.printJSON(jsonObject(report, seconds: Date().timeIntervalSince(started)))
    } else {
      say("verdict: \(report.verdict.rawValue) (\(elapsed()))")
      for reason in report.reasons { say("  - \(reason)") }
      say("  evidence: " + report.evidence.joined(separator: ", "))
    }
    switch report.verdict {
    case .notIndependent: return 0
    case .independent: return 1
    case .inconclusive: return 3
    }
  }
}
