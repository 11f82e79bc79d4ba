import Synchronization

/// A thread-safe cache of values derived from a weight buffer (packed or transposed copies,
/// sign-split layers, …), so a layer evaluated many times derives each value once.
///
/// Entries are keyed by the address and length of the source `[Float]` plus a `Variant` (which
/// derivation), and they retain the source, so while an entry lives its address cannot be reused
/// by another buffer (no ABA). A weight mutated in place (a training step) is not uniquely
/// referenced while cached, so copy-on-write moves it to a new buffer and it misses. The cache
/// holds at most `maximumEntries` entries and `maximumFloats` floats of derived values, and is
/// cleared when a new entry would exceed either. A hit serves exactly the value a fresh
/// derivation would produce, so results never depend on the cache.
public final class WeightBufferCache<Variant: Hashable & Sendable, Value: Sendable>: Sendable {
  private struct Key: Hashable {
    let address: UInt
    let count: Int
    let variant: Variant
  }

  private struct Entry {
    /// Retained so the key's address stays owned by this buffer while the entry lives.
    let source: [Float]
    let value: Value
    let floats: Int
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var floats = 0
    var hits = 0
    var misses = 0
  }

  /// The most entries kept.
  public let maximumEntries: Int
  /// The most derived floats kept over all entries.
  public let maximumFloats: Int
  private let state = Mutex(State())

  /// An empty cache of at most `maximumEntries` entries and `maximumFloats` derived floats.
  public init(maximumEntries: Int, maximumFloats: Int = .max) {
    precondition(maximumEntries > 0 && maximumFloats > 0, "WeightBufferCache: capacity must be positive")
    self.maximumEntries = maximumEntries
    self.maximumFloats = maximumFloats
  }

  /// How many lookups were served from the cache and how many derived afresh.
  public var statistics: (hits: Int, misses: Int) {
    state.withLock { ($0.hits, $0.misses) }
  }

  /// The value `variant` of `source`: from the cache, or made now by `make` (outside the lock;
  /// two threads missing at once both make it, and either result is the same) and cached.
  /// - Parameters:
  ///   - floats: the size of a made value, counted against `maximumFloats` (a value larger than
  ///     that is returned but not kept).
  /// - Complexity: O(1) on a hit; a miss costs `make`.
  public func value(
    for source: [Float], variant: Variant, floats: (Value) -> Int = { _ in 0 }, make: () -> Value
  ) -> Value {
    let address = source.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(address: address, count: source.count, variant: variant)
    let hit = state.withLock { s -> Value? in
      guard let entry = s.entries[key] else {
        s.misses &+= 1
        return nil
      }
      s.hits &+= 1
      return entry.value
    }
    if let hit { return hit }
    let fresh = make()
    let size = floats(fresh)
    let dropped = state.withLock { s -> [Key: Entry] in
      var dropped: [Key: Entry] = [:]
      if s.entries.count >= maximumEntries || s.floats &+ size > maximumFloats {
        dropped = s.entries
        s.entries = [:]
        s.floats = 0
      }
      if size <= maximumFloats {
        if let previous = s.entries.updateValue(Entry(source: source, value: fresh, floats: size), forKey: key) {
          s.floats &-= previous.floats
        }
        s.floats &+= size
      }
      return dropped
    }
    // The dropped values are freed here, outside the lock.
    _ = dropped
    return fresh
  }
}
