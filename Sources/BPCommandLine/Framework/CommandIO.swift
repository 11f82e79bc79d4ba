import Foundation

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Where a command writes: standard output, standard error, and whether stderr is a terminal
/// (progress bars appear only then). Tests substitute capturing sinks.
public struct CommandIO: Sendable {
  /// Receives standard-output text.
  public var out: @Sendable (String) -> Void
  /// Receives standard-error text.
  public var err: @Sendable (String) -> Void
  /// Whether standard error is an interactive terminal.
  public var stderrIsTerminal: Bool

  /// Creates an IO bundle from two sinks.
  public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, stderrIsTerminal: Bool) {
    self.out = out
    self.err = err
    self.stderrIsTerminal = stderrIsTerminal
  }

  /// The process's own standard output and error.
  public static var standard: CommandIO {
    CommandIO(
      out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
      err: { text in FileHandle.standardError.write(Data(text.utf8)) },
      stderrIsTerminal: isatty(STDERR_FILENO) != 0)
  }

  /// Writes `line` and a newline to standard output.
  public func print(_ line: String) { out(line + "\n") }

  /// Writes `object` as pretty, key-sorted JSON to standard output.
  /// - Precondition: `object` is a valid JSON object (dictionaries, arrays, strings, numbers, bools).
  public func printJSON(_ object: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    out(String(decoding: data, as: UTF8.self) + "\n")
  }
}
