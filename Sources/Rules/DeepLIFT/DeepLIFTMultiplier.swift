import Networks

/// A DeepLIFT multiplier at one layer boundary: one tensor, or separate multipliers for the
/// positive and negative parts of the difference (after RevealCancel) with those parts.
struct DeepLIFTMultiplier: Sendable {
  /// The multiplier (for a split multiplier, `m⁺`).
  var single: Tensor
  /// `m⁻` and the parts `Δ⁺`, `Δ⁻` the split multipliers apply to; `nil` when `m⁺ = m⁻`.
  var split: (negative: Tensor, positivePart: Tensor, negativePart: Tensor)?

  /// One multiplier for both parts.
  init(single: Tensor) {
    self.single = single
    self.split = nil
  }

  /// Split multipliers `m⁺ = positive`, `m⁻ = negative` of the parts `Δ⁺`, `Δ⁻`.
  init(positive: Tensor, negative: Tensor, positivePart: Tensor, negativePart: Tensor) {
    self.single = positive
    self.split = (negative, positivePart, negativePart)
  }

  /// `m ⊙ Δ`, or `m⁺ ⊙ Δ⁺ + m⁻ ⊙ Δ⁻` for a split multiplier.
  func contribution(delta: Tensor) -> Tensor {
    guard let split else { return MethodArrays.product(single, delta) }
    var out = [Float](repeating: 0, count: single.count)
    single.scalars.withUnsafeBufferPointer { mp in
      split.negative.scalars.withUnsafeBufferPointer { mn in
        split.positivePart.scalars.withUnsafeBufferPointer { dp in
          split.negativePart.scalars.withUnsafeBufferPointer { dn in
            out.withUnsafeMutableBufferPointer { o in
              for i in 0..<o.count { o[i] = mp[i] * dp[i] + mn[i] * dn[i] }
            }
          }
        }
      }
    }
    return Tensor(shape: single.shape, scalars: out)
  }
}
