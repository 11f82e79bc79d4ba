import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files an `AtomicFile` write has in flight, so that an interrupted process can
/// delete them: after `abandonAll()` no partial file survives and every later write through this
/// registry fails.
///
/// The process uses `shared` (the command line's SIGINT handler abandons it); tests use their own.
public final class TemporaryFileRegistry: Sendable {
  private struct State: Sendable {
    var abandoned = false
    var pending: Set<String> = []
  }

  private let state = Mutex(State())

  /// The registry of the process's own writes.
  public static let shared = TemporaryFileRegistry()

  /// An empty registry.
  public init() {}

  /// Whether `abandonAll()` was called.
  public var isAbandoned: Bool { state.withLock { $0.abandoned } }

  /// The temporary files in flight, sorted.
  public var pending: [String] { state.withLock { $0.pending.sorted() } }

  /// Marks the registry abandoned and deletes every temporary file in flight; safe from any
  /// thread (the SIGINT handler's).
  /// - Returns: the paths deleted.
  @discardableResult
  public func abandonAll() -> [String] {
    state.withLock { s in
      s.abandoned = true
      let paths = s.pending.sorted()
      for path in paths { _ = unlink(path) }
      s.pending.removeAll()
      return paths
    }
  }

  /// Registers `path` as in flight; `false` when the registry is abandoned.
  func register(_ path: String) -> Bool {
    state.withLock { s in
      guard !s.abandoned else { return false }
      s.pending.insert(path)
      return true
    }
  }

  /// Deletes and unregisters `path` (a write that failed).
  func discard(_ path: String) {
    state.withLock { s in
      s.pending.remove(path)
      _ = unlink(path)
    }
  }

  /// Under the lock: unless abandoned (`.abandoned`), runs `commit` (the rename) and unregisters
  /// `path`; the lock makes the rename and an abandonment mutually exclusive.
  func commit(_ path: String, _ commit: () -> Int32) -> CommitResult {
    state.withLock { s in
      guard !s.abandoned else { return .abandoned }
      let status = commit()
      guard status == 0 else { return .failed(errno) }
      s.pending.remove(path)
      return .committed
    }
  }

  /// The outcome of `commit`.
  enum CommitResult: Equatable {
    case committed, abandoned
    case failed(Int32)
  }
}
