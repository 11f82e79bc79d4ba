/// One command-line option in a command's declarative option table.
///
/// Help text, usage lines and parsing are all generated from these tables, so the help cannot
/// drift from what the parser accepts.
public struct OptionSpec: Sendable {
  /// The long name without dashes (`model` for `--model`).
  public var name: String
  /// The placeholder shown in help (`FILE`, `N`); `nil` for a flag that takes no value.
  public var valueName: String?
  /// One sentence of help.
  public var help: String
  /// The default shown in help and used when the option is absent; `nil` when there is none.
  public var defaultValue: String?
  /// Whether the option must be given.
  public var isRequired: Bool
  /// Whether the option may be given several times (values are collected in order).
  public var isRepeatable: Bool

  /// An option that takes a value.
  public static func value(
    _ name: String, _ valueName: String, _ help: String, default defaultValue: String? = nil,
    required: Bool = false, repeatable: Bool = false
  ) -> OptionSpec {
    OptionSpec(
      name: name, valueName: valueName, help: help, defaultValue: defaultValue, isRequired: required,
      isRepeatable: repeatable)
  }

  /// A flag that takes no value.
  public static func flag(_ name: String, _ help: String) -> OptionSpec {
    OptionSpec(
      name: name, valueName: nil, help: help, defaultValue: nil, isRequired: false, isRepeatable: false)
  }

  /// Whether this option is a flag (takes no value).
  public var isFlag: Bool { valueName == nil }
}

/// The description of one `bpaudit` command: its name, help and option table.
public struct CommandSpec: Sendable {
  /// The command word (`forward`, `train`, …).
  public var name: String
  /// One line for the command list.
  public var abstract: String
  /// A paragraph for `bpaudit <command> --help`.
  public var discussion: String
  /// Positional arguments in order, as `(placeholder, help)`; empty for most commands.
  public var positionals: [(name: String, help: String)]
  /// The options the command accepts.
  public var options: [OptionSpec]

  /// Creates a command description.
  public init(
    name: String, abstract: String, discussion: String = "",
    positionals: [(name: String, help: String)] = [], options: [OptionSpec]
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.positionals = positionals
    self.options = options
  }
}
