import Foundation

extension CheckCommand {
  /// The rule text: `--rule TEXT`, or the contents of `--rule-file FILE` (UTF-8, surrounding
  /// whitespace trimmed); exactly one of them.
  /// - Throws: `UsageError` for neither, both, or an unreadable file.
  static func ruleText(_ arguments: ParsedArguments) throws -> String {
    switch (arguments.string("rule"), arguments.string("rule-file")) {
    case (let rule?, nil): return rule
    case (nil, let file?):
      guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw UsageError(command: "check", message: "--rule-file \(file): cannot read the file (expected a UTF-8 text file)")
      }
      return contents.trimmingCharacters(in: .whitespacesAndNewlines)
    default: throw UsageError(command: "check", message: "give exactly one of --rule TEXT and --rule-file FILE")
    }
  }

  /// The `--param NAME=VALUE` pairs as a dictionary (a later pair overrides an earlier one).
  /// - Throws: `UsageError` for a pair without `=`, an empty name, or a value that is not a
  ///   finite number.
  static func parameters(_ pairs: [String]) throws -> [String: Double] {
    var parameters: [String: Double] = [:]
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
        throw UsageError(command: "check", message: "--param '\(pair)': expected NAME=NUMBER, e.g. alpha=2")
      }
      parameters[parts[0]] = value
    }
    return parameters
  }
}
