import Networks

/// The bias-free dense/conv layers DeepLIFT derives from a layer's weight (`W⁺`, `|W|`, the
/// sign-split `[W⁺ W⁻]`), built once per weight buffer and kept for later calls.
///
/// Entries are keyed by the source weight buffer and the derivation (a `WeightBufferCache`: the
/// entry retains the buffer, so a mutated weight misses). At most `capacity` entries are kept;
/// the cache is cleared when full. Thread-safe.
final class DeepLIFTWeightCache: Sendable {
  /// A derived weight.
  enum Derivation: Hashable, Sendable {
    /// `W⁺ = max(W, 0)` (the ablation's linear rule).
    case positive
    /// `|W|` (RevealCancel's transposed product of `m⁺ − m⁻`).
    case absolute
    /// `[W⁺ W⁻]` along the input axis: dense `[O, 2K]`, conv `[O, 2C, kh, kw]` with the `W⁺` block
    /// on input channels `0..<C` and `W⁻` on `C..<2C` (RevealCancel's parts in one product).
    case signSplit
    /// `[W⁺; W⁻]` along the output axis: dense `[2O, K]`, conv `[2O, C, kh, kw]` (RevealCancel's
    /// parts of a single-signed input difference in one product).
    case signStacked
  }

  private let cache: WeightBufferCache<Derivation, Layer>

  /// An empty cache holding at most `capacity` derived layers.
  init(capacity: Int = 32) { cache = WeightBufferCache(maximumEntries: capacity) }

  /// The bias-free layer `layer` (dense or conv) with its weight replaced by `derivation` of it.
  /// - Complexity: `O(weight count)` on the first call per weight buffer, `O(1)` after.
  func layer(_ layer: Layer, _ derivation: Derivation) -> Layer {
    let weight = DeepLIFT.weight(of: layer)
    return cache.value(for: weight.scalars, variant: derivation) {
      DeepLIFT.replacingWeight(of: layer, with: Self.derive(weight, derivation))
    }
  }

  /// The derived weight tensor.
  static func derive(_ w: Tensor, _ derivation: Derivation) -> Tensor {
    switch derivation {
    case .positive: return Tensor(shape: w.shape, scalars: w.scalars.map { max($0, 0) })
    case .absolute: return Tensor(shape: w.shape, scalars: w.scalars.map { abs($0) })
    case .signSplit:
      // Row o (dense) or output channel o (conv) of W is `inner` values; the split row is W⁺ then W⁻.
      let rows = w.shape[0]
      let inner = w.count / max(rows, 1)
      var out = [Float](repeating: 0, count: 2 &* w.count)
      w.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
          for o in 0..<rows {
            let from = o &* inner
            let to = 2 &* o &* inner
            for e in 0..<inner {
              let v = src[from &+ e]
              dst[to &+ e] = v > 0 ? v : 0
              dst[to &+ inner &+ e] = v < 0 ? v : 0
            }
          }
        }
      }
      var shape = w.shape
      shape[1] *= 2
      return Tensor(shape: shape, scalars: out)
    case .signStacked:
      var shape = w.shape
      shape[0] *= 2
      return Tensor(shape: shape, scalars: w.scalars.map { $0 > 0 ? $0 : 0 } + w.scalars.map { $0 < 0 ? $0 : 0 })
    }
  }
}
