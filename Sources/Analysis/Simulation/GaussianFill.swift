import Foundation
import Matrices

/// Fast standard-normal fill for the simulation: Marsaglia's polar method on SplitMix64
/// uniforms, keeping both outputs of every accepted pair (``SeededGenerator/nextGaussian()``
/// keeps one of two Box–Muller outputs; the simulation draws ~25 million normals per sample on
/// VGG shapes, so this halves the dominant cost). Deterministic for a given generator state.
enum GaussianFill {
  /// Fills `buffer` with independent `N(0, 1)` draws.
  static func fill(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
    var k = 0
    let n = buffer.count
    while k < n {
      let u = Double(generator.next() >> 11) * 0x1.0p-52 - 1
      let v = Double(generator.next() >> 11) * 0x1.0p-52 - 1
      let s = u * u + v * v
      if s >= 1 || s == 0 { continue }
      let f = (-2 * log(s) / s).squareRoot()
      buffer[k] = u * f
      if k + 1 < n { buffer[k + 1] = v * f }
      k += 2
    }
  }

  /// A `rows × columns` matrix of `N(0, 1)` draws.
  static func matrix(rows: Int, columns: Int, using generator: inout SeededGenerator) -> [Double] {
    var a = [Double](repeating: 0, count: rows * columns)
    a.withUnsafeMutableBufferPointer { fill($0, using: &generator) }
    return a
  }
}
