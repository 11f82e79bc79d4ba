import BackpropAudit

/// The options every command accepts, applied once before the command runs:
/// `--threads N` (cap on worker threads; results do not depend on it) and
/// `--memory-limit SIZE` (the budget networks and batches are checked against).
public struct GlobalOptions: Sendable, Equatable {
  /// The option table shared by every command (parsed by `ParsedArguments`, listed by the help).
  public static let specs: [OptionSpec] = [
    .value(
      "threads", "N", "Worker threads for the parallel kernels; results are bitwise identical for any N.",
      default: "BPAUDIT_THREADS or all cores"),
    .value(
      "memory-limit", "SIZE", "Refuse networks or batches needing more memory: bytes or 8GB, 512MiB, 1.5GiB.",
      default: "80 % of physical memory"),
  ]

  /// The `--threads` value, or `nil` when absent.
  public var threads: Int?
  /// The `--memory-limit` value, or `nil` when absent.
  public var memoryBudget: MemoryBudget?

  /// Reads and validates the global options of `arguments`.
  /// - Throws: `UsageError` for a thread count outside 1…1024 or an unreadable size.
  public init(_ arguments: ParsedArguments) throws {
    threads = arguments.has("threads") ? try arguments.int("threads", default: 1, in: 1...1024) : nil
    if let text = arguments.string("memory-limit") {
      guard let budget = MemoryBudget(parsing: text) else {
        throw UsageError(
          command: arguments.command,
          message: "--memory-limit: expected a size such as 8000000000, 8GB or 512MiB, got '\(text)'")
      }
      memoryBudget = budget
    }
  }

  /// Sets the process-wide `Parallelism.maximumThreads` and `MemoryBudget.current` for the options
  /// given (absent options leave the defaults).
  public func apply() {
    if let threads { Parallelism.maximumThreads = threads }
    if let memoryBudget { MemoryBudget.current = memoryBudget }
  }
}
