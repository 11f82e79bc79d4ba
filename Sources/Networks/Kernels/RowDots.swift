/// `y[o] = b[o] + Σ_i W[o, i] · x[i]` for one input vector and a row-major `W[out, in]`: the
/// single-sample dense layer, which is bound by reading `W` once from memory.
///
/// Four rows are streamed at once (four concurrent memory streams per core, each `x` vector load
/// shared by the four rows), with two 8-lane accumulators per row. Each output's summation order
/// depends only on `in` (lanes over `i mod 16`, then a fixed lane order, then the scalar tail),
/// never on the split of the rows over the cores.
enum RowDots {
  /// Computes rows `rows` of `y = W x + b` (`bias` may be `nil`).
  /// - Complexity: `2·|rows|·in` flops, one pass over those rows of `W`.
  static func run(
    _ w: UnsafePointer<Float>, inputs k: Int, x: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    rows: Range<Int>, into y: UnsafeMutablePointer<Float>
  ) {
    var o = rows.lowerBound
    while o &+ 4 <= rows.upperBound {
      let r = (w + o &* k, w + (o &+ 1) &* k, w + (o &+ 2) &* k, w + (o &+ 3) &* k)
      var a = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
      var b = a
      var p = 0
      while p &+ 16 <= k {
        let x0 = load(x + p), x1 = load(x + (p &+ 8))
        a.0 += load(r.0 + p) * x0
        b.0 += load(r.0 + (p &+ 8)) * x1
        a.1 += load(r.1 + p) * x0
        b.1 += load(r.1 + (p &+ 8)) * x1
        a.2 += load(r.2 + p) * x0
        b.2 += load(r.2 + (p &+ 8)) * x1
        a.3 += load(r.3 + p) * x0
        b.3 += load(r.3 + (p &+ 8)) * x1
        p &+= 16
      }
      y[o] = finish(a.0 + b.0, r.0, x, from: p, to: k, bias: bias.map { $0[o] })
      y[o &+ 1] = finish(a.1 + b.1, r.1, x, from: p, to: k, bias: bias.map { $0[o &+ 1] })
      y[o &+ 2] = finish(a.2 + b.2, r.2, x, from: p, to: k, bias: bias.map { $0[o &+ 2] })
      y[o &+ 3] = finish(a.3 + b.3, r.3, x, from: p, to: k, bias: bias.map { $0[o &+ 3] })
      o &+= 4
    }
    while o < rows.upperBound {
      let row = w + o &* k
      var a = SIMD8<Float>()
      var b = SIMD8<Float>()
      var p = 0
      while p &+ 16 <= k {
        a += load(row + p) * load(x + p)
        b += load(row + (p &+ 8)) * load(x + (p &+ 8))
        p &+= 16
      }
      y[o] = finish(a + b, row, x, from: p, to: k, bias: bias.map { $0[o] })
      o &+= 1
    }
  }

  @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  /// The lanes of `acc` summed in lane order, plus the scalar tail `Σ_{p ≥ from} row[p]·x[p]`,
  /// plus the bias.
  @inline(__always) private static func finish(
    _ acc: SIMD8<Float>, _ row: UnsafePointer<Float>, _ x: UnsafePointer<Float>, from: Int,
    to k: Int, bias: Float?
  ) -> Float {
    var sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
    var p = from
    while p < k {
      sum += row[p] * x[p]
      p &+= 1
    }
    return sum + (bias ?? 0)
  }
}
