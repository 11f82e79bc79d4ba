extension LRPKernel {
  /// Where a quotient kernel reads its denominators (before the stabiliser), eight lanes or one
  /// element at a time; specialised away in `quotients`.
  protocol Denominators {
    /// The eight denominators starting at `q`.
    func vector(_ q: Int) -> SIMD8<Float>
    /// The denominator at `q`.
    func scalar(_ q: Int) -> Float
  }

  /// `d[q] + bias`: a row of a stacked forward product plus the rule's bias.
  struct ProductDenominators: Denominators {
    /// The row of sums.
    let sums: UnsafePointer<Float>
    /// The rule's bias of this channel.
    let bias: Float

    @inline(__always) func vector(_ q: Int) -> SIMD8<Float> {
      UnsafeRawPointer(sums).loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) + SIMD8(repeating: bias)
    }

    @inline(__always) func scalar(_ q: Int) -> Float { sums[q] + bias }
  }

  /// `u · z⁺[q] + v · z⁻[q] + bias`: a sign-split sum from the positive and negative parts
  /// (αβ's `z⁻`: `u = 0, v = 1`; γ's `(1+γ)·z⁺ + z⁻` and `z⁺ + (1+γ)·z⁻`).
  struct SplitDenominators: Denominators {
    /// The row of positive sums.
    let positive: UnsafePointer<Float>
    /// The row of negative sums.
    let negative: UnsafePointer<Float>
    /// The factor of `z⁺`.
    let u: Float
    /// The factor of `z⁻`.
    let v: Float
    /// The rule's bias of this channel.
    let bias: Float

    @inline(__always) func vector(_ q: Int) -> SIMD8<Float> {
      let pv = UnsafeRawPointer(positive).loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
      let nv = UnsafeRawPointer(negative).loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
      return SIMD8(repeating: u) * pv + SIMD8(repeating: v) * nv + SIMD8(repeating: bias)
    }

    @inline(__always) func scalar(_ q: Int) -> Float { u * positive[q] + v * negative[q] + bias }
  }

  /// `dst[q] = scale · v[q] / s(d[q] + bias)` where the (masked) upstream `v[q]` is non-zero and
  /// `0` elsewhere, eight lanes at a time; returns how many of those denominators `s` stabilised.
  @inline(__always) static func quotients(
    _ v: UnsafePointer<Float>, sums d: UnsafePointer<Float>, bias: Float, scale: Float, stabiliser: Stabiliser,
    mask: SplitProduct.Mask, z: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int
  ) -> Int {
    quotients(
      v, denominators: ProductDenominators(sums: d, bias: bias), scale: scale, stabiliser: stabiliser, mask: mask, z: z,
      into: dst, count: count)
  }

  /// `dst[q] = scale · v[q] / s(den[q])` where the (masked) upstream `v[q]` is non-zero and `0`
  /// elsewhere, eight lanes at a time; returns how many of those denominators `s` stabilised.
  ///
  /// The mask keeps `v[q]` only where the layer's own `z[q] > 0` (`.positiveZ`) or `< 0`
  /// (`.negativeZ`); `z` is read only for those masks. Every lane computes `scale · v / s(·)` in
  /// the same order as the scalar tail, so results do not depend on the split.
  /// - Complexity: O(count), branch-free in the vector body.
  @inline(__always) static func quotients<D: Denominators>(
    _ v: UnsafePointer<Float>, denominators den: D, scale: Float, stabiliser: Stabiliser,
    mask: SplitProduct.Mask, z: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int
  ) -> Int {
    let (epsilon, signed): (Float, Bool)
    switch stabiliser {
    case .signed(let e): (epsilon, signed) = (e, true)
    case .safeDivide(let e): (epsilon, signed) = (e, false)
    }
    let zero = SIMD8<Float>(repeating: 0)
    let one = SIMD8<Float>(repeating: 1)
    let (ev, sv) = (SIMD8<Float>(repeating: epsilon), SIMD8<Float>(repeating: scale))
    var counted = zero
    var q = 0
    let (rv, rz) = (UnsafeRawPointer(v), UnsafeRawPointer(z))
    let out = UnsafeMutableRawPointer(dst)
    while q &+ 8 <= count {
      var x = rv.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
      switch mask {
      case .all: break
      case .positiveZ: x = x.replacing(with: 0, where: .!(rz.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) .> 0))
      case .negativeZ: x = x.replacing(with: 0, where: .!(rz.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) .< 0))
      }
      let sum = den.vector(q)
      let live = x .!= 0
      let denominator: SIMD8<Float>
      let stabilised: SIMDMask<SIMD8<Int32>>
      if signed {
        denominator = (sum - ev).replacing(with: sum + ev, where: sum .>= 0)
        stabilised = (sum .< ev) .& (sum .> -ev)
      } else {
        denominator = sum.replacing(with: ev, where: sum .== 0)
        stabilised = sum .== 0
      }
      let quotient = (sv * x / denominator).replacing(with: 0, where: .!live)
      out.storeBytes(of: quotient, toByteOffset: q &* 4, as: SIMD8<Float>.self)
      counted += zero.replacing(with: one, where: stabilised .& live)
      q &+= 8
    }
    var total = Int(counted.sum())
    while q < count {
      var x = v[q]
      switch mask {
      case .all: break
      case .positiveZ: if !(z[q] > 0) { x = 0 }
      case .negativeZ: if !(z[q] < 0) { x = 0 }
      }
      if x == 0 {
        dst[q] = 0
      } else {
        let sum = den.scalar(q)
        dst[q] = scale * x / stabiliser.apply(sum)
        if stabiliser.isStabilised(sum) { total &+= 1 }
      }
      q &+= 1
    }
    return total
  }
}
