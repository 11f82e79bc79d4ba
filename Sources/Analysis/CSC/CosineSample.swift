import Networks

/// The pooled |cosine| values of one CSC measurement point, before any statistic is taken.
///
/// Produced by ``CosineSample/init(vectors:vectorsPerInput:)`` from the relevance vectors that
/// arrived at one point; samples of the same point from several batches or runs are pooled with
/// ``merged(with:)``.
public struct CosineSample: Sendable, Equatable {
  /// The finite |cos| values, pooled over inputs, pairs and positions, in that nesting order
  /// (input-major, then pair `(s, t)` with `s < t` lexicographic, then position).
  public private(set) var values: [Double]
  /// How many pairs gave NaN (a zero vector: dead units, GBP/RectGrad zeros) and were dropped.
  public private(set) var nanCount: Int
  /// The length of the compared vectors: channels at a conv/pool point or image, units at a dense point.
  public let width: Int

  /// Creates a sample from values already computed.
  public init(values: [Double], nanCount: Int, width: Int) {
    self.values = values
    self.nanCount = nanCount
    self.width = width
  }

  /// The |cos| of every pair of the `V` vectors of every input, at every position — the paper's
  /// CSC core (`pairwise_cosine_similarity`, digest §5 steps 3–5).
  ///
  /// Layout, as the reference fixtures and the paper's notebook: `vectors` is `[N·V, C, …]`
  /// (row `i·V + r` is vector `r` of input `i`). A rank-2 tensor `[N·V, D]` (dense point) gives
  /// one value per pair; a higher rank `[N·V, C, H, W]` (NCHW conv/pool point or image) is read
  /// as `H·W` positions × `C` channels, one value per pair and position.
  ///
  /// Each value is `|x·y| / (√(x·x) √(y·y))` accumulated in Double from the Float32 entries
  /// (squares of Float32 values are exact in Double, so a position with one nonzero channel gives
  /// exactly 1); it is not clamped, so rounding may exceed 1 by a few ulps (as numpy). A pair with
  /// a zero vector is NaN and counted in ``nanCount``.
  /// - Parameters:
  ///   - vectors: the relevance arriving at the point, `[N·V, C, …]`.
  ///   - vectorsPerInput: `V ≥ 2` (the paper: 5).
  /// - Precondition: rank ≥ 2 and `shape[0]` a multiple of `V`.
  /// - Complexity: O(N·V²·C·H·W).
  public init(vectors: Tensor, vectorsPerInput v: Int) {
    let shape = vectors.shape
    precondition(shape.count >= 2, "CosineSample: expected [N·V, C, …], got \(shape)")
    precondition(v >= 2 && shape[0] % v == 0, "CosineSample: \(shape[0]) rows are not a multiple of V = \(v) ≥ 2")
    let channels = shape[1]
    let positions = shape.dropFirst(2).reduce(1, *)
    let inputs = shape[0] / v
    let stride = channels * positions
    var values: [Double] = []
    values.reserveCapacity(inputs * v * (v - 1) / 2 * positions)
    var nan = 0
    // Per input: the squared norms of every vector at every position once, then one dot product
    // per pair; channels outer and positions inner (contiguous), each sum still accumulated over
    // c = 0, 1, … in order, so every value is the same as the pairwise triple loop.
    var norms = [Double](repeating: 0, count: v * positions)
    var dots = [Double](repeating: 0, count: positions)
    vectors.scalars.withUnsafeBufferPointer { x in
      norms.withUnsafeMutableBufferPointer { nn in
        dots.withUnsafeMutableBufferPointer { dd in
          for i in 0..<inputs {
            for s in 0..<v {
              let a = (i &* v &+ s) &* stride, row = s &* positions
              for p in 0..<positions { nn[row &+ p] = 0 }
              for c in 0..<channels {
                let base = a &+ c &* positions
                for p in 0..<positions {
                  let xa = Double(x[base &+ p])
                  nn[row &+ p] += xa * xa
                }
              }
            }
            for s in 0..<v {
              for t in (s + 1)..<v {
                let a = (i &* v &+ s) &* stride, b = (i &* v &+ t) &* stride
                for p in 0..<positions { dd[p] = 0 }
                for c in 0..<channels {
                  let ca = a &+ c &* positions, cb = b &+ c &* positions
                  for p in 0..<positions { dd[p] += Double(x[ca &+ p]) * Double(x[cb &+ p]) }
                }
                let rs = s &* positions, rt = t &* positions
                for p in 0..<positions {
                  let cos = abs(dd[p]) / (nn[rs &+ p].squareRoot() * nn[rt &+ p].squareRoot())
                  if cos.isNaN { nan += 1 } else { values.append(cos) }
                }
              }
            }
          }
        }
      }
    }
    self.init(values: values, nanCount: nan, width: channels)
  }

  /// The pooled sample of two measurements at the same point.
  /// - Precondition: equal ``width``.
  public func merged(with other: CosineSample) -> CosineSample {
    precondition(width == other.width, "CosineSample.merged: widths \(width) and \(other.width) differ")
    return CosineSample(values: values + other.values, nanCount: nanCount + other.nanCount, width: width)
  }
}
