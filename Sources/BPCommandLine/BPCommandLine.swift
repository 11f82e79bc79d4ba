/// Runs the `bpaudit` command line.
///
/// `main.swift` calls `run(_:)` with the process arguments and exits with its result; tests call
/// `run(_:io:)` with capturing sinks. Every error a command throws is mapped by `report(_:)` to one
/// line on standard error and exit code 2.
public enum BPCommandLine {
  /// Every command, in the order `bpaudit help` lists them.
  static var commands: [any Command.Type] {
    [
      HelpCommand.self,
      ReportCommand.self,
      CheckCommand.self,
      TrainCommand.self,
      ForwardCommand.self,
      AttributeCommand.self,
      SanityCommand.self,
      CompareCommand.self,
      CSCCommand.self,
      RankCommand.self,
      IndependenceCommand.self,
      SimulateCommand.self,
      RulesCommand.self,
      ProveCommand.self,
      BenchCommand.self,
    ]
  }

  /// Runs `arguments` (without the program name) on the process's standard streams, with the
  /// SIGINT handler installed (an interrupted run deletes its partial outputs and exits 130).
  public static func run(_ arguments: [String]) -> Int32 {
    Interruption.install()
    return run(arguments, io: .standard)
  }

  /// Runs `arguments` (without the program name) and returns the exit code: 0 success, 1 a check
  /// failed, 2 bad input or usage. Global options (`--threads`, `--memory-limit`) are applied to
  /// the process before the command runs.
  public static func run(_ arguments: [String], io: CommandIO) -> Int32 {
    guard let word = arguments.first, word != "--help", word != "-h" else {
      io.out(HelpText.overview(commands))
      return 0
    }
    guard let command = commands.first(where: { $0.spec.name == word }) else {
      return report(UsageError(command: "", message: "unknown command '\(word)' (see bpaudit help)"), io: io)
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
      io.out(HelpText.command(command.spec))
      return 0
    }
    do {
      let parsed = try ParsedArguments(rest, spec: command.spec)
      try GlobalOptions(parsed).apply()
      return try command.run(parsed, io: io)
    } catch {
      return report(error, io: io)
    }
  }

  /// The one place that turns an error into what the user sees: `bpaudit: <one line>` on stderr
  /// and exit code 2.
  static func report(_ error: any Error, io: CommandIO) -> Int32 {
    let text = String(describing: error)
    let oneLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
    io.err("bpaudit: \(oneLine)\n")
    return 2
  }
}
