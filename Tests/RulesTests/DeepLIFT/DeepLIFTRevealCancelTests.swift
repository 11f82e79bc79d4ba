import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// The Float32 robustness of the fast RevealCancel kernel: exact-zero parts, the pseudocount
/// slope, and the parts against a Double reference on strided/padded convolutions.
@Suite struct DeepLIFTRevealCancelTests {
  /// One unit `z = x₁ + x₂ + b`, `b = −0.105`, `x = (0.3, 0.2)`, reference 0: every term is
  /// positive, so `Δz⁻ = 0` exactly and gets the pseudocount `N = 1e-7`; `P = 0.5`, `z⁰ = −0.105`.
  /// `Δy⁻ = ½(relu(z⁰ + N) − relu(z⁰)) + ½(relu(z⁰ + P + N) − relu(z⁰ + P)) = ½N`, so `m⁻ = ½·m`;
  /// `Δy⁺ = ½(relu(z⁰ + P) − 0) + ½(relu(z⁰ + N + P) − relu(z⁰ + N)) = ½(0.395) + ½(0.395 + N)`,
  /// `m⁺ = (0.395 + ½N)/0.5·m`. Taken as a Float32 difference, `relu(0.395 + 1e-7) − relu(0.395)`
  /// rounds the step to the ulp grid of 0.395 (2.98e-8) and puts about 10 % into `m⁻`.
  @Test func exactZeroPartGetsThePseudocountSlope() throws {
    let layer = Layer.dense(
      Dense(name: "fc", weight: Tensor(shape: [1, 2], scalars: [1, 1]), bias: Tensor(shape: [1], scalars: [-0.105])))
    let m: Float = -2
    let split = DeepLIFT(.revealCancel).revealCancel(
      below: layer, multiplier: Tensor(shape: [1, 1], scalars: [m]),
      refZ: Tensor(shape: [1, 1], scalars: [-0.105]), dx: Tensor(shape: [1, 2], scalars: [0.3, 0.2]))
    let parts = try #require(split.split)
    #expect(parts.negativePart.scalars == [0])
    expectClose(parts.positivePart.scalars[0], 0.5, rtol: 1e-6)
    expectClose(parts.negative.scalars[0], 0.5 * m, rtol: 1e-6)
    expectClose(split.single.scalars[0], Float((0.395 + 0.5e-7) / 0.5) * m, rtol: 1e-5)
    let naive = ((max(Float(0.395) + 1e-7, 0) - max(Float(0.395), 0)) / 1e-7)
    #expect(abs(naive - 1) > 0.05, "the case must discriminate: Float32 difference quotient \(naive)")
  }

