import Networks

/// A thread-safe cache of layers derived from a network's weights (`W⁺`, `W⁻`, `W²`, stacked
/// sign-split grids, …), so a propagator run many times on one network builds each once.
///
/// Entries are keyed by the source weight buffer and the transform grid (a `WeightBufferCache`:
/// the entry retains the buffer, so a mutated weight misses). The cache keeps at most `capacity`
/// entries and is cleared when full.
final class DerivedWeightCache: Sendable {
  /// The elementwise transforms the kernels need.
  enum Transform: Hashable, Sendable {
    case identity, positive, negative, square, ones
    /// `w + γ·w⁺` (the γ rule's bit pattern is part of the key).
    case plusGammaPositive(UInt32)
    /// `w + γ·w⁻`.
    case plusGammaNegative(UInt32)

    /// Applies the transform to one weight.
    @inline(__always) func apply(_ w: Float) -> Float {
      switch self {
      case .identity: w
      case .positive: w > 0 ? w : 0
      case .negative: w < 0 ? w : 0
      case .square: w * w
      case .ones: 1
      case .plusGammaPositive(let g): w + Float(bitPattern: g) * (w > 0 ? w : 0)
      case .plusGammaNegative(let g): w + Float(bitPattern: g) * (w < 0 ? w : 0)
      }
    }

    /// `to[e] = apply(from[e])` for `e < count`: the case is chosen once, so each loop is a
    /// plain elementwise loop the compiler vectorises (same values as `apply`).
    func apply(_ from: UnsafePointer<Float>, into to: UnsafeMutablePointer<Float>, count: Int) {
      switch self {
      case .identity: to.update(from: from, count: count)
      case .positive: for e in 0..<count { to[e] = from[e] > 0 ? from[e] : 0 }
      case .negative: for e in 0..<count { to[e] = from[e] < 0 ? from[e] : 0 }
      case .square: for e in 0..<count { to[e] = from[e] * from[e] }
      case .ones: to.update(repeating: 1, count: count)
      case .plusGammaPositive(let g):
        let gamma = Float(bitPattern: g)
        for e in 0..<count { to[e] = from[e] + gamma * (from[e] > 0 ? from[e] : 0) }
      case .plusGammaNegative(let g):
        let gamma = Float(bitPattern: g)
        for e in 0..<count { to[e] = from[e] + gamma * (from[e] < 0 ? from[e] : 0) }
      }
    }
  }

  private let cache: WeightBufferCache<[[Transform]], LRPKernel.DerivedLayer>

  /// An empty cache holding at most `capacity` derived layers.
  init(capacity: Int = 48) { cache = WeightBufferCache(maximumEntries: capacity) }

  /// The bias-free layer whose weight is the grid `blocks` of transforms of `layer`'s weight
  /// (`LRPKernel.DerivedLayer`), built at most once per weight buffer and grid.
  func layer(_ layer: LRPKernel.LinearLayer, _ blocks: [[Transform]]) -> LRPKernel.DerivedLayer {
    cache.value(for: layer.weight.scalars, variant: blocks) { LRPKernel.DerivedLayer(layer.kind, blocks: blocks) }
  }
}
