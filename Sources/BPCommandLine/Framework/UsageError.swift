/// A mistake in how a command was called: unknown option, missing or malformed value.
/// The CLI prints it as one line and exits with code 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
  /// The command word, or empty for the top level.
  public var command: String
  /// What was wrong and what was expected.
  public var message: String

  /// Creates a usage error for `command`.
  public init(command: String, message: String) {
    self.command = command
    self.message = message
  }

  /// `bpaudit <command>: <message>`.
  public var description: String {
    command.isEmpty ? message : "\(command): \(message)"
  }
}
