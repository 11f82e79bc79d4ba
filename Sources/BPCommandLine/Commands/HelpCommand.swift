/// `bpaudit help [COMMAND]`: the command list, or one command's options.
enum HelpCommand: Command {
  static let spec = CommandSpec(
    name: "help", abstract: "Show the command list or one command's help.",
    positionals: [("command", "The command to describe.")], options: [])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    guard let word = arguments.positionals.first else {
      io.out(HelpText.overview(BPCommandLine.commands))
      return 0
    }
    guard let command = BPCommandLine.commands.first(where: { $0.spec.name == word }) else {
      throw UsageError(command: "help", message: "unknown command '\(word)'")
    }
    io.out(HelpText.command(command.spec))
    return 0
  }
}
