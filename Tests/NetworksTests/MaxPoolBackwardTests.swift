import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// `Pool2D.maxPoolBackward` on windows that tile the input (no zero fill) and its fused form with
/// the ReLU below the pool, against a naive scatter and an elementwise mask.
@Suite struct MaxPoolBackwardTests {
  /// Naive `∂L/∂x[k] = Σ_{o: argmax[o] = k} g[o]`.
  static func scatter(_ g: Tensor, _ argmax: [Int32], count: Int) -> [Float] {
    var dx = [Float](repeating: 0, count: count)
    for (o, k) in argmax.enumerated() { dx[Int(k)] += g.scalars[o] }
    return dx
  }

  @Test func tiledAndFusedPathsMatchTheScatterAndTheMask() {
    let gates = [(true, false), (true, true), (false, true)]
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      for (k, h, w) in [(2, 6, 10), (3, 9, 6), (2, 5, 7)] {  // the last does not tile (remainder)
        // The ReLU's input z, and the pool on its output max(z, 0), as in a trace.
        let z = Tensor(shape: [2, 3, h, w], scalars: (0..<(6 * h * w)).map { _ in Float(g.nextGaussian()) })
        let a = ReLU.forward(z)
        let pool = Pool2D(name: "p", kernelSize: Size2D(k, k), stride: Size2D(k, k))
        let (y, argmax) = pool.maxPoolForward(a)
        let up = Tensor(shape: y.shape, scalars: (0..<y.count).map { _ in Float(g.nextGaussian()) })
        let expected = Self.scatter(up, argmax, count: a.count)
        let plain = pool.maxPoolBackward(outputGradient: up, argmax: argmax, inputShape: a.shape)
        #expect(plain.scalars == expected, "seed \(seed) k \(k) \(h)×\(w)")
        for (positiveInput, positiveSignal) in gates {
          let gate = ReLU.Gate(positiveInput: positiveInput, positiveSignal: positiveSignal)
          let fused = pool.maxPoolBackward(outputGradient: up, argmax: argmax, output: y, inputShape: a.shape, throughReLU: gate)
          guard h % k == 0 && w % k == 0 else {
            #expect(fused == nil, "a remainder row or column is not a tiling")
            continue
          }
          guard let fused else {
            Issue.record("seed \(seed): exact tiling refused")
            continue
          }
          let masked = zip(expected, z.scalars).map { v, x in
            (!positiveInput || x > 0) && (!positiveSignal || v > 0) ? v : 0
          }
          #expect(fused.pooled.scalars == expected, "seed \(seed) k \(k)")
          #expect(fused.masked.scalars == masked, "seed \(seed) k \(k) gate \(gate)")
        }
      }
    }
  }
}
