import Dispatch
import Matrices

/// A mutable raw pointer that may be captured by the `@Sendable` closure of
/// `DispatchQueue.concurrentPerform`.
///
/// Invariant (kept by every user in this module): the pointee outlives the `concurrentPerform`
/// call, and concurrent iterations write disjoint elements.
struct SharedMutablePointer<Element>: @unchecked Sendable {
  /// The start of the shared buffer.
  let base: UnsafeMutablePointer<Element>
}

/// A read-only raw pointer that may be captured by a `@Sendable` closure.
///
/// Invariant: the pointee outlives the `concurrentPerform` call and nobody writes it meanwhile.
struct SharedPointer<Element>: @unchecked Sendable {
  /// The start of the shared buffer.
  let base: UnsafePointer<Element>
}

/// Coarse data parallelism over an index range, with a serial path for small work.
enum ParallelChunks {
  /// Below this many scalar operations the work runs serially on the calling thread.
  static let serialThreshold = 1 << 16
  /// The most chunks a range is split into (a few per core on the 2-core target).
  static let maximumChunks = 8

  /// Calls `body` on disjoint consecutive sub-ranges that cover `0..<count`.
  ///
  /// The split depends only on `count` and `costPerItem`, never on the thread count, so kernels
  /// that reduce per chunk stay deterministic; at most `Parallelism.maximumThreads` workers run
  /// the chunks.
  /// - Parameters:
  ///   - count: the number of independent items.
  ///   - costPerItem: a rough operation count per item, to decide between serial and parallel.
  ///   - body: the work for one sub-range; iterations must write disjoint memory.
  static func run(count: Int, costPerItem: Int, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunks = min(count, maximumChunks)
    if chunks == 1 || count &* max(costPerItem, 1) < serialThreshold {
      body(0..<count)
      return
    }
    // The same chunks whatever the thread cap: worker `w` of `workers` runs chunks w, w + workers, …
    let workers = min(chunks, Parallelism.maximumThreads)
    if workers == 1 {
      for c in 0..<chunks { body((count * c / chunks)..<(count * (c + 1) / chunks)) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      for c in stride(from: w, to: chunks, by: workers) { body((count * c / chunks)..<(count * (c + 1) / chunks)) }
    }
  }
}
