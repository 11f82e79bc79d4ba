import Dispatch
import Matrices

extension DeepLIFT {
  /// A pointer that the `@Sendable` closure of `concurrentPerform` may capture.
  ///
  /// Invariant: the buffer outlives the `elementwise` call that uses it, and concurrent chunks
  /// write disjoint elements (or only read).
  struct SharedPointer: @unchecked Sendable {
    /// The start of the buffer.
    let base: UnsafeMutablePointer<Float>

    /// A pointer to a buffer that is only read.
    init(reading buffer: UnsafeBufferPointer<Float>) {
      base = UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 16)!)
    }

    /// A pointer to a buffer that is written.
    init(writing buffer: UnsafeMutableBufferPointer<Float>) {
      base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!
    }
  }

  /// Below this many elements an elementwise pass runs on the calling thread.
  static let serialThreshold = 1 << 15

  /// Calls `body` on disjoint consecutive ranges covering `0..<count` (8 chunks on up to
  /// `Parallelism.maximumThreads` threads when `count` is large). Elementwise passes write each
  /// element from its own inputs only, so the result does not depend on the split.
  static func elementwise(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let workers = min(8, Parallelism.maximumThreads)
    guard count >= serialThreshold, workers > 1 else {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var chunk = worker
      while chunk < 8 {
        body((count * chunk / 8)..<(count * (chunk + 1) / 8))
        chunk += workers
      }
    }
  }

  /// `count` floats whose contents are unspecified; the caller writes every element before reading.
  static func uninitialized(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }
}
