/// A thread-safe cache of transposed copies of large dense weights, so the input gradient
/// `G · W` of a big layer can stream `Wᵀ` row by row (see `Dense.inputGradient`) instead of
/// re-packing `W` with a 4·`in`-byte row stride on every call.
///
/// Entries are keyed by the source weight buffer and its row count (a `WeightBufferCache`: the
/// entry retains the buffer, so a mutated weight misses); at most `maximumFloats` transposed
/// floats are kept. A hit serves exactly the values a fresh transpose would write.
final class TransposedWeightCache: Sendable {
  /// The cache `Dense` uses.
  static let shared = TransposedWeightCache()

  private let cache: WeightBufferCache<Int, [Float]>

  /// An empty cache of at most `maximumFloats` floats (default 2²⁵ = 128 MiB: the 32 MiB layer of
  /// the CIFAR-10 network plus the stacked sign-split copies the LRP kernels derive from it).
  init(maximumFloats: Int = 1 << 25) {
    cache = WeightBufferCache(maximumEntries: 16, maximumFloats: maximumFloats)
  }

  /// How many lookups were served from the cache and how many transposed afresh (for tests).
  var statistics: (hits: Int, misses: Int) { cache.statistics }

  /// `Wᵀ` (`[columns, rows]` row-major) of `weights` (`[rows, columns]` row-major), from the
  /// cache or transposed now (outside the lock) and cached.
  /// - Complexity: O(1) on a hit; a miss costs one blocked transpose of `rows·columns` floats.
  func transposed(_ weights: [Float], rows: Int, columns: Int) -> [Float] {
    precondition(weights.count == rows &* columns, "TransposedWeightCache: \(weights.count) floats for \(rows)×\(columns)")
    return cache.value(for: weights, variant: rows, floats: { $0.count }) {
      Self.transpose(weights, rows: rows, columns: columns)
    }
  }

  /// `[columns, rows]` transpose of a row-major `[rows, columns]` matrix, in 32×32 blocks.
  static func transpose(_ w: [Float], rows: Int, columns: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: w.count) { out, initialized in
      w.withUnsafeBufferPointer { src in
        let (s, d) = (src.baseAddress!, out.baseAddress!)
        var r0 = 0
        while r0 < rows {
          let r1 = min(rows, r0 &+ 32)
          var c0 = 0
          while c0 < columns {
            let c1 = min(columns, c0 &+ 32)
            for r in r0..<r1 {
              for c in c0..<c1 { (d + (c &* rows &+ r)).initialize(to: s[r &* columns &+ c]) }
            }
            c0 = c1
          }
          r0 = r1
        }
      }
      initialized = w.count
    }
  }
}
