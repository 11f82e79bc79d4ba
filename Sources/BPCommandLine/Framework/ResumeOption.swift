import BackpropAudit
import Foundation

/// `--resume DIR` of the long sweeps (`report`, `check`, `csc`): per-item results are kept in DIR
/// (a `ResultStore`) and a rerun with the same parameters loads the items already done, so an
/// interrupted run continues where it stopped and gives the same output as an uninterrupted one.
enum ResumeOption {
  /// The option, listed by each command that supports it.
  static let spec = OptionSpec.value(
    "resume", "DIR",
    "Keep per-item results in DIR and reuse those of an earlier (e.g. interrupted) run with the same parameters.")

  /// Options that cannot change a result and are left out of the context: where and how the
  /// output is printed or written, and the thread count (results do not depend on it).
  static let ignored: Set<String> = ["resume", "json", "out", "threads", "memory-limit"]

  /// The store of `--resume DIR` for this command line (`ResultStore.disabled` without it). Its
  /// context is the tool version, the command and every option given except ``ignored``; a
  /// value naming an existing file also contributes a hash of the file's bytes, so changed
  /// weights or inputs under the same path are not mistaken for the old ones.
  /// - Throws: `ModelFileError.unwritable` when DIR cannot be created.
  static func store(_ arguments: ParsedArguments) throws -> ResultStore {
    guard let path = arguments.string("resume") else { return .disabled }
    return try ResultStore(directory: URL(fileURLWithPath: path, isDirectory: true), context: context(arguments))
  }

  /// The context of `arguments` (see `store(_:)`); repeated values are joined with NUL bytes in order.
  static func context(_ arguments: ParsedArguments) -> ResultStore.Context {
    var parameters: [String: String] = [:]
    for (name, values) in arguments.values where !ignored.contains(name) {
      parameters[name] = values.map { value in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue,
          let data = FileManager.default.contents(atPath: value)
        else { return value }
        return value + " (fnv1a64 " + String(format: "%016llx", ResultStore.fingerprint(data)) + ")"
      }.joined(separator: "\u{0}")
    }
    return ResultStore.Context(version: BackpropAuditVersion.string, command: arguments.command, parameters: parameters)
  }

  /// Prints the store's summary and notes on standard error (nothing without `--resume`).
  static func finish(_ store: ResultStore, io: CommandIO) {
    guard store.directory != nil else { return }
    for note in store.notes { io.err("resume: \(note)\n") }
    io.err(store.summary + "\n")
  }
}
