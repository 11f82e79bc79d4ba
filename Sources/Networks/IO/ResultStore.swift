import Foundation
import Synchronization

/// Per-item results of a long run kept on disk, so that a rerun (`--resume DIR`) loads the items
/// already done instead of recomputing them.
///
/// Each item's result is one JSON file in `directory`, written atomically (`AtomicFile`, so an
/// interrupted run leaves complete files or none) and named
/// `<command>.<item>.<key>.json`, where `key` is the 64-bit FNV-1a hash of the run's
/// ``Context`` (tool version, command, every parameter, seed) and the item's name. The file
/// repeats the context, and a result is reused only when the stored context equals the current
/// one exactly (so a hash collision cannot mix results). A stored file for the same command and
/// item whose context differs is counted in `mismatched` and its differing parameters are named in
/// `notes`: it is recomputed (and the new result stored beside it), never reused.
///
/// Reused results are bitwise identical to computed ones: `Double`s are written in Swift's
/// shortest round-trip form, non-finite values as the strings `nan`, `inf`, `-inf`.
public final class ResultStore: Sendable {
  /// What a result depends on besides the item: it is reused only when all of it is equal.
  public struct Context: Sendable, Equatable, Codable {
    /// The tool's version.
    public var version: String
    /// The command (`csc`, `check`, `report`).
    public var command: String
    /// Every parameter that can change a result (name → value), seeds and input file hashes included.
    public var parameters: [String: String]

    /// A context from its parts.
    public init(version: String, command: String, parameters: [String: String]) {
      self.version = version
      self.command = command
      self.parameters = parameters
    }
  }

  /// Counts of what the store did so far.
  public struct Counts: Sendable, Equatable {
    /// Items loaded from disk.
    public var reused = 0
    /// Items computed (and stored).
    public var computed = 0
    /// Items whose stored result had another context (recomputed).
    public var mismatched = 0
    /// Items whose stored file could not be decoded (recomputed).
    public var unreadable = 0
  }

  private struct Record<Value: Codable>: Codable {
    var context: Context
    var item: String
    var result: Value
  }

  private struct Header: Decodable {
    var context: Context
    var item: String
  }

  private struct State: Sendable {
    var counts = Counts()
    var notes: [String] = []
  }

  /// The directory, or `nil` for a store that always computes and keeps nothing.
  public let directory: URL?
  /// The run's context.
  public let context: Context
  private let registry: TemporaryFileRegistry
  private let state = Mutex(State())

  /// A store that always computes and keeps nothing (a run without `--resume`).
  public static var disabled: ResultStore {
    ResultStore(context: Context(version: "", command: "", parameters: [:]))
  }

  private init(context: Context) {
    directory = nil
    self.context = context
    registry = .shared
  }

