import CKernels
import Synchronization

/// A thread-safe cache of transformed, packed Winograd weights (`bp_winograd23_pack_weights`), so
/// a layer evaluated many times (attribution methods, sanity checks, benchmarks) transforms its
/// kernel once rather than on every call.
///
/// Entries are keyed by the address and length of the source weight buffer, the orientation
/// (`transposedFlipped`) and the plan's channel counts and kernel level, and they retain the
/// source `[Float]`, so while an entry lives its address cannot be reused by another buffer (no
/// ABA). A weight that is mutated (a training step, `w.scalars[0] += 1`) is not uniquely
/// referenced while cached, so copy-on-write moves it to a new buffer and it misses the cache.
/// The cache holds at most `maximumEntries` entries and `maximumFloats` packed floats and is
/// cleared when a new entry would exceed either. Results never depend on hits: a hit serves the
/// bits a fresh pack would write.
final class WinogradWeightCache: Sendable {
  /// The cache `Conv2D`'s Winograd path uses.
  static let shared = WinogradWeightCache()

  /// Transformed weights in the micro-kernel's panel layout, 64-byte aligned.
  ///
  /// `@unchecked Sendable`: the memory is written once, by the thread that creates the value,
  /// before the value is published to the cache; afterwards it is only read.
  final class Packed: @unchecked Sendable {
    /// The first packed float.
    let base: UnsafeMutablePointer<Float>
    /// The number of packed floats.
    let count: Int

    /// Allocates `count` uninitialised floats.
    init(count: Int) {
      self.count = count
      base = UnsafeMutableRawPointer.allocate(
        byteCount: max(1, count) &* MemoryLayout<Float>.stride, alignment: 64
      ).bindMemory(to: Float.self, capacity: max(1, count))
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
  }

  private struct Key: Hashable {
    let address: UInt
    let count: Int
    let transposedFlipped: Bool
    let channels: Int
    let outChannels: Int
    let level: Int32
  }

  private struct Entry {
    /// Retained so the key's address stays owned by this buffer while the entry lives.
    let source: [Float]
    let packed: Packed
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var floats = 0
    var hits = 0
    var misses = 0
  }

  /// The most entries kept (a network's layers in both orientations, plus derived weights).
  let maximumEntries: Int
  /// The most packed floats kept over all entries.
  let maximumFloats: Int
  private let state = Mutex(State())

  /// An empty cache of at most `maximumEntries` entries and `maximumFloats` packed floats
  /// (defaults: 64 entries, 32 MiB: the CIFAR-10 network with every derived LRP layer needs a few).
  init(maximumEntries: Int = 64, maximumFloats: Int = 1 << 23) {
    precondition(maximumEntries > 0 && maximumFloats > 0, "WinogradWeightCache: capacity must be positive")
    self.maximumEntries = maximumEntries
    self.maximumFloats = maximumFloats
  }

  /// How many lookups were served from the cache and how many packed afresh (for tests).
  var statistics: (hits: Int, misses: Int) {
    state.withLock { ($0.hits, $0.misses) }
  }

  /// The packed transformed weights of `weights` for `plan` (see `bp_winograd23_pack_weights`),
  /// from the cache or packed now by `pack` into a new buffer and cached.
  /// - Parameters:
  ///   - weights: the source kernel, `[O, C, 3, 3]` or (transposed) `[C, O, 3, 3]`.
  ///   - transposedFlipped: the orientation flag passed to the packing.
  ///   - plan: the plan whose channel counts and level define the packed layout.
  ///   - pack: fills `plan.weightCount` floats at the pointer; called only on a miss, outside
  ///     the lock (two threads missing at once both pack; either result is the same).
  /// - Complexity: O(1) on a hit; a miss costs `pack`.
  func packed(
    _ weights: [Float], transposedFlipped: Bool, plan: bp_winograd_plan,
    pack: (UnsafeMutablePointer<Float>) -> Void
  ) -> Packed {
    let address = weights.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(
      address: address, count: weights.count, transposedFlipped: transposedFlipped,
      channels: plan.channels, outChannels: plan.outChannels, level: plan.level)
    let hit = state.withLock { s -> Packed? in
      guard let entry = s.entries[key] else {
        s.misses &+= 1
        return nil
      }
      s.hits &+= 1
      return entry.packed
    }
    if let hit { return hit }
    let fresh = Packed(count: plan.weightCount)
    pack(fresh.base)
    let dropped = state.withLock { s -> [Key: Entry] in
      var dropped: [Key: Entry] = [:]
      if s.entries.count >= maximumEntries || s.floats &+ fresh.count > maximumFloats {
        dropped = s.entries
        s.entries = [:]
        s.floats = 0
      }
      if fresh.count <= maximumFloats {
        if let previous = s.entries.updateValue(Entry(source: weights, packed: fresh), forKey: key) {
          s.floats &-= previous.packed.count
        }
        s.floats &+= fresh.count
      }
      return dropped
    }
    // The dropped buffers are freed here, outside the lock.
    _ = dropped
    return fresh
  }
}
