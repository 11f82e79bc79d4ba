import Networks

extension DeepLIFT {
  /// RevealCancel at a ReLU above the dense/conv layer `below` with input difference `dx` (see the
  /// type documentation for the definition).
  ///
  /// The parts come from ONE forward product (`parts`) of the sign-split layer `[W⁺ W⁻]` on a batch
  /// of `2N` stacked inputs: sample `s` is `[Δx⁺; Δx⁻]` (giving `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻`), sample `N + s`
  /// is `[Δx⁻; Δx⁺]` (giving `Δz⁻ = W⁺Δx⁻ + W⁻Δx⁺`); of `[W⁺; W⁻]` on `Δx` when `Δx` has one sign.
  /// Every term of a part has the part's sign, so there is
  /// no cancellation: an exactly-zero part is an exact 0 (GEMM and im2col sum the terms themselves)
  /// and gets deeplift's pseudocount, as in the generic evaluator. The parts are clamped to their
  /// sign (`Δz⁺ ≥ 0`, `Δz⁻ ≤ 0`, exact in real arithmetic), which removes a rounding residue of the
  /// wrong sign where a convolution runs through Winograd's transformed domain. The Shapley
  /// differences `relu(a + t) − relu(a)` are taken by `rise`, without cancellation.
  /// - Parameters:
  ///   - m: the multiplier at the ReLU output `[N, …]`.
  ///   - refZ: the reference's pre-activation (batch 1, broadcast, or `N`).
  /// - Complexity: one product of 4× the layer's forward work (2× for a single-signed `Δx`), then
  ///   `O(outputs)`.
  func revealCancel(below: Layer, multiplier m: Tensor, refZ: Tensor, dx: Tensor) -> DeepLIFTMultiplier {
    let (zPos, zNeg) = parts(below: below, dx: dx, outputShape: m.shape)
    let size = m.count / max(m.shape[0], 1)
    let shared = refZ.shape[0] == 1
    var mPos = Self.uninitialized(m.count)
    var mNeg = Self.uninitialized(m.count)
    m.scalars.withUnsafeBufferPointer { mb in
      refZ.scalars.withUnsafeBufferPointer { rb in
        zPos.scalars.withUnsafeBufferPointer { pb in
          zNeg.scalars.withUnsafeBufferPointer { nb in
            mPos.withUnsafeMutableBufferPointer { ob in
              mNeg.withUnsafeMutableBufferPointer { qb in
                let (mp, rp, pp, np) = (
                  SharedPointer(reading: mb), SharedPointer(reading: rb), SharedPointer(reading: pb), SharedPointer(reading: nb)
                )
                let (op, on) = (SharedPointer(writing: ob), SharedPointer(writing: qb))
                Self.elementwise(count: m.count) { range in
                  // Segments of one sample, so the reference elements of a segment are contiguous.
                  var i = range.lowerBound
                  while i < range.upperBound {
                    let sampleEnd = min(range.upperBound, (i / max(size, 1) &+ 1) &* size)
                    let k = shared ? i % max(size, 1) : i
                    Self.revealCancelSlopes(
                      count: sampleEnd &- i, m: mp.base + i, refZ: rp.base + k, positive: pp.base + i, negative: np.base + i,
                      mPositive: op.base + i, mNegative: on.base + i)
                    i = sampleEnd
                  }
                }
              }
            }
          }
        }
      }
    }
    return DeepLIFTMultiplier(
      positive: Tensor(shape: m.shape, scalars: mPos), negative: Tensor(shape: m.shape, scalars: mNeg),
      positivePart: zPos, negativePart: zNeg)
  }

