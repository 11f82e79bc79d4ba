import Foundation
import Synchronization

/// The process-wide cap on worker threads used by the parallel kernels (`GEMM` and the network
/// kernels' coarse chunks).
///
/// Results never depend on it: every kernel splits its work independently of the thread count
/// and fixes its summation order, so `maximumThreads = 1` and the default give bitwise identical
/// numbers; the cap only trades speed for cores. The default is the `BPAUDIT_THREADS`
/// environment variable when it holds a positive integer, else the number of online processors;
/// `bpaudit --threads N` sets it once, before any work.
public enum Parallelism {
  /// The explicit cap; 0 = none (use `defaultThreads`).
  private static let cap = Atomic<Int>(0)

  /// `BPAUDIT_THREADS` when it is a positive integer, else the online processor count (as GEMM
  /// always used), read once.
  public static let defaultThreads: Int = {
    if let text = ProcessInfo.processInfo.environment["BPAUDIT_THREADS"], let n = Int(text), n > 0 { return n }
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }()

  /// The most threads a parallel kernel may use (≥ 1). Atomic, so any thread may read it.
  public static var maximumThreads: Int {
    get {
      let n = cap.load(ordering: .relaxed)
      return n > 0 ? n : defaultThreads
    }
    set {
      precondition(newValue >= 1, "Parallelism.maximumThreads must be ≥ 1, got \(newValue)")
      cap.store(newValue, ordering: .relaxed)
    }
  }

  /// Removes the explicit cap, so `maximumThreads` is `defaultThreads` again.
  public static func reset() { cap.store(0, ordering: .relaxed) }
}
