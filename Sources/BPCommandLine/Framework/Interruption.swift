import BackpropAudit
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// SIGINT handling for `bpaudit`: an interrupted run leaves no partial output and exits 130.
///
/// `install()` ignores the default SIGINT action and watches the signal with a `DispatchSource`
/// on a private queue. On SIGINT the handler sets `isRequested` (progress bars stop drawing),
/// abandons `TemporaryFileRegistry.shared` (deleting
/// every atomic write in flight; renames are excluded by its lock, so each output is either
/// complete or absent), prints `bpaudit: interrupted` on stderr and exits with status 130
/// (128 + SIGINT, the shell convention).
public enum Interruption {
  private static let requested = Atomic<Bool>(false)
  private static let source = Mutex<(any DispatchSourceSignal)?>(nil)

  /// The exit status of an interrupted run.
  public static let exitStatus: Int32 = 130

  /// Whether SIGINT has been received.
  public static var isRequested: Bool { requested.load(ordering: .relaxed) }

  /// Installs the handler (idempotent). Call once from the process entry point, never from tests
  /// that share the test runner's process.
  public static func install() {
    source.withLock { installed in
      guard installed == nil else { return }
      signal(SIGINT, SIG_IGN)
      // A private serial queue targets an overcommitting global queue, so the handler gets a thread
      // even while `concurrentPerform` keeps every core busy.
      let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "bpaudit.sigint"))
      s.setEventHandler {
        requested.store(true, ordering: .relaxed)
        TemporaryFileRegistry.shared.abandonAll()
        let message = "\nbpaudit: interrupted\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        _exit(exitStatus)
      }
      s.resume()
      installed = s
    }
  }
}
