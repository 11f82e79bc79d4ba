import Networks

extension DeepLIFT {
  /// RevealCancel at a ReLU above the dense/conv layer `below` with input difference `dx` (see the
  /// type documentation for the definition).
  ///
  /// The parts come from ONE forward product of the sign-split layer `[W⁺ W⁻]` on a batch of `2N`
  /// stacked inputs: sample `s` is `[Δx⁺; Δx⁻]` (giving `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻`), sample `N + s` is
  /// `[Δx⁻; Δx⁺]` (giving `Δz⁻ = W⁺Δx⁻ + W⁻Δx⁺`). Every term of a part has the part's sign, so there is
  /// no cancellation: an exactly-zero part is an exact 0 (GEMM and im2col sum the terms themselves)
  /// and gets deeplift's pseudocount, as in the generic evaluator. The parts are clamped to their
  /// sign (`Δz⁺ ≥ 0`, `Δz⁻ ≤ 0`, exact in real arithmetic), which removes a rounding residue of the
  /// wrong sign where a convolution runs through Winograd's transformed domain. The Shapley
  /// differences `relu(a + t) − relu(a)` are taken by `rise`, without cancellation.
  /// - Parameters:
  ///   - m: the multiplier at the ReLU output `[N, …]`.
  ///   - refZ: the reference's pre-activation (batch 1, broadcast, or `N`).
  /// - Complexity: one product of 4× the layer's forward work, then `O(outputs)`.
  func revealCancel(below: Layer, multiplier m: Tensor, refZ: Tensor, dx: Tensor) -> DeepLIFTMultiplier {
    let (zPos, zNeg) = parts(below: below, dx: dx, outputShape: m.shape)
    let n = m.shape[0]
    let size = m.count / max(n, 1)
    let shared = refZ.shape[0] == 1
    var mPos = [Float](repeating: 0, count: m.count)
    var mNeg = [Float](repeating: 0, count: m.count)
    m.scalars.withUnsafeBufferPointer { mp in
      refZ.scalars.withUnsafeBufferPointer { rp in
        zPos.scalars.withUnsafeBufferPointer { pp in
          zNeg.scalars.withUnsafeBufferPointer { np in
            mPos.withUnsafeMutableBufferPointer { op in
              mNeg.withUnsafeMutableBufferPointer { on in
                for s in 0..<n {
                  let base = s &* size
                  let refBase = shared ? 0 : base
                  for k in 0..<size {
                    let i = base &+ k
                    let r = rp[refBase &+ k]
                    let p = Self.pseudocount(pp[i])
                    let q = Self.pseudocount(np[i])
                    let yPos = 0.5 * (Self.rise(r, p) + Self.rise(r + q, p))
                    let yNeg = 0.5 * (Self.rise(r, q) + Self.rise(r + p, q))
                    op[i] = mp[i] * yPos / p
                    on[i] = mp[i] * yNeg / q
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

  /// `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻` and `Δz⁻ = W⁻Δx⁺ + W⁺Δx⁻` of the dense/conv layer `below`, each shaped
  /// `outputShape`, from one product of the cached sign-split layer (see `revealCancel`).
  func parts(below: Layer, dx: Tensor, outputShape: [Int]) -> (positive: Tensor, negative: Tensor) {
    let n = dx.shape[0]
    let size = dx.count / max(n, 1)
    var stacked = [Float](repeating: 0, count: 4 &* dx.count)
    dx.scalars.withUnsafeBufferPointer { d in
      stacked.withUnsafeMutableBufferPointer { out in
        for s in 0..<n {
          let src = s &* size
          let forPositive = 2 &* s &* size
          let forNegative = 2 &* (n &+ s) &* size
          for i in 0..<size {
            let v = d[src &+ i]
            let (plus, minus): (Float, Float) = v > 0 ? (v, 0) : (0, v < 0 ? v : 0)
            out[forPositive &+ i] = plus
            out[forPositive &+ size &+ i] = minus
            out[forNegative &+ i] = minus
            out[forNegative &+ size &+ i] = plus
          }
        }
      }
    }
    var shape = dx.shape
    shape[0] = 2 &* n
    shape[1] *= 2
    let sums = weights.layer(below, .signSplit).forward(Tensor(shape: shape, scalars: stacked)).scalars
    let half = sums.count / 2
    precondition(half == outputShape.reduce(1, *), "DeepLIFT RevealCancel: parts of \(below.name) do not fit")
    let positive = sums[0..<half].map { $0 > 0 ? $0 : 0 }
    let negative = sums[half...].map { $0 < 0 ? $0 : 0 }
    return (Tensor(shape: outputShape, scalars: positive), Tensor(shape: outputShape, scalars: negative))
  }

  /// `relu(a + t) − relu(a)` without cancellation: `max(t, −a)` for `a ≥ 0`, else `max(a + t, 0)`.
  ///
  /// Written as the difference, a pseudocounted part `t ≈ ±1e-7` would be rounded to the Float32
  /// grid of `a` (ulp 7.5e-9 at `|a| ≈ 0.1`), putting an error of up to 15 % into the slope
  /// `Δy/t` that multiplies the part; here the result is `t` itself (or `−a`, `a + t`, 0).
  @inline(__always) static func rise(_ a: Float, _ t: Float) -> Float {
    a >= 0 ? max(t, -a) : max(a + t, 0)
  }

  /// deeplift's `pseudocount_near_zero`: `t + 1e-7·sign(t)` where `|t| < 5e-8` (`sign(0) = +1`).
  static func pseudocount(_ t: Float) -> Float {
    guard abs(t) < 0.5 * nearZero else { return t }
    return t >= 0 ? t + nearZero : t - nearZero
  }
}
