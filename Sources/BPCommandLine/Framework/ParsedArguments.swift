/// The arguments of one command after parsing against its `CommandSpec`.
///
/// Accessors convert and validate values and throw `UsageError` naming the option and what was
/// expected, so every command reports bad values the same way.
public struct ParsedArguments: Sendable {
  /// The command word these arguments belong to (for messages).
  public let command: String
  /// Values given per option name, in order of appearance (flags map to `[""]`).
  public private(set) var values: [String: [String]]
  /// Positional arguments in order.
  public private(set) var positionals: [String]

  /// Parses `arguments` against `spec` and the `GlobalOptions.specs` every command accepts (a
  /// command's own option of the same name wins): `--name value`, `--name=value`, flags, `--` ends
  /// options. `--out` and `--output` are accepted for each other (``OptionSynonyms``).
  /// - Throws: `UsageError` for unknown options, missing values, repeated single options,
  ///   missing required options and surplus positionals.
  public init(_ arguments: [String], spec: CommandSpec) throws {
    command = spec.name
    values = [:]
    positionals = []
    let table = Dictionary((GlobalOptions.specs + spec.options).map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let token = arguments[index]
      index += 1
      guard !optionsEnded, token.hasPrefix("--") else {
        if token == "--" && !optionsEnded { optionsEnded = true } else { positionals.append(token) }
        continue
      }
      var name = String(token.dropFirst(2))
      var inlineValue: String?
      if let eq = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: eq)...])
        name = String(name[..<eq])
      }
      if let declared = OptionSynonyms.resolve(name, in: spec) { name = declared }
      guard let option = table[name] else {
        throw UsageError(command: spec.name, message: "unknown option --\(name)\(Self.suggestion(for: name, in: spec))")
      }
      let value: String
      if option.isFlag {
        guard inlineValue == nil else {
          throw UsageError(command: spec.name, message: "--\(name) is a flag and takes no value")
        }
        value = ""
      } else if let inlineValue {
        value = inlineValue
      } else {
        guard index < arguments.count else {
          throw UsageError(command: spec.name, message: "--\(name) expects a value (\(option.valueName ?? "VALUE"))")
        }
        value = arguments[index]
        index += 1
      }
      if values[name] != nil && !option.isRepeatable {
        throw UsageError(command: spec.name, message: "--\(name) given more than once")
      }
      values[name, default: []].append(value)
    }
    for option in spec.options where option.isRequired && values[option.name] == nil {
      throw UsageError(command: spec.name, message: "missing required option --\(option.name) \(option.valueName ?? "")")
    }
    // A last positional whose name ends in "…" takes any number of values.
    let variadic = spec.positionals.last?.name.hasSuffix("…") ?? false
    if positionals.count > spec.positionals.count && !variadic {
      throw UsageError(command: spec.name, message: "unexpected argument '\(positionals[spec.positionals.count])'")
    }
  }

  /// Whether the flag or option `name` was given.
  public func has(_ name: String) -> Bool { values[name] != nil }

  /// The last value of option `name`, or `nil`.
  public func string(_ name: String) -> String? { values[name]?.last }

  /// All values of a repeatable option, in order.
  public func strings(_ name: String) -> [String] { values[name] ?? [] }

  /// The value of a required option.
  /// - Throws: `UsageError` when it is absent.
  public func required(_ name: String) throws -> String {
    guard let v = string(name) else { throw UsageError(command: command, message: "missing required option --\(name)") }
    return v
  }

  /// An integer option within `range`, or `defaultValue` when absent.
  /// - Throws: `UsageError` naming the option when the value is not an integer in range.
  public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
    guard let text = string(name) else { return defaultValue }
    guard let v = Int(text), range.contains(v) else {
      throw UsageError(command: command, message: "--\(name): expected an integer in \(Self.describe(range)), got '\(text)'")
    }
    return v
  }

  /// A finite floating-point option within `range`, or `defaultValue` when absent.
  /// - Throws: `UsageError` naming the option when the value is not a number in range.
  public func double(_ name: String, default defaultValue: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
    guard let text = string(name) else { return defaultValue }
    guard let v = Double(text), v.isFinite, range.contains(v) else {
      throw UsageError(command: command, message: "--\(name): expected a number in [\(range.lowerBound), \(range.upperBound)], got '\(text)'")
    }
    return v
  }

  /// A value that must be one of `choices`, or `defaultValue` when absent.
  /// - Throws: `UsageError` listing the choices.
  public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws -> String {
    guard let text = string(name) else { return defaultValue }
    guard choices.contains(text) else {
      throw UsageError(command: command, message: "--\(name): expected one of \(choices.joined(separator: ", ")), got '\(text)'")
    }
    return text
  }

  private static func describe(_ range: ClosedRange<Int>) -> String {
    switch (range.lowerBound, range.upperBound) {
    case (Int.min, Int.max): "any range"
    case (let lo, Int.max): "[\(lo), ∞)"
    case (let lo, let hi): "[\(lo), \(hi)]"
    }
  }

  private static func suggestion(for name: String, in spec: CommandSpec) -> String {
    let close = spec.options.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
    return close.isEmpty ? " (see bpaudit \(spec.name) --help)" : " (did you mean --\(close[0])?)"
  }
}
