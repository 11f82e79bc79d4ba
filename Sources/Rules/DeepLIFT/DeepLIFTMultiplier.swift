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
    precondition(single.count == delta.count, "DeepLIFT contribution: \(single.shape) and \(delta.shape) differ")
    var out = DeepLIFT.uninitialized(single.count)
    let negative = split?.negative.scalars ?? []
    let first = split?.positivePart.scalars ?? delta.scalars
    let second = split?.negativePart.scalars ?? []
    let isSplit = split != nil
    single.scalars.withUnsafeBufferPointer { mb in
      negative.withUnsafeBufferPointer { nb in
        first.withUnsafeBufferPointer { fb in
          second.withUnsafeBufferPointer { sb in
            out.withUnsafeMutableBufferPointer { ob in
              let (mp, mn) = (DeepLIFT.SharedPointer(reading: mb), DeepLIFT.SharedPointer(reading: nb))
              let (dp, dn) = (DeepLIFT.SharedPointer(reading: fb), DeepLIFT.SharedPointer(reading: sb))
              let o = DeepLIFT.SharedPointer(writing: ob)
              DeepLIFT.elementwise(count: ob.count) { range in
                if isSplit {
                  for i in range { o.base[i] = mp.base[i] * dp.base[i] + mn.base[i] * dn.base[i] }
                } else {
                  for i in range { o.base[i] = mp.base[i] * dp.base[i] }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: delta.shape, scalars: out)
  }
}