  /// A store in `directory` (created if missing) for runs with `context`.
  /// - Throws: `ModelFileError.unwritable` when the directory cannot be created.
  public init(directory: URL, context: Context, registry: TemporaryFileRegistry = .shared) throws {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw ModelFileError.unwritable(
        file: directory.path, field: "directory", expected: "a directory for per-item results", got: ioReason(error, url: directory))
    }
    self.directory = directory
    self.context = context
    self.registry = registry
  }

  /// What the store did so far.
  public var counts: Counts { state.withLock { $0.counts } }

  /// One line per mismatched or unreadable stored result, naming the item and why.
  public var notes: [String] { state.withLock { $0.notes } }

  /// The result of `item`: loaded when a complete result with this context is stored, else
  /// computed by `compute` and stored (atomically) before it is returned.
  /// - Parameters:
  ///   - item: the item's name, unique within the run (e.g. `inject=fc6`).
  ///   - compute: computes the result.
  /// - Throws: what `compute` throws; `ModelFileError.unwritable` when the result cannot be stored.
  /// - Complexity: one directory listing and the file's size when stored, else `compute`.
  public func value<Value: Codable>(_ item: String, _ compute: () throws -> Value) throws -> Value {
    guard let directory else {
      state.withLock { $0.counts.computed += 1 }
      return try compute()
    }
    let url = directory.appendingPathComponent(fileName(item))
    if let data = try? Data(contentsOf: url) {
      if let record = try? Self.decoder.decode(Record<Value>.self, from: data), record.context == context, record.item == item {
        state.withLock { $0.counts.reused += 1 }
        return record.result
      }
      note(unreadable: item, url: url)
    } else {
      noteMismatches(item, directory: directory)
    }
    let result = try compute()
    let record = Record(context: context, item: item, result: result)
    try AtomicFile.write(try Self.encoder.encode(record), to: url, registry: registry)
    state.withLock { $0.counts.computed += 1 }
    return result
  }

  /// One line for standard error: `resume DIR: 3 reused, 2 computed, 1 with other parameters (not reused)`.
  public var summary: String {
    let c = counts
    var parts = ["\(c.reused) reused", "\(c.computed) computed"]
    if c.mismatched > 0 { parts.append("\(c.mismatched) stored with other parameters (not reused)") }
    if c.unreadable > 0 { parts.append("\(c.unreadable) unreadable (recomputed)") }
    return "resume \(directory?.path ?? "-"): " + parts.joined(separator: ", ")
  }

  /// `<command>.<item>.<hash>.json`, the item with every character outside `[A-Za-z0-9_=-]`
  /// replaced by `_`.
  func fileName(_ item: String) -> String {
    "\(prefix(item))\(String(format: "%016llx", Self.key(context, item: item))).json"
  }

  private func prefix(_ item: String) -> String {
    let safe = String((context.command + "." + item).map { c in
      c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "=" || c == ".") ? c : "_"
    })
    return safe + "."
  }

  /// The FNV-1a 64 hash of the context (sorted parameters) and item, each field NUL-terminated.
  static func key(_ context: Context, item: String) -> UInt64 {
    var fields = [context.version, context.command]
    for name in context.parameters.keys.sorted() { fields += [name, context.parameters[name]!] }
    fields.append(item)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for field in fields {
      for byte in field.utf8 + [0] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }
    return hash
  }

  /// The FNV-1a 64 hash of `data` (a file's fingerprint in a context).
  /// - Complexity: O(data.count).
  public static func fingerprint(_ data: Data) -> UInt64 {
    data.withUnsafeBytes { bytes in
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
      return hash
    }
  }

  /// Counts and names other stored results of `item` (same command and item, other context).
  private func noteMismatches(_ item: String, directory: URL) {
    let prefix = prefix(item)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    let others = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") && $0.dropFirst(prefix.count).count == 21 }
    guard !others.isEmpty else { return }
    var differences: Set<String> = []
    for name in others {
      guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
        let header = try? Self.decoder.decode(Header.self, from: data), header.item == item
      else { continue }
      differences.formUnion(Self.differences(header.context, context))
    }
    let text = differences.isEmpty ? "" : " (" + differences.sorted().joined(separator: ", ") + ")"
    state.withLock {
      $0.counts.mismatched += 1
      $0.notes.append("\(context.command) \(item): the stored result has other parameters\(text); recomputed")
    }
  }

  private func note(unreadable item: String, url: URL) {
    state.withLock {
      $0.counts.unreadable += 1
      $0.notes.append("\(context.command) \(item): \(url.lastPathComponent) is not a complete result of this run; recomputed")
    }
  }

  /// The names of what differs between two contexts (`version`, `--seed`, …).
  static func differences(_ a: Context, _ b: Context) -> [String] {
    var names: [String] = []
    if a.version != b.version { names.append("version") }
    for name in Set(a.parameters.keys).union(b.parameters.keys).sorted() where a.parameters[name] != b.parameters[name] {
      names.append("--\(name)")
    }
    return names
  }

  private static var encoder: JSONEncoder {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys]
    e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  private static var decoder: JSONDecoder {
    let d = JSONDecoder()
    d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }
}
