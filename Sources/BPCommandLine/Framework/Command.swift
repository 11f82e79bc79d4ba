/// A `bpaudit` command: a declarative spec plus a run function.
///
/// To add a command: write a type conforming to `Command` in `Commands/<Name>Command.swift` and
/// add it to `BPCommandLine.commands`. Help and parsing come from `spec`.
public protocol Command {
  /// The command's name, help and option table.
  static var spec: CommandSpec { get }
  /// Runs the command with parsed arguments; returns the exit code (0 success, 1 a check failed).
  /// - Throws: any user error; the caller prints it as one line and exits with code 2.
  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32
}
