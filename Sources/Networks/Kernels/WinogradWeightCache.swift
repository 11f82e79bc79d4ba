import CKernels

/// A thread-safe cache of transformed, packed Winograd weights (`bp_winograd23_pack_weights`), so
/// a layer evaluated many times (attribution methods, sanity checks, benchmarks) transforms its
/// kernel once rather than on every call.
///
/// Entries are keyed by the source weight buffer (a `WeightBufferCache`: the entry retains it, so
/// a mutated weight misses), the orientation (`transposedFlipped`) and the plan's channel counts
/// and kernel level; at most `maximumEntries` entries and `maximumFloats` packed floats are kept.
/// Results never depend on hits: a hit serves the bits a fresh pack would write.
final class WinogradWeightCache: Sendable {
  /// The cache `Conv2D`'s Winograd path uses.
  static let shared = WinogradWeightCache()

  /// What besides the source buffer defines a packed layout.
  private struct Variant: Hashable, Sendable {
    let transposedFlipped: Bool
    let channels: Int
    let outChannels: Int
    let level: Int32
  }

  private let cache: WeightBufferCache<Variant, ScratchBuffer>

  /// An empty cache of at most `maximumEntries` entries and `maximumFloats` packed floats
  /// (defaults: 64 entries, 32 MiB: the CIFAR-10 network with every derived LRP layer needs a few).
  init(maximumEntries: Int = 64, maximumFloats: Int = 1 << 23) {
    cache = WeightBufferCache(maximumEntries: maximumEntries, maximumFloats: maximumFloats)
  }

  /// How many lookups were served from the cache and how many packed afresh (for tests).
  var statistics: (hits: Int, misses: Int) { cache.statistics }

  /// The packed transformed weights of `weights` for `plan` (see `bp_winograd23_pack_weights`),
  /// from the cache or packed now by `pack` into a new buffer and cached. The buffer is written
  /// once, before it is published to the cache, and only read afterwards.
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
  ) -> ScratchBuffer {
    let variant = Variant(
      transposedFlipped: transposedFlipped, channels: plan.channels, outChannels: plan.outChannels,
      level: plan.level)
    return cache.value(for: weights, variant: variant, floats: { $0.capacity }) {
      let fresh = ScratchBuffer(capacity: plan.weightCount)
      pack(fresh.base)
      return fresh
    }
  }
}
