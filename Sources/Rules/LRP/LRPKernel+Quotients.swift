extension LRPKernel {
  /// `dst[q] = scale · v[q] / s(d[q] + bias)` where the (masked) upstream `v[q]` is non-zero and
  /// `0` elsewhere, eight lanes at a time; returns how many of those denominators `s` stabilised.
  ///
  /// The mask keeps `v[q]` only where the layer's own `z[q] > 0` (`.positiveZ`) or `< 0`
  /// (`.negativeZ`); `z` is read only for those masks. Every lane computes `scale · v / s(·)` in
  /// the same order as the scalar tail, so results do not depend on the split.
  /// - Complexity: O(count), branch-free in the vector body.
  @inline(__always) static func quotients(
    _ v: UnsafePointer<Float>, sums d: UnsafePointer<Float>, bias: Float, scale: Float, stabiliser: Stabiliser,
    mask: SplitProduct.Mask, z: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int
  ) -> Int {
    let (epsilon, signed): (Float, Bool)
    switch stabiliser {
    case .signed(let e): (epsilon, signed) = (e, true)
    case .safeDivide(let e): (epsilon, signed) = (e, false)
    }
    let zero = SIMD8<Float>(repeating: 0)
    let one = SIMD8<Float>(repeating: 1)
    let (ev, bv, sv) = (SIMD8<Float>(repeating: epsilon), SIMD8<Float>(repeating: bias), SIMD8<Float>(repeating: scale))
    var counted = zero
    var q = 0
    let (rv, rd, rz) = (UnsafeRawPointer(v), UnsafeRawPointer(d), UnsafeRawPointer(z))
    let out = UnsafeMutableRawPointer(dst)
    while q &+ 8 <= count {
      var x = rv.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
      switch mask {
      case .all: break
      case .positiveZ: x = x.replacing(with: 0, where: .!(rz.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) .> 0))
      case .negativeZ: x = x.replacing(with: 0, where: .!(rz.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) .< 0))
      }
      let sum = rd.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) + bv
      let live = x .!= 0
      let den: SIMD8<Float>
      let stabilised: SIMDMask<SIMD8<Int32>>
      if signed {
        den = (sum - ev).replacing(with: sum + ev, where: sum .>= 0)
        stabilised = (sum .< ev) .& (sum .> -ev)
      } else {
        den = sum.replacing(with: ev, where: sum .== 0)
        stabilised = sum .== 0
      }
      let quotient = (sv * x / den).replacing(with: 0, where: .!live)
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
        let sum = d[q] + bias
        dst[q] = scale * x / stabiliser.apply(sum)
        if stabiliser.isStabilised(sum) { total &+= 1 }
      }
      q &+= 1
    }
    return total
  }
}
