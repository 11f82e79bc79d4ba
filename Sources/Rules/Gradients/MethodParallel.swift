import Dispatch
import Matrices

/// A raw pointer the `@Sendable` closure of `DispatchQueue.concurrentPerform` may capture.
///
/// Invariant (kept by every user in this module's method kernels): the pointee outlives the
/// `concurrentPerform` call, and concurrent iterations touch disjoint elements.
struct MethodSharedPointer<Element>: @unchecked Sendable {
  /// The start of the shared buffer.
  let base: UnsafeMutablePointer<Element>
}

/// Coarse parallelism over independent items (samples) for the method kernels.
enum MethodParallel {
  /// Below this many scalar operations the work stays on the calling thread.
  static let serialThreshold = 1 << 16

  /// Calls `body(i)` for every `i` in `0..<count`, on up to `Parallelism.maximumThreads` threads
  /// when the work is large. Each call must write only its own item's memory; the result does not
  /// depend on the split.
  static func forEach(count: Int, costPerItem: Int, _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let workers = min(count, Parallelism.maximumThreads)
    if workers == 1 || count &* max(costPerItem, 1) < serialThreshold {
      for i in 0..<count { body(i) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var i = worker
      while i < count {
        body(i)
        i += workers
      }
    }
  }
}
