/// Generates help and usage text from command specs.
///
/// Everything `bpaudit help` and `bpaudit <command> --help` print comes from here and from each
/// command's `CommandSpec`, so the help cannot drift from what the parser accepts. The output is
/// pinned by golden files (Tests/BPCommandLineTests/Golden, regenerated with
/// `BPAUDIT_UPDATE_GOLDEN=1 swift test --filter HelpGolden`).
enum HelpText {
  /// Lines are wrapped at this many columns.
  static let width = 100
  /// The column where option help starts.
  static let helpColumn = 28

  /// The top-level help: usage and the command list.
  static func overview(_ commands: [any Command.Type]) -> String {
    let column = (commands.map { $0.spec.name.count }.max() ?? 0) + 4
    var lines = [
      "bpaudit: does a modified-backpropagation attribution rule explain the decision, or ignore it?",
      "",
      "USAGE: bpaudit <command> [options]",
      "",
      "COMMANDS:",
    ]
    for c in commands {
      lines += hanging("  " + c.spec.name, c.spec.abstract, column: column)
    }
    lines += [
      "", "Run 'bpaudit <command> --help' (or 'bpaudit help <command>') for a command's options.",
      "Exit codes: 0 success, 1 a check failed, 2 bad input or usage.",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The help of one command: usage line, discussion, positionals and the option table.
  static func command(_ spec: CommandSpec) -> String {
    var usage = ["bpaudit", spec.name]
    for p in spec.positionals { usage.append("<\(p.name)>") }
    for o in spec.options where o.isRequired { usage.append("--\(o.name) \(o.valueName ?? "")") }
    if spec.options.contains(where: { !$0.isRequired }) { usage.append("[options]") }
    var lines = [spec.abstract, ""] + pack(usage, width: width - 7).enumerated().map { k, line in (k == 0 ? "USAGE: " : "       ") + line }
    if !spec.discussion.isEmpty {
      lines.append("")
      for paragraph in spec.discussion.split(separator: "\n", omittingEmptySubsequences: false) {
        lines += wrap(String(paragraph), width: width)
      }
    }
    if !spec.positionals.isEmpty {
      lines += ["", "ARGUMENTS:"]
      for p in spec.positionals { lines += hanging("  <\(p.name)>", p.help, column: helpColumn) }
    }
    let own = Set(spec.options.map(\.name))
    lines += ["", "OPTIONS:"]
    lines += optionLines(spec.options, of: spec)
    lines += hanging("  --help", "Show this help.", column: helpColumn)
    lines += ["", "GLOBAL OPTIONS:"]
    lines += optionLines(GlobalOptions.specs.filter { !own.contains($0.name) }, of: nil)
    return lines.joined(separator: "\n") + "\n"
  }

  /// One or more lines per option: `--name VALUE`, then its help, default, flags and the synonym
  /// the parser accepts for it in `spec` (``OptionSynonyms``).
  private static func optionLines(_ options: [OptionSpec], of spec: CommandSpec?) -> [String] {
    var lines: [String] = []
    for o in options {
      var head = "  --\(o.name)"
      if let v = o.valueName { head += " \(v)" }
      var help = o.help
      if let d = o.defaultValue { help += " (default: \(d))" }
      if o.isRequired { help += " (required)" }
      if o.isRepeatable { help += " (repeatable)" }
      if let spec, let other = OptionSynonyms.shown(for: o.name, in: spec) { help += " (also --\(other))" }
      lines += hanging(head, help, column: helpColumn)
    }
    return lines
  }

  /// `head` padded to `column`, then `text` wrapped to ``width`` with continuation lines indented
  /// to `column`; when `head` reaches the column, the text starts on the next line.
  static func hanging(_ head: String, _ text: String, column: Int) -> [String] {
    let body = wrap(text, width: width - column)
    let indent = String(repeating: " ", count: column)
    if head.count >= column { return [head] + body.map { indent + $0 } }
    return body.enumerated().map { k, line in
      (k == 0 ? head.padding(toLength: column, withPad: " ", startingAt: 0) : indent) + line
    }
  }

  /// `tokens` joined by spaces into lines of at most `width` characters, never splitting a token.
  static func pack(_ tokens: [String], width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for token in tokens {
      if line.isEmpty {
        line = token
      } else if line.count + 1 + token.count <= width {
        line += " " + token
      } else {
        lines.append(line)
        line = token
      }
    }
    lines.append(line)
    return lines
  }

  /// `text` split into lines of at most `width` characters at spaces (a longer word gets a line of
  /// its own); leading indentation of `text` is kept on every line. An empty text gives one empty line.
  static func wrap(_ text: String, width: Int) -> [String] {
    let indent = String(text.prefix { $0 == " " })
    return pack(text.split(separator: " ").map(String.init), width: width - indent.count).map { indent + $0 }
  }
}
