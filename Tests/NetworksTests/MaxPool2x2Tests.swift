import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The vectorised 2×2 / stride-2 max pool against a naive loop implementing the documented rule
/// (first maximum in row-major window order; a NaN replaces the running maximum).
@Suite struct MaxPool2x2Tests {
  @Test func matchesTheRuleOnTiesAndNaNs() {
    let values: [Float] = [-1, 0, 1, .nan, 0, 1]  // many ties, some NaNs
    for seed in UInt64(0)..<4 {
      var g = SeededGenerator(seed: seed)
      let (c, h, w) = (3, 6 + Int(seed), 34 + 2 * Int(seed))  // wide rows: vector and scalar tail
      let x = Tensor(
        shape: [2, c, h, w], scalars: (0..<(2 * c * h * w)).map { _ in values[Int(g.next() % 6)] })
      let pool = Pool2D(name: "p", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))
      let (y, argmax) = pool.maxPoolForward(x)
      let (oh, ow) = (h / 2, w / 2)
      for plane in 0..<(2 * c) {
        for oy in 0..<oh {
          for ox in 0..<ow {
            var bestIndex = plane * h * w + 2 * oy * w + 2 * ox
            for (i, j) in [(0, 1), (1, 0), (1, 1)] {
              let index = plane * h * w + (2 * oy + i) * w + 2 * ox + j
              if x.scalars[index] > x.scalars[bestIndex] || x.scalars[index].isNaN { bestIndex = index }
            }
            let o = (plane * oh + oy) * ow + ox
            #expect(Int(argmax[o]) == bestIndex, "seed \(seed) plane \(plane) (\(oy), \(ox))")
            #expect(y.scalars[o].bitPattern == x.scalars[bestIndex].bitPattern, "seed \(seed)")
          }
        }
      }
    }
  }
}
