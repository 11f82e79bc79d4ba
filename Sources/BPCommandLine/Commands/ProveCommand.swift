import BackpropAudit

/// `bpaudit prove`: check the named proof obligations (sign, conservation, equivalence).
enum ProveCommand: Command {
  static let spec = CommandSpec(
    name: "prove", abstract: "Check the proof obligations about the built-in rules.",
    discussion: """
      Runs every obligation (or the IDs given) and prints, per obligation, whether its expected \
      result was met and how: proved (sign analysis or simplifier), a negative entry with a concrete \
      witness, refuted with a witness, or holds numerically (checked on random layers, not proved). \
      Exit 0 when every expected result is met, 1 when one is not, 2 for an unknown ID. \
      --list prints the IDs with their statements.
      """,
    positionals: [("ID…", "Obligations to check (default: all).")],
    options: [
      .flag("list", "List the obligation IDs and statements without checking."),
      .flag("json", "Print JSON (sorted keys) instead of text."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let all = ProofObligations.all
    if arguments.has("list") {
      if arguments.has("json") {
        io.printJSON(all.map { ["id": $0.id, "statement": $0.statement] })
      } else {
        for o in all { io.print("\(o.id)  \(o.statement)") }
      }
      return 0
    }
    var selected: [ProofObligation] = []
    for id in arguments.positionals {
      guard let o = ProofObligations.obligation(id) else {
        throw UsageError(command: "prove", message: "unknown obligation '\(id)' (bpaudit prove --list shows the valid IDs)")
      }
      selected.append(o)
    }
    if selected.isEmpty { selected = all }
    return report(selected, json: arguments.has("json"), io: io)
  }

  /// Checks `obligations` and prints the results; 0 when every expected result is met, else 1.
  static func report(_ obligations: [ProofObligation], json: Bool, io: CommandIO) -> Int32 {
    let results = obligations.map { ($0, $0.check()) }
    let met = results.filter { $0.1.met }.count
    if json {
      io.printJSON([
        "met": met, "total": results.count,
        "obligations": results.map { o, r in
          ["id": o.id, "statement": o.statement, "met": r.met, "outcome": outcome(r).key, "detail": outcome(r).detail]
        },
      ])
    } else {
      let width = results.map(\.0.id.count).max() ?? 0
      for (o, r) in results {
        io.print("\(r.met ? "ok     " : "NOT MET") \(o.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(outcome(r).key): \(summary(r))")
      }
      io.print("\(met) of \(results.count) obligations met")
    }
    return met == results.count ? 0 : 1
  }

  /// The one-line text form: witnesses shortened to the entry, its position and the layer size
  /// (`--json` has every value).
  static func summary(_ r: ProofResult) -> String {
    switch r.outcome {
    case .sign(.unknown(let w?)):
      "negative entry \(w.value) at i=\(w.i), j=\(w.j) (\(w.layer.inputs)×\(w.layer.outputs) layer)"
    case .identity(.refuted(let w)):
      "lhs − rhs = \(w.value) at i=\(w.i), j=\(w.j) (\(w.layer.inputs)×\(w.layer.outputs) layer)"
    default: outcome(r).detail
    }
  }

  /// A short outcome key (`proved`, `witness`, `refuted`, `holds-numerically`, `unknown`) and the detail.
  static func outcome(_ r: ProofResult) -> (key: String, detail: String) {
    switch r.outcome {
    case .sign(.provedNonNegative): ("proved", "C_ij ≥ 0")
    case .sign(.provedNonPositive): ("proved", "C_ij ≤ 0")
    case .sign(.unknown(let w?)): ("witness", "negative entry \(w)")
    case .sign(.unknown(nil)): ("unknown", "not proved, no witness found")
    case .identity(.proved): ("proved", "normal forms agree")
    case .identity(.refuted(let w)): ("refuted", "witness \(w)")
    case .identity(.holdsNumerically(let n, let e)):
      ("holds-numerically", "\(n) random evaluations, max scaled error \(e); not proved")
    }
  }
}
