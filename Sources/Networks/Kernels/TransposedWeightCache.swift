import Synchronization

/// A thread-safe cache of transposed copies of large dense weights, so the input gradient
/// `G · W` of a big layer can stream `Wᵀ` row by row (see `Dense.inputGradient`) instead of
/// re-packing `W` with a 4·`in`-byte row stride on every call.
///
/// Entries are keyed by the address and length of the source weight buffer and retain that
/// buffer, so while an entry lives its address cannot be reused by another buffer (no ABA); a
/// mutated weight (a training step) is not uniquely referenced while cached, so copy-on-write
/// moves it to a new buffer and it misses. The cache holds at most `maximumFloats` transposed
/// floats and is cleared when a new entry would exceed that. A hit serves exactly the values a
/// fresh transpose would write.
final class TransposedWeightCache: Sendable {
  /// The cache `Dense` uses.
  static let shared = TransposedWeightCache()

  private struct Key: Hashable {
    let address: UInt
    let count: Int
    let rows: Int
  }

  private struct Entry {
    /// Retained so the key's address stays owned by this buffer while the entry lives.
    let source: [Float]
    let transposed: [Float]
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var floats = 0
    var hits = 0
    var misses = 0
  }

  /// The most transposed floats kept over all entries.
  let maximumFloats: Int
  private let state = Mutex(State())

  /// An empty cache of at most `maximumFloats` floats (default 2²⁵ = 128 MiB: the 32 MiB layer of
  /// the CIFAR-10 network plus the stacked sign-split copies the LRP kernels derive from it).
  init(maximumFloats: Int = 1 << 25) {
    precondition(maximumFloats > 0, "TransposedWeightCache: capacity must be positive")
    self.maximumFloats = maximumFloats
  }

  /// How many lookups were served from the cache and how many transposed afresh (for tests).
  var statistics: (hits: Int, misses: Int) {
    state.withLock { ($0.hits, $0.misses) }
  }

  /// `Wᵀ` (`[columns, rows]` row-major) of `weights` (`[rows, columns]` row-major), from the
  /// cache or transposed now (outside the lock) and cached.
  /// - Complexity: O(1) on a hit; a miss costs one blocked transpose of `rows·columns` floats.
  func transposed(_ weights: [Float], rows: Int, columns: Int) -> [Float] {
    precondition(weights.count == rows &* columns, "TransposedWeightCache: \(weights.count) floats for \(rows)×\(columns)")
    let address = weights.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(address: address, count: weights.count, rows: rows)
    let hit = state.withLock { s -> [Float]? in
      guard let entry = s.entries[key] else {
        s.misses &+= 1
        return nil
      }
      s.hits &+= 1
      return entry.transposed
    }
    if let hit { return hit }
    let fresh = Self.transpose(weights, rows: rows, columns: columns)
    let dropped = state.withLock { s -> [Key: Entry] in
      var dropped: [Key: Entry] = [:]
      if s.floats &+ fresh.count > maximumFloats {
        dropped = s.entries
        s.entries = [:]
        s.floats = 0
      }
      if fresh.count <= maximumFloats {
        if let previous = s.entries.updateValue(Entry(source: weights, transposed: fresh), forKey: key) {
          s.floats &-= previous.transposed.count
        }
        s.floats &+= fresh.count
      }
      return dropped
    }
    // The dropped copies are freed here, outside the lock.
    _ = dropped
    return fresh
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