  /// `rise(a, t) = relu(a + t) − relu(a)` to a few ulps of `|t|` over random `a`, `t` of both signs
  /// and scales (Double reference), and exactly `t` when `a` and `a + t` are on the live side.
  @Test func riseIsTheReLUDifference() {
    var g = SeededGenerator(seed: 41)
    for trial in 0..<2000 {
      let a = Float(g.nextGaussian()) * (trial % 2 == 0 ? 1 : 1e-6)
      let t = Float(g.nextGaussian()) * (trial % 3 == 0 ? 1e-7 : 1)
      let exact = max(Double(a) + Double(t), 0) - max(Double(a), 0)
      let r = DeepLIFT.rise(a, t)
      #expect(abs(Double(r) - exact) <= 2e-7 * abs(Double(t)) + 1e-12, "trial \(trial): a \(a) t \(t)")
      if a >= 0 && a + t >= 0 { #expect(r == t, "trial \(trial)") }
    }
  }

  /// On a conv (k3, stride 2, pad 1) and a dense layer, for a mixed-sign, a non-negative and a
  /// non-positive `Δx`: `Δz⁺ ≥ 0`, `Δz⁻ ≤ 0`, each within Float32
  /// rounding of the Double sums `Σ pos(w·Δx)`, `Σ neg(w·Δx)`, and exactly 0 where every term of
  /// that sign vanishes (non-negative weights on a non-negative `Δx`: `Δz⁻ ≡ 0`). Seeds 1–4.
  @Test func partsAreSumsOfOneSign() throws {
    for seed: UInt64 in 1...4 {
      var g = SeededGenerator(seed: seed)
      for positive in [false, true] {
        let conv = RandomNetworks.conv("c", 3, 4, k: 3, stride: 2, pad: 1, bias: true, &g, positive: positive)
        let dense = RandomNetworks.dense("d", 12, 5, bias: true, &g, positive: positive)
        for (layer, shape) in [(conv, [2, 3, 6, 6]), (dense, [2, 12])] {
          let sampled = RandomNetworks.gaussian(shape, scale: 1, &g, positive: positive)
          // Mixed signs run the sign-split product; a one-signed Δx (≥ 0, ≤ 0) the stacked [W⁺; W⁻].
          for dx in positive ? [sampled, Tensor(shape: shape, scalars: sampled.scalars.map { -$0 })] : [sampled] {
          let (expectedPos, expectedNeg) = Self.doubleParts(layer, dx)
          let outShape = [2, expectedPos.count / 2]
          let (p, n) = DeepLIFT(.revealCancel).parts(below: layer, dx: dx, outputShape: outShape)
          let scale = zip(expectedPos, expectedNeg).map { $0 - $1 }
          for k in 0..<p.count {
            #expect(p.scalars[k] >= 0 && n.scalars[k] <= 0, "seed \(seed) \(layer.name) \(k)")
            #expect(abs(Double(p.scalars[k]) - expectedPos[k]) <= 4e-6 * scale[k], "seed \(seed) \(layer.name) P \(k)")
            #expect(abs(Double(n.scalars[k]) - expectedNeg[k]) <= 4e-6 * scale[k], "seed \(seed) \(layer.name) N \(k)")
            if expectedNeg[k] == 0 { #expect(n.scalars[k] == 0, "seed \(seed) \(layer.name) N \(k) not an exact 0") }
            if expectedPos[k] == 0 { #expect(p.scalars[k] == 0, "seed \(seed) \(layer.name) P \(k) not an exact 0") }
          }
          if positive && dx.scalars.allSatisfy({ $0 >= 0 }) {
            #expect(n.scalars.allSatisfy { $0 == 0 }, "seed \(seed) \(layer.name)")
          }
          }
        }
      }
    }
  }

  /// `Σᵢ pos(wᵢΔxᵢ)` and `Σᵢ neg(wᵢΔxᵢ)` per output by naive loops in Double (dense, or conv
  /// with zero padding), flattened `[N, outputs]`.
  static func doubleParts(_ layer: Layer, _ dx: Tensor) -> ([Double], [Double]) {
    var pos: [Double] = []
    var neg: [Double] = []
    func add(_ terms: [Double]) {
      pos.append(terms.reduce(0) { $0 + max($1, 0) })
      neg.append(terms.reduce(0) { $0 + min($1, 0) })
    }
    switch layer {
    case .dense(let d):
      let (o, k) = (d.weight.shape[0], d.weight.shape[1])
      for s in 0..<dx.shape[0] {
        for j in 0..<o { add((0..<k).map { Double(d.weight.scalars[j * k + $0]) * Double(dx.scalars[s * k + $0]) }) }
      }
    case .conv2d(let c):
      let (o, ci, kh, kw) = (c.weight.shape[0], c.weight.shape[1], c.weight.shape[2], c.weight.shape[3])
      let (h, w) = (dx.shape[2], dx.shape[3])
      let oh = (h + 2 * c.padding.height - kh) / c.stride.height + 1
      let ow = (w + 2 * c.padding.width - kw) / c.stride.width + 1
      for s in 0..<dx.shape[0] {
        for j in 0..<o {
          for y in 0..<oh {
            for x in 0..<ow {
              var terms: [Double] = []
              for ch in 0..<ci {
                for u in 0..<kh {
                  for v in 0..<kw {
                    let (iy, ix) = (y * c.stride.height - c.padding.height + u, x * c.stride.width - c.padding.width + v)
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    let wv = Double(c.weight.scalars[((j * ci + ch) * kh + u) * kw + v])
                    terms.append(wv * Double(dx.scalars[((s * ci + ch) * h + iy) * w + ix]))
                  }
                }
              }
              add(terms)
            }
          }
        }
      }
    default: preconditionFailure("doubleParts: \(layer.name) is not linear")
    }
    return (pos, neg)
  }

  /// The variants carry the registry's command-line names, and the registry builds them.
  @Test func variantsAreTheRegistryMethods() throws {
    for variant in DeepLIFT.Variant.allCases {
      let method = DeepLIFT(variant)
      #expect(method.seed == .logitValue && method.reference == nil && method.maxPool == .gradient)
      let made = try #require(try MethodRegistry.make(method.name) as? DeepLIFT)
      #expect(made.variant == variant)
    }
    #expect(DeepLIFT.Variant.allCases.map { DeepLIFT($0).name } == ["deeplift-rescale", "deeplift-reveal-cancel", "deeplift-ablation"])
  }
}
