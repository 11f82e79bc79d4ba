/// Dot product `x · y = Σᵢ xᵢ yᵢ` of two vectors of equal length.
///
/// The sum is accumulated in four interleaved partial sums combined in a fixed order, so the
/// result is deterministic.
/// - Precondition: `x.count == y.count`.
/// - Complexity: O(n).
public func dot(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
  return x.withUnsafeBufferPointer { xp in
    y.withUnsafeBufferPointer { yp in
      guard let a = xp.baseAddress, let b = yp.baseAddress else { return 0 }
      return VectorKernels.dot(a, b, x.count)
    }
  }
}

/// Euclidean norm `‖x‖ = √(Σᵢ xᵢ²)`.
///
/// Computed directly when the sum of squares is in the normal range, otherwise after scaling by
/// `max |xᵢ|`, so it neither overflows nor underflows for finite entries. NaN if any entry is NaN.
/// - Complexity: O(n).
public func norm(_ x: [Double]) -> Double {
  x.withUnsafeBufferPointer { xp in
    guard let a = xp.baseAddress else { return 0 }
    return VectorKernels.norm(a, x.count)
  }
}

/// Cosine similarity `cos(x, y) = x·y / (‖x‖ ‖y‖)`, in `[−1, 1]`.
///
/// Returns **NaN** when either vector is zero (the angle is undefined) or contains NaN; callers
/// that aggregate cosines (medians, CSC) must filter or report these. The vectors are scaled
/// by their norms before the dot product, so the result is exact up to rounding even for tiny
/// or huge vectors, and it is clamped to `[−1, 1]`.
/// - Precondition: `x.count == y.count`.
/// - Complexity: O(n).
public func cosineSimilarity(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "cosineSimilarity: lengths \(x.count) and \(y.count) differ")
  let nx = norm(x)
  let ny = norm(y)
  guard nx > 0, ny > 0, nx.isFinite, ny.isFinite else { return .nan }
  var s = 0.0
  for i in x.indices { s += (x[i] / nx) * (y[i] / ny) }
  return Swift.min(1, Swift.max(-1, s))
}

/// Pointer kernels shared by the vector and matrix code: fixed summation order, four
/// interleaved accumulators (`acc[k mod 4]`), combined as `(s0 + s1) + (s2 + s3)` plus tail.
enum VectorKernels {
  /// `Σᵢ a[i]·b[i]` over `n` entries.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var k = 0
    while k &+ 4 <= n {
      s0 += a[k] * b[k]
      s1 += a[k &+ 1] * b[k &+ 1]
      s2 += a[k &+ 2] * b[k &+ 2]
      s3 += a[k &+ 3] * b[k &+ 3]
      k &+= 4
    }
    var s = (s0 + s1) + (s2 + s3)
    while k < n { s += a[k] * b[k]; k &+= 1 }
    return s
  }

  /// The Euclidean norm of `n` entries at `a`, rescaled when the plain sum of squares is out of
  /// the safe range.
  static func norm(_ a: UnsafePointer<Double>, _ n: Int) -> Double {
    let ss = dot(a, a, n)
    if ss.isFinite && ss > 0x1p-900 { return ss.squareRoot() }
    if ss.isNaN { return .nan }
    var scale = 0.0
    for k in 0..<n { scale = Swift.max(scale, abs(a[k])) }
    if scale == 0 || !scale.isFinite { return scale }
    var t = 0.0
    for k in 0..<n { let v = a[k] / scale; t += v * v }
    return scale * t.squareRoot()
  }
}
