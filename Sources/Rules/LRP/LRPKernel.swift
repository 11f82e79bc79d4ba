import Dispatch

/// Internal namespace of the fast relevance kernels (nested so helper names cannot collide with
/// other parts of the `Rules` module).
enum LRPKernel {
  /// A read-only pointer that a `@Sendable` closure of `concurrentPerform` may capture.
  ///
  /// Invariant: the pointee outlives the `concurrentPerform` call and nobody writes it meanwhile.
  struct ReadPointer: @unchecked Sendable {
    /// The start of the shared buffer.
    let base: UnsafePointer<Float>
  }

  /// A mutable pointer that a `@Sendable` closure of `concurrentPerform` may capture.
  ///
  /// Invariant: the pointee outlives the `concurrentPerform` call, and concurrent iterations
  /// write disjoint elements.
  struct WritePointer: @unchecked Sendable {
    /// The start of the shared buffer.
    let base: UnsafeMutablePointer<Float>
  }

  /// Below this many scalar operations work runs serially on the calling thread.
  static let serialThreshold = 1 << 16

  /// Calls `body` on at most 8 disjoint consecutive sub-ranges covering `0..<count`, in parallel
  /// when `count · costPerItem` is large. The split depends only on `count`, never on the thread
  /// count, so results are deterministic.
  static func parallel(count: Int, costPerItem: Int, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunks = min(count, 8)
    if chunks == 1 || count &* max(costPerItem, 1) < serialThreshold {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }

  /// `x⁺ = max(x, 0)` elementwise.
  static func positivePart(_ x: [Float]) -> [Float] {
    var y = x
    y.withUnsafeMutableBufferPointer { y in
      for i in 0..<y.count { y[i] = y[i] > 0 ? y[i] : 0 }
    }
    return y
  }

  /// `x⁻ = min(x, 0)` elementwise.
  static func negativePart(_ x: [Float]) -> [Float] {
    var y = x
    y.withUnsafeMutableBufferPointer { y in
      for i in 0..<y.count { y[i] = y[i] < 0 ? y[i] : 0 }
    }
    return y
  }

  /// Whether every element is `≥ 0` (then the `x⁻` paths of z⁺/αβ/γ vanish and are skipped).
  static func isNonNegative(_ x: [Float]) -> Bool {
    x.withUnsafeBufferPointer { x in
      var negative = false
      for v in x where v < 0 { negative = true; break }
      return !negative
    }
  }

  /// An array of `count` floats whose contents are unspecified; every caller writes each element
  /// before reading it (GEMM outputs with `beta = 0`, patch matrices, scatter targets).
  static func uninitialized(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }

  /// `a ⊙ b` elementwise; `b` is consumed, so a uniquely held temporary is reused in place.
  static func multiply(_ a: [Float], _ b: consuming [Float]) -> [Float] {
    precondition(a.count == b.count, "LRPKernel.multiply: \(a.count) vs \(b.count) elements")
    var y = b
    guard !y.isEmpty else { return y }
    a.withUnsafeBufferPointer { a in
      y.withUnsafeMutableBufferPointer { y in
        let (ap, yp) = (ReadPointer(base: a.baseAddress!), WritePointer(base: y.baseAddress!))
        elementwise(count: y.count) { range in
          for i in range { yp.base[i] = ap.base[i] * yp.base[i] }
        }
      }
    }
    return y
  }

  /// Runs `body` over `0..<count` in chunks of whole cache lines, in parallel for large counts.
  static func elementwise(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let blocks = (count + 1023) / 1024
    parallel(count: blocks, costPerItem: 1024 &* 4) { range in
      body((range.lowerBound &* 1024)..<min(count, range.upperBound &* 1024))
    }
  }

  /// `x + bias` broadcast over the batch: `x` is `[N, O, P]` flat, `bias` has `O` entries.
  static func addBias(_ x: inout [Float], _ bias: [Float], planeSize p: Int) {
    let o = bias.count
    guard o > 0, p > 0 else { return }
    let n = x.count / (o &* p)
    bias.withUnsafeBufferPointer { b in
      x.withUnsafeMutableBufferPointer { x in
        for s in 0..<n {
          for c in 0..<o {
            let base = (s &* o &+ c) &* p
            let v = b[c]
            for q in 0..<p { x[base &+ q] += v }
          }
        }
      }
    }
  }
}
