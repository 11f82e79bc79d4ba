extension LRPKernel {
  /// Dense-layer products for small batches (`N ≤ 4`), where a GEMM degenerates into
  /// memory-bound matrix–vector products: the weights are read once per pass, split by sign on the
  /// fly (no `W⁺`/`W⁻` copies), and only the *active* rows (outputs with non-zero relevance in some
  /// sample) are touched, which skips the ReLU-silenced half of a hidden layer.
  enum SmallBatchDense {
    /// The largest batch this path handles.
    static let maximumBatch = 4

    /// The rows `k` with `r[s, k] ≠ 0` for some sample `s` (`r` is `[n, rows]`).
    static func activeRows(_ r: [Float], batch n: Int, rows: Int) -> [Int] {
      (0..<rows).filter { k in (0..<n).contains { r[$0 &* rows &+ k] != 0 } }
    }

    /// `P[s, k] = Σ_j w⁺_kj x[s, j]` and, when `negative` is wanted, `Q[s, k] = Σ_j w⁻_kj x[s, j]`
    /// for the active rows (other entries 0). `weight` is `[rows, cols]`, `x` is `[n, cols]`.
    static func signedProducts(
      weight: [Float], rows: Int, cols: Int, active: [Int], x: [Float], batch n: Int, negative wantNegative: Bool
    ) -> (positive: [Float], negative: [Float]) {
      precondition(n <= maximumBatch, "SmallBatchDense: batch \(n) > \(maximumBatch)")
      var positive = [Float](repeating: 0, count: n &* rows)
      var negative = [Float](repeating: 0, count: wantNegative ? n &* rows : 0)
      weight.withUnsafeBufferPointer { w in
        x.withUnsafeBufferPointer { x in
          positive.withUnsafeMutableBufferPointer { p in
            negative.withUnsafeMutableBufferPointer { q in
              let wp = ReadPointer(base: w.baseAddress!)
              let xp = ReadPointer(base: x.baseAddress!)
              let pp = WritePointer(base: p.baseAddress!)
              let qp = wantNegative ? WritePointer(base: q.baseAddress!) : nil
              active.withUnsafeBufferPointer { act in
                let actPointer = ActivePointer(base: act.baseAddress!)
                LRPKernel.parallel(count: act.count, costPerItem: cols &* n) { range in
                  for a in range {
                    let k = actPointer.base[a]
                    let row = wp.base + k &* cols
                    for s in 0..<n {
                      let (sp, sn) = dot(row, xp.base + s &* cols, count: cols)
                      pp.base[s &* rows &+ k] = sp
                      if let qp { qp.base[s &* rows &+ k] = sn }
                    }
                  }
                }
              }
            }
          }
        }
      }
      return (positive, negative)
    }

    /// `(Σ_j w⁺_j x_j, Σ_j w⁻_j x_j)` with SIMD accumulators in a fixed order.
    @inline(__always) static func dot(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int) -> (Float, Float) {
      var ap = SIMD8<Float>(), an = SIMD8<Float>()
      var j = 0
      let raw = UnsafeRawPointer(w), rx = UnsafeRawPointer(x)
      while j &+ 8 <= count {
        let wv = raw.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
        let xv = rx.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
        let pos = wv.replacing(with: 0, where: wv .< 0)
        ap += pos * xv
        an += (wv - pos) * xv
        j &+= 8
      }
      var sp = ap.sum(), sn = an.sum()
      while j < count {
        let v = w[j]
        if v > 0 { sp += v * x[j] } else { sn += v * x[j] }
        j &+= 1
      }
      return (sp, sn)
    }

    /// `out[s, j] = Σ_{k active} (w⁺_kj·A[s, k] + w⁻_kj·B[s, k])`: with `A = B` the transpose
    /// `Wᵀ`, with `B = 0` the positive part, with `A = αS⁺`, `B = −βS⁻` the αβ backward.
    ///
    /// The weight streams row by row in memory order: the active rows are cut into at most 8
    /// fixed chunks (by count only), each accumulating whole rows into its own `[n, cols]`
    /// partial sum, and the partial sums are added in chunk order — the same result for any
    /// thread count.
    static func transposedProducts(
      weight: [Float], rows: Int, cols: Int, active: [Int], positive a: [Float], negative b: [Float], batch n: Int
    ) -> [Float] {
      precondition(n <= maximumBatch, "SmallBatchDense: batch \(n) > \(maximumBatch)")
      let chunks = max(1, min(8, active.count))
      var partial = [Float](repeating: 0, count: chunks &* n &* cols)
      var out = uninitialized(n &* cols)
      weight.withUnsafeBufferPointer { w in
        a.withUnsafeBufferPointer { a in
          b.withUnsafeBufferPointer { b in
            partial.withUnsafeMutableBufferPointer { part in
              let wp = ReadPointer(base: w.baseAddress!)
              let ap = ReadPointer(base: a.baseAddress!)
              let bp = ReadPointer(base: b.baseAddress!)
              let pp = WritePointer(base: part.baseAddress!)
              active.withUnsafeBufferPointer { act in
                let actPointer = ActivePointer(base: act.baseAddress!)
                let count = act.count
                // Chunk `c` owns active rows count·c/chunks ..< count·(c+1)/chunks and its partial sum.
                LRPKernel.parallel(count: chunks, costPerItem: max(1, count / chunks) &* cols &* n) { range in
                  for chunk in range {
                    let acc = pp.base + chunk &* n &* cols
                    for i in (count &* chunk / chunks)..<(count &* (chunk &+ 1) / chunks) {
                      let k = actPointer.base[i]
                      for s in 0..<n {
                        let sa = ap.base[s &* rows &+ k], sb = bp.base[s &* rows &+ k]
                        guard sa != 0 || sb != 0 else { continue }
                        axpy(wp.base + k &* cols, sa, sb, into: acc + s &* cols, from: 0, to: cols)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      partial.withUnsafeBufferPointer { part in
        out.withUnsafeMutableBufferPointer { o in
          let (pp, op) = (ReadPointer(base: part.baseAddress!), WritePointer(base: o.baseAddress!))
          let size = n &* cols
          LRPKernel.elementwise(count: size) { range in
            for e in range {
              var sum = pp.base[e]
              for chunk in 1..<chunks { sum += pp.base[chunk &* size &+ e] }
              op.base[e] = sum
            }
          }
        }
      }
      return out
    }

    /// `dst[j] += w⁺_j·a + w⁻_j·b` for `j ∈ j0..<j1`.
    @inline(__always) static func axpy(
      _ w: UnsafePointer<Float>, _ a: Float, _ b: Float, into dst: UnsafeMutablePointer<Float>, from j0: Int, to j1: Int
    ) {
      let av = SIMD8<Float>(repeating: a), bv = SIMD8<Float>(repeating: b)
      let raw = UnsafeRawPointer(w), rd = UnsafeMutableRawPointer(dst)
      var j = j0
      while j &+ 8 <= j1 {
        let wv = raw.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
        let pos = wv.replacing(with: 0, where: wv .< 0)
        let d = rd.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
        rd.storeBytes(of: d + pos * av + (wv - pos) * bv, toByteOffset: j &* 4, as: SIMD8<Float>.self)
        j &+= 8
      }
      while j < j1 {
        let v = w[j]
        dst[j] += v > 0 ? v * a : v * b
        j &+= 1
      }
    }

    /// The active-row list shared with the `concurrentPerform` closure.
    ///
    /// Invariant: the array outlives the call and is not written meanwhile.
    struct ActivePointer: @unchecked Sendable {
      let base: UnsafePointer<Int>
    }
  }
}