  /// `m⁺ = m·Δy⁺/P`, `m⁻ = m·Δy⁻/N` for `count` consecutive units (see the type documentation),
  /// eight lanes at a time: the same Float operations per element as the scalar tail.
  static func revealCancelSlopes(
    count: Int, m: UnsafeMutablePointer<Float>, refZ: UnsafeMutablePointer<Float>, positive: UnsafeMutablePointer<Float>,
    negative: UnsafeMutablePointer<Float>, mPositive: UnsafeMutablePointer<Float>, mNegative: UnsafeMutablePointer<Float>
  ) {
    typealias V = SIMD8<Float>
    let lanes = V.scalarCount
    var i = 0
    while i &+ lanes <= count {
      let r = UnsafeRawPointer(refZ + i).loadUnaligned(as: V.self)
      let p = pseudocount(UnsafeRawPointer(positive + i).loadUnaligned(as: V.self))
      let q = pseudocount(UnsafeRawPointer(negative + i).loadUnaligned(as: V.self))
      let yPos = 0.5 * (rise(r, p) + rise(r + q, p))
      let yNeg = 0.5 * (rise(r, q) + rise(r + p, q))
      let mi = UnsafeRawPointer(m + i).loadUnaligned(as: V.self)
      UnsafeMutableRawPointer(mPositive + i).storeBytes(of: mi * yPos / p, as: V.self)
      UnsafeMutableRawPointer(mNegative + i).storeBytes(of: mi * yNeg / q, as: V.self)
      i &+= lanes
    }
    while i < count {
      let r = refZ[i]
      let p = pseudocount(positive[i])
      let q = pseudocount(negative[i])
      let yPos = 0.5 * (rise(r, p) + rise(r + q, p))
      let yNeg = 0.5 * (rise(r, q) + rise(r + p, q))
      mPositive[i] = m[i] * yPos / p
      mNegative[i] = m[i] * yNeg / q
      i &+= 1
    }
  }

  /// `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻` and `Δz⁻ = W⁻Δx⁺ + W⁺Δx⁻` of the dense/conv layer `below`, each shaped
  /// `outputShape`, from one product of a cached derived layer (see `revealCancel`).
  ///
  /// When `Δx` has one sign throughout (an input ≥ 0 against a zero reference; every hidden layer
  /// of a network whose reference activations vanish) the `Δx⁻` (or `Δx⁺`) half of the terms is
  /// an exact zero and is skipped: `[W⁺; W⁻]·Δx` gives both parts at 2× the layer's work instead
  /// of 4×, still each as a sum of terms of one sign.
  func parts(below: Layer, dx: Tensor, outputShape: [Int]) -> (positive: Tensor, negative: Tensor) {
    let (nonNegative, nonPositive) = dx.scalars.withUnsafeBufferPointer { d in
      var (low, high): (Float, Float) = (0, 0)
      for v in d {
        low = v < low ? v : low
        high = v > high ? v : high
      }
      return (low == 0, high == 0)
    }
    // Output-stacked product: per sample [first part; second part] (`[Δz⁻; Δz⁺]` for Δx ≤ 0);
    // sign-split product: batch [Δz⁺ of every sample; Δz⁻ of every sample].
    let outputStacked = nonNegative || nonPositive
    let swapped = nonPositive && !nonNegative
    let sums =
      outputStacked
      ? weights.layer(below, .signStacked).forward(dx).scalars
      : weights.layer(below, .signSplit).forward(Self.signStacked(dx)).scalars
    let half = sums.count / 2
    precondition(half == outputShape.reduce(1, *), "DeepLIFT RevealCancel: parts of \(below.name) do not fit")
    let perSample = half / max(outputShape[0], 1)
    var positive = Self.uninitialized(half)
    var negative = Self.uninitialized(half)
    sums.withUnsafeBufferPointer { sb in
      positive.withUnsafeMutableBufferPointer { pb in
        negative.withUnsafeMutableBufferPointer { nb in
          let (sp, pp, np) = (SharedPointer(reading: sb), SharedPointer(writing: pb), SharedPointer(writing: nb))
          Self.elementwise(count: half) { range in
            var (s, k) = range.lowerBound.quotientAndRemainder(dividingBy: max(perSample, 1))
            for i in range {
              let first = outputStacked ? 2 &* s &* perSample &+ k : i
              let second = outputStacked ? first &+ perSample : half &+ i
              let (p, q) = swapped ? (sp.base[second], sp.base[first]) : (sp.base[first], sp.base[second])
              pp.base[i] = p > 0 ? p : 0
              np.base[i] = q < 0 ? q : 0
              k &+= 1
              if k == perSample { (s, k) = (s &+ 1, 0) }
            }
          }
        }
      }
    }
    return (Tensor(shape: outputShape, scalars: positive), Tensor(shape: outputShape, scalars: negative))
  }

