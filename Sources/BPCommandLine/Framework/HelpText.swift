/// Generates help and usage text from command specs.
enum HelpText {
  /// The top-level help: usage and the command list.
  static func overview(_ commands: [any Command.Type]) -> String {
    let width = commands.map { $0.spec.name.count }.max() ?? 0
    var lines = [
      "bpaudit: does a modified-backpropagation attribution rule explain the decision, or ignore it?",
      "",
      "USAGE: bpaudit <command> [options]",
      "",
      "COMMANDS:",
    ]
    for c in commands {
      lines.append("  " + c.spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.spec.abstract)
    }
    lines += ["", "Run 'bpaudit <command> --help' for a command's options.", "Exit codes: 0 success, 1 a check failed, 2 bad input or usage."]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The help of one command: usage line, discussion, positionals and the option table.
  static func command(_ spec: CommandSpec) -> String {
    var usage = "USAGE: bpaudit \(spec.name)"
    for p in spec.positionals { usage += " <\(p.name)>" }
    for o in spec.options where o.isRequired { usage += " --\(o.name) \(o.valueName ?? "")" }
    if spec.options.contains(where: { !$0.isRequired }) { usage += " [options]" }
    var lines = [spec.abstract, "", usage]
    if !spec.discussion.isEmpty { lines += ["", spec.discussion] }
    if !spec.positionals.isEmpty {
      lines += ["", "ARGUMENTS:"]
      for p in spec.positionals { lines.append("  <\(p.name)>".padding(toLength: 28, withPad: " ", startingAt: 0) + p.help) }
    }
    let own = Set(spec.options.map(\.name))
    lines += ["", "OPTIONS:"]
    lines += optionLines(spec.options)
    lines.append("  --help".padding(toLength: 28, withPad: " ", startingAt: 0) + "Show this help.")
    lines += ["", "GLOBAL OPTIONS:"]
    lines += optionLines(GlobalOptions.specs.filter { !own.contains($0.name) })
    return lines.joined(separator: "\n") + "\n"
  }

  /// One or two lines per option: `--name VALUE`, then its help, default and flags.
  private static func optionLines(_ options: [OptionSpec]) -> [String] {
    var lines: [String] = []
    for o in options {
      var head = "  --\(o.name)"
      if let v = o.valueName { head += " \(v)" }
      var help = o.help
      if let d = o.defaultValue { help += " (default: \(d))" }
      if o.isRequired { help += " (required)" }
      if o.isRepeatable { help += " (repeatable)" }
      if head.count >= 28 {
        lines.append(head)
        lines.append(String(repeating: " ", count: 28) + help)
      } else {
        lines.append(head.padding(toLength: 28, withPad: " ", startingAt: 0) + help)
      }
    }
    return lines
  }
}
