import BackpropAudit
import Foundation

extension AttributeCommand {
  /// The propagator and its name: `--method NAME` through the registry, or a user-written rule
  /// (`--rule TEXT` / `--rule-file FILE` with `--param NAME=VALUE`) through the generic evaluator.
  /// - Throws: `UsageError` unless exactly one of `--method`, `--rule`, `--rule-file` is given, for
  ///   an unreadable rule file, a malformed `--param`, or `--param`/`--name` without a rule;
  ///   `RuleSyntaxError` (one line with the position) for a rule that does not parse or names an
  ///   unknown symbol; `RuleAuditError` for a parameter without a value or a value the rule does
  ///   not use; `AttributionError` from the registry.
  static func propagator(
    _ arguments: ParsedArguments, batch: InputBatch, network: Network
  ) throws -> (name: String, propagator: any RelevancePropagator) {
    let given = ["method", "rule", "rule-file"].filter { arguments.has($0) }
    guard given.count == 1 else {
      throw UsageError(command: "attribute", message: "give exactly one of --method NAME, --rule TEXT and --rule-file FILE")
    }
    if let name = arguments.string("method") {
      if let stray = ["param", "name"].first(where: { arguments.has($0) }) {
        throw UsageError(command: "attribute", message: "--\(stray) belongs to --rule/--rule-file, not --method")
      }
      return (name, try MethodRegistry.make(name, parameters: try parameters(arguments, method: name, batch: batch, network: network)))
    }
    if let stray = ruleRefusedOptions.first(where: { arguments.has($0) }) {
      throw UsageError(
        command: "attribute", message: "--\(stray) is a built-in method's parameter; a --rule takes its values with --param NAME=VALUE")
    }
    let text = try ruleText(arguments)
    let name = arguments.string("name") ?? "rule"
    guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }) else {
      throw UsageError(command: "attribute", message: "--name '\(name)': expected letters, digits, '-', '_' or '.' (it names the PNG files)")
    }
    let audit = try RuleAudit(text: text, name: name, parameters: try ruleParameters(arguments))
    return (name, GenericRulePropagator(method: audit.method))
  }

  /// Built-in method options a user rule does not read (its parameters come from `--param`).
  static let ruleRefusedOptions = [
    "epsilon", "gamma", "alpha", "beta", "low", "high", "percentile", "steps", "samples", "noise", "baseline", "patterns",
  ]

  /// The text of `--rule`, or the trimmed contents of `--rule-file`.
  static func ruleText(_ arguments: ParsedArguments) throws -> String {
    if let text = arguments.string("rule") { return text }
    let file = try arguments.required("rule-file")
    guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
      throw UsageError(command: "attribute", message: "--rule-file \(file): cannot read the file (expected a UTF-8 text file)")
    }
    return contents.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `--param NAME=VALUE` pairs (repeatable) as a dictionary.
  /// - Throws: `UsageError` for a pair that is not `NAME=NUMBER` with a finite number, or a name
  ///   given twice.
  static func ruleParameters(_ arguments: ParsedArguments) throws -> [String: Double] {
    var parameters: [String: Double] = [:]
    for pair in arguments.strings("param") {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
        throw UsageError(command: "attribute", message: "--param '\(pair)': expected NAME=NUMBER, e.g. eps=1e-6")
      }
      guard parameters.updateValue(value, forKey: parts[0]) == nil else {
        throw UsageError(command: "attribute", message: "--param '\(pair)': parameter '\(parts[0])' given twice")
      }
    }
    return parameters
  }
}