  /// The batch of `2N` inputs of the sign-split layer: sample `s` is `[Δx⁺; Δx⁻]`, sample `N + s`
  /// is `[Δx⁻; Δx⁺]` (both stacked along the channel axis).
  static func signStacked(_ dx: Tensor) -> Tensor {
    let n = dx.shape[0]
    let size = dx.count / max(n, 1)
    var stacked = Self.uninitialized(4 &* dx.count)
    dx.scalars.withUnsafeBufferPointer { db in
      stacked.withUnsafeMutableBufferPointer { ob in
        let (d, out) = (SharedPointer(reading: db), SharedPointer(writing: ob))
        Self.elementwise(count: dx.count) { range in
          var (s, i) = range.lowerBound.quotientAndRemainder(dividingBy: max(size, 1))
          for j in range {
            let v = d.base[j]
            let plus: Float = v > 0 ? v : 0
            let minus: Float = v < 0 ? v : 0
            let forPositive = 2 &* s &* size &+ i
            let forNegative = 2 &* (n &+ s) &* size &+ i
            out.base[forPositive] = plus
            out.base[forPositive &+ size] = minus
            out.base[forNegative] = minus
            out.base[forNegative &+ size] = plus
            i &+= 1
            if i == size { (s, i) = (s &+ 1, 0) }
          }
        }
      }
    }
    var shape = dx.shape
    shape[0] = 2 &* n
    shape[1] *= 2
    return Tensor(shape: shape, scalars: stacked)
  }

  /// `relu(a + t) − relu(a)` without cancellation: `max(t, −a)` for `a ≥ 0`, else `max(a + t, 0)`.
  ///
  /// Written as the difference, a pseudocounted part `t ≈ ±1e-7` would be rounded to the Float32
  /// grid of `a` (ulp 7.5e-9 at `|a| ≈ 0.1`), putting an error of up to 15 % into the slope
  /// `Δy/t` that multiplies the part; here the result is `t` itself (or `−a`, `a + t`, 0).
  @inline(__always) static func rise(_ a: Float, _ t: Float) -> Float {
    a >= 0 ? max(t, -a) : max(a + t, 0)
  }

  /// `rise` on eight lanes.
  @inline(__always) static func rise(_ a: SIMD8<Float>, _ t: SIMD8<Float>) -> SIMD8<Float> {
    let live = t.replacing(with: -a, where: t .< -a)
    let sum = a + t
    let dead = sum.replacing(with: 0, where: sum .< 0)
    return dead.replacing(with: live, where: a .>= 0)
  }

  /// `pseudocount` on eight lanes.
  @inline(__always) static func pseudocount(_ t: SIMD8<Float>) -> SIMD8<Float> {
    let negative = t .< 0
    let magnitude = t.replacing(with: -t, where: negative)
    let offset = SIMD8<Float>(repeating: nearZero).replacing(with: -nearZero, where: negative)
    return t.replacing(with: t + offset, where: magnitude .< 0.5 * nearZero)
  }

  /// deeplift's `pseudocount_near_zero`: `t + 1e-7·sign(t)` where `|t| < 5e-8` (`sign(0) = +1`).
  static func pseudocount(_ t: Float) -> Float {
    guard abs(t) < 0.5 * nearZero else { return t }
    return t >= 0 ? t + nearZero : t - nearZero
  }
}
