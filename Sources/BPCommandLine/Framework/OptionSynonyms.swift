/// Interchangeable spellings of one option across commands: `--out` and `--output` both name where
/// a command writes (report and train say `--out`, forward and attribute `--output`). A command
/// declares one of them; the parser accepts the other as the same option and the help lists it.
enum OptionSynonyms {
  /// Each spelling and the other one.
  static let pairs: [String: String] = ["out": "output", "output": "out"]

  /// The name `spec` declares for the user's `name`: `name` itself when declared, else its
  /// synonym when that is declared, else `nil`.
  static func resolve(_ name: String, in spec: CommandSpec) -> String? {
    if spec.options.contains(where: { $0.name == name }) { return name }
    guard let other = pairs[name], spec.options.contains(where: { $0.name == other }) else { return nil }
    return other
  }

  /// The synonym shown in the help of option `name` of `spec`, when the other spelling is not an
  /// option of its own.
  static func shown(for name: String, in spec: CommandSpec) -> String? {
    guard let other = pairs[name], !spec.options.contains(where: { $0.name == other }) else { return nil }
    return other
  }
}
