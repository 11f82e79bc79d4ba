import Foundation

/// A thread-safe cache of elementwise transforms of weight matrices (`W⁺`, `W⁻`, `W²`, …), so a
/// propagator run many times on one network derives each matrix once.
///
/// Entries are keyed by the address of the source array's buffer and retain that array, so a
/// key can never be reused by a different buffer while the entry lives (no ABA). The cache keeps
/// at most `capacity` entries and is cleared when full.
final class DerivedWeightCache: @unchecked Sendable {
  /// The elementwise transforms the kernels need.
  enum Transform: Hashable, Sendable {
    case positive, negative, square, ones
    /// `w + γ·w⁺` (the γ rule's bit pattern is part of the key).
    case plusGammaPositive(UInt32)
    /// `w + γ·w⁻`.
    case plusGammaNegative(UInt32)

    /// Applies the transform to one weight.
    @inline(__always) func apply(_ w: Float) -> Float {
      switch self {
      case .positive: w > 0 ? w : 0
      case .negative: w < 0 ? w : 0
      case .square: w * w
      case .ones: 1
      case .plusGammaPositive(let g): w + Float(bitPattern: g) * (w > 0 ? w : 0)
      case .plusGammaNegative(let g): w + Float(bitPattern: g) * (w < 0 ? w : 0)
      }
    }
  }

  private struct Key: Hashable {
    let address: UInt
    let count: Int
    let transform: Transform
  }

  private struct Entry {
    let source: [Float]
    let value: [Float]
  }

  private let lock = NSLock()
  private var entries: [Key: Entry] = [:]
  private let capacity: Int

  /// An empty cache holding at most `capacity` derived matrices.
  init(capacity: Int = 48) { self.capacity = capacity }

  /// `transform` applied to every element of `source`, computed at most once per buffer.
  func weights(_ source: [Float], _ transform: Transform) -> [Float] {
    let address = source.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(address: address, count: source.count, transform: transform)
    lock.lock()
    if let hit = entries[key] {
      lock.unlock()
      return hit.value
    }
    lock.unlock()
    var value = source
    value.withUnsafeMutableBufferPointer { v in
      for i in 0..<v.count { v[i] = transform.apply(v[i]) }
    }
    lock.lock()
    if entries.count >= capacity { entries.removeAll() }
    entries[key] = Entry(source: source, value: value)
    lock.unlock()
    return value
  }
}
