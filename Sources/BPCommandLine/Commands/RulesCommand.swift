import BackpropAudit

/// `bpaudit rules`: every rule of the catalogue with its formula, parameters, conventions and the
/// sign of its local backward matrix.
enum RulesCommand: Command {
  static let spec = CommandSpec(
    name: "rules", abstract: "List the built-in rules with formulas, parameters and sign verdicts.",
    discussion: """
      Lists every catalogue rule (paper-digest §3), composite and built-in: its command-line name, \
      its formula (Unicode, or LaTeX with --latex), the rule text, parameters with defaults, the \
      conventions it follows and the sign of its local backward matrix C_ij = ∂R[i]/∂R[j] under its \
      assumptions: 'C ≥ 0 (proved)' (Theorem 1 applies), 'mixed (witness found)', or 'unknown'. \
      For rules not linear in R the verdict is about the linearisation at a given signal.
      """,
    options: [
      .flag("latex", "Print formulas in LaTeX instead of Unicode."),
      .flag("json", "Print a JSON array (sorted keys) instead of text."),
    ])

  /// Samples of the witness search per rule (each a random 1–4 × 1–4 layer).
  static let witnessSamples = 300

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let latex = arguments.has("latex")
    let items = listing(latex: latex)
    if arguments.has("json") {
      io.printJSON(items.map(\.json))
      return 0
    }
    for item in items {
      io.print("\(item.command)  [\(item.kind)\(item.id == item.command ? "" : ", id \(item.id)")]  \(item.name)")
      for line in item.formulas { io.print("  \(line)") }
      if let text = item.text { io.print("  rule: \(text)") }
      let parameters = item.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \(format($0.value))" }
      io.print("  parameters: \(parameters.isEmpty ? "none" : parameters.joined(separator: ", "))")
      if let assumptions = item.assumptions { io.print("  assumptions: \(assumptions)") }
      io.print("  sign: \(item.sign)")
      io.print("  conventions: \(item.conventions)")
      io.print("")
    }
    io.print("\(items.count) methods; prove their properties with 'bpaudit prove'.")
    return 0
  }

  /// One listed method.
  struct Item {
    var command: String
    var id: String
    var kind: String
    var name: String
    var formulas: [String]
    var text: String?
    var parameters: [String: Double]
    var assumptions: String?
    var sign: String
    var signKey: String
    var conventions: String

    var json: [String: Any] {
      var object: [String: Any] = [
        "command": command, "id": id, "kind": kind, "name": name, "formulas": formulas,
        "parameters": parameters, "sign": signKey, "conventions": conventions,
      ]
      if let text { object["text"] = text }
      if let assumptions { object["assumptions"] = assumptions }
      return object
    }
  }

  static func listing(latex: Bool) -> [Item] {
    var verdicts: [String: (String, String)] = [:]
    func verdict(_ entry: CatalogueEntry) -> (String, String) {
      if let known = verdicts[entry.id] { return known }
      let linear = entry.rule.isLinearInRelevance
      let result: (String, String)
      switch SignAnalysis(assumptions: entry.assumptionsWithDefaults).verdict(forEntry: entry.rule.localEntry, samples: witnessSamples) {
      case .provedNonNegative: result = ("C ≥ 0 (proved)", "nonnegative")
      case .provedNonPositive: result = ("C ≤ 0 (proved)", "nonpositive")
      case .unknown(let w?): result = ("mixed (witness: entry \(format(w.value)) at i=\(w.i), j=\(w.j))", "mixed")
      case .unknown(nil): result = ("unknown (not proved, no witness found)", "unknown")
      }
      let final = linear ? result : ("linearisation " + result.0 + "; not linear in R", result.1)
      verdicts[entry.id] = final
      return final
    }
    func formula(_ rule: Rule) -> String { latex ? rule.latex : rule.unicode }
    var items = RuleCatalogue.all.map { entry in
      let (sign, key) = verdict(entry)
      return Item(
        command: entry.commandName, id: entry.id, kind: "rule", name: entry.name, formulas: [formula(entry.rule)],
        text: entry.text, parameters: entry.defaults, assumptions: describe(entry.assumptionsWithDefaults, parameters: entry.rule.body.parameters), sign: sign, signKey: key,
        conventions: entry.conventions)
    }
    for composite in RuleCatalogue.composites {
      let parts = composite.parts
      let signs = parts.map { verdict($0.entry).1 }
      let allNonNegative = signs.allSatisfy { $0 == "nonnegative" }
      items.append(Item(
        command: composite.id, id: composite.id, kind: "composite", name: composite.name,
        formulas: parts.map { "\($0.role) (\($0.entry.commandName)): \(formula($0.entry.rule))" }, text: nil,
        parameters: composite.allDefaults, assumptions: nil,
        sign: allNonNegative ? "C ≥ 0 on every layer (proved per part)" : "mixed on some layer (\(mixedParts(parts, signs)))",
        signKey: allNonNegative ? "nonnegative" : "mixed", conventions: composite.conventions))
    }
    for builtIn in RuleCatalogue.builtIns {
      items.append(Item(
        command: builtIn.id, id: builtIn.id, kind: "built-in", name: builtIn.name,
        formulas: [latex ? builtIn.latex : builtIn.formula], text: nil, parameters: builtIn.defaults, assumptions: nil,
        sign: "not a fixed matrix (threshold needs the whole layer; not linear in r)", signKey: "nonlinear",
        conventions: builtIn.conventions))
    }
    return items
  }

  /// The parts whose sign is not proved non-negative, each named once.
  static func mixedParts(_ parts: [(role: String, entry: CatalogueEntry)], _ signs: [String]) -> String {
    var names: [String] = []
    for (part, sign) in zip(parts, signs) where sign != "nonnegative" && !names.contains(part.entry.commandName) {
      names.append(part.entry.commandName)
    }
    return names.joined(separator: ", ")
  }

  /// The facts the sign verdict is proved under, in words.
  static func describe(_ a: Assumptions, parameters used: Set<String>) -> String {
    var facts: [String] = []
    if a.nonNegativeActivations { facts.append("a ≥ 0 (input after a ReLU)") }
    if a.boundedInputs { facts.append("l ≤ a ≤ h (bounded input)") }
    if !a.nonNegativeActivations && !a.boundedInputs { facts.append("a of either sign") }
    if a.biasFree { facts.append("no bias") }
    let ranges = a.parameters.filter { used.contains($0.key) }.sorted { $0.key < $1.key }.compactMap { name, range -> String? in
      switch range {
      case .positive: "\(name) > 0"
      case .nonNegative: "\(name) ≥ 0"
      case .any: nil
      case .fixed(let v): "\(name) = \(format(v))"
      }
    }
    return (facts + ranges).joined(separator: ", ")
  }

  static func format(_ x: Double) -> String {
    x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : "\(x)"
  }
}
