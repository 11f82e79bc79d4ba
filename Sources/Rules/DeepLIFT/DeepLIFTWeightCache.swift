import Foundation
import Networks

/// The bias-free dense/conv layers DeepLIFT derives from a layer's weight (`W⁺`, `|W|`, the
/// sign-split `[W⁺ W⁻]`), built once per weight buffer and kept for later calls.
///
/// Entries are keyed by the address and size of the source weight buffer and retain that buffer,
/// so a key cannot be reused by another buffer while its entry lives. At most `capacity` entries
/// are kept; the cache is cleared when full. Thread-safe (one lock around the dictionary).
final class DeepLIFTWeightCache: @unchecked Sendable {
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

  private struct Key: Hashable {
    let address: UInt
    let count: Int
    let derivation: Derivation
  }

  private struct Entry {
    let source: [Float]
    let layer: Layer
  }

  private let lock = NSLock()
  private var entries: [Key: Entry] = [:]
  private let capacity: Int

  /// An empty cache holding at most `capacity` derived layers.
  init(capacity: Int = 32) { self.capacity = capacity }

  /// The bias-free layer `layer` (dense or conv) with its weight replaced by `derivation` of it.
  /// - Complexity: `O(weight count)` on the first call per weight buffer, `O(1)` after.
  func layer(_ layer: Layer, _ derivation: Derivation) -> Layer {
    let weight = DeepLIFT.weight(of: layer)
    let source = weight.scalars
    let address = source.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(address: address, count: source.count, derivation: derivation)
    lock.lock()
    if let hit = entries[key] {
      lock.unlock()
      return hit.layer
    }
    lock.unlock()
    let derived = DeepLIFT.replacingWeight(of: layer, with: Self.derive(weight, derivation))
    lock.lock()
    if entries.count >= capacity { entries.removeAll() }
    entries[key] = Entry(source: source, layer: derived)
    lock.unlock()
    return derived
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
