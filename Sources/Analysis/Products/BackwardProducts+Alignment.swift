import Matrices

extension BackwardProducts {
  /// ``ColumnAlignment`` of an explicit product: normalised columns, their Gram matrix by GEMM,
  /// the least aligned pair recomputed as `‖x̂ − ŷ‖²/2`, and the median of `1 − |G_ij|`.
  /// - Complexity: O(d_k · d_m²).
  static func columnAlignment(_ p: Matrix) -> ColumnAlignment {
    let (m, n) = (p.rows, p.columns)
    var unit = p.transposed()  // row j = column j of P
    var live: [Int] = []
    for j in 0..<n {
      let c = unit.row(j)
      let nc = norm(c)
      guard nc > 0 else { continue }
      live.append(j)
      for i in 0..<m { unit[j, i] = c[i] / nc }
    }
    guard live.count >= 2 else {
      return ColumnAlignment(worstMisalignment: 0, medianMisalignment: 0, zeroColumns: n - live.count)
    }
    let gram = unit.multiplied(by: unit, transposingOther: true)
    var worst = (Double.infinity, 0, 0)
    var misalignments: [Double] = []
    misalignments.reserveCapacity(live.count * (live.count - 1) / 2)
    for a in 0..<live.count {
      for b in (a + 1)..<live.count {
        let g = gram[live[a], live[b]]
        misalignments.append(1 - abs(g))
        if g < worst.0 { worst = (g, live[a], live[b]) }
      }
    }
    var d = 0.0
    for i in 0..<m {
      let e = unit[worst.1, i] - unit[worst.2, i]
      d += e * e
    }
    return ColumnAlignment(worstMisalignment: d / 2, medianMisalignment: Quantiles.median(misalignments), zeroColumns: n - live.count)
  }
}
