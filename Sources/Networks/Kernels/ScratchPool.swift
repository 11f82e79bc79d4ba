import Synchronization

/// A 64-byte aligned block of Float memory: working memory (an im2col matrix, Winograd
/// transforms) owned by exactly one kernel call at a time (see `ScratchPool`), or packed weights
/// written once and then only read (`WinogradWeightCache`).
final class ScratchBuffer: @unchecked Sendable {
  // @unchecked: the memory is either handed to one borrower at a time by `ScratchPool`, which
  // only shares the reference through its mutex, or written before it is published and read-only
  // afterwards; the pointer itself never changes.
  /// The first element.
  let base: UnsafeMutablePointer<Float>
  /// The number of elements.
  let capacity: Int

  /// Allocates `capacity` uninitialised floats.
  init(capacity: Int) {
    self.capacity = capacity
    base = UnsafeMutableRawPointer.allocate(
      byteCount: max(1, capacity) &* MemoryLayout<Float>.stride, alignment: 64
    ).bindMemory(to: Float.self, capacity: max(1, capacity))
  }

  deinit { UnsafeMutableRawPointer(base).deallocate() }
}

/// A process-wide pool of scratch buffers, so that kernels do not pay for fresh large allocations
/// (page faults and zero-filling cost about a millisecond per megabyte on the target VM) on every
/// call.
///
/// The pool holds no observable state: a borrowed buffer has unspecified contents, and results
/// never depend on which buffer a call receives. At most `keptBuffers` buffers of at most
/// `largestKept` elements each stay cached between calls; larger ones are freed on return.
final class ScratchPool: Sendable {
  /// The pool every kernel of this module borrows from.
  static let shared = ScratchPool()

  /// The most idle buffers kept (a few per core for the 2-core target, plus nesting).
  static let keptBuffers = 8
  /// The largest buffer kept after use (64 MiB of floats); larger ones are freed.
  static let largestKept = 1 << 24

  private let idle = Mutex<[ScratchBuffer]>([])

  /// Runs `body` with at least `count` floats of uninitialised scratch memory, borrowed from the
  /// pool (or freshly allocated when no idle buffer is large enough) and returned afterwards.
  /// - Complexity: O(kept buffers) bookkeeping; the allocation only when the pool has no fit.
  func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
    let buffer = borrow(count: count)
    defer { giveBack(buffer) }
    return try body(buffer.base)
  }

  /// The smallest idle buffer of at least `count` floats, or a new one.
  private func borrow(count: Int) -> ScratchBuffer {
    let found = idle.withLock { buffers -> ScratchBuffer? in
      var best: Int?
      for (i, b) in buffers.enumerated() where b.capacity >= count {
        if best.map({ b.capacity < buffers[$0].capacity }) ?? true { best = i }
      }
      return best.map { buffers.remove(at: $0) }
    }
    return found ?? ScratchBuffer(capacity: count)
  }

  /// Returns `buffer` to the pool, dropping the smallest idle buffer when the pool is full.
  private func giveBack(_ buffer: ScratchBuffer) {
    guard buffer.capacity <= Self.largestKept else { return }
    let dropped = idle.withLock { buffers -> ScratchBuffer? in
      buffers.append(buffer)
      guard buffers.count > Self.keptBuffers else { return nil }
      let smallest = buffers.indices.min { buffers[$0].capacity < buffers[$1].capacity } ?? 0
      return buffers.remove(at: smallest)
    }
    // Freed outside the lock.
    _ = dropped
  }
}
