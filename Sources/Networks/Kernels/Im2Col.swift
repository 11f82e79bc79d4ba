/// The im2col / col2im pair that turns a convolution into one matrix product.
///
/// For one sample `x[C, H, W]` the patch matrix has row `r = (c·kh + i)·kw + j` and column
/// `q = oy·OW + ox`, with entry `x[c, oy·sh − ph + i, ox·sw − pw + j]` (zero in the padding).
/// Several samples sit side by side: sample `s` of a group occupies columns
/// `s·OH·OW ..< (s + 1)·OH·OW` of a matrix with row stride `ld`.
enum Im2Col {
  /// Writes the patch matrix of one sample into `columns` (row stride `ld`, first column `offset`).
  /// - Complexity: `C·kh·kw·OH·OW` copies.
  static func pack(
    _ x: UnsafePointer<Float>, geometry g: WindowGeometry,
    into columns: UnsafeMutablePointer<Float>, ld: Int, offset: Int
  ) {
    let ow = g.outputWidth
    for c in 0..<g.channels {
      let plane = x + c &* g.planeSize
      for i in 0..<g.kernelHeight {
        let rows = g.validRows(kernelRow: i)
        for j in 0..<g.kernelWidth {
          let r = (c &* g.kernelHeight &+ i) &* g.kernelWidth &+ j
          let dst = columns + (r &* ld &+ offset)
          let cols = g.validColumns(kernelColumn: j)
          for oy in 0..<g.outputHeight {
            let row = dst + oy &* ow
            guard rows.contains(oy) else {
              row.update(repeating: 0, count: ow)
              continue
            }
            let start = (oy &* g.strideHeight &- g.padHeight &+ i) &* g.width &- g.padWidth &+ j
            let src = plane + start
            row.update(repeating: 0, count: cols.lowerBound)
            let sw = g.strideWidth
            if sw == 1 {
              (row + cols.lowerBound).update(from: src + cols.lowerBound, count: cols.count)
            } else {
              for ox in cols { row[ox] = src[ox &* sw] }
            }
            (row + cols.upperBound).update(repeating: 0, count: ow &- cols.upperBound)
          }
        }
      }
    }
  }

  /// Adds the patch-matrix gradient of one sample back onto its input gradient (the transpose of
  /// `pack`): `dx[c, oy·sh − ph + i, ox·sw − pw + j] += columns[r, offset + oy·OW + ox]`; padding
  /// entries are dropped.
  /// - Complexity: `C·kh·kw·OH·OW` additions.
  static func unpackAdding(
    _ columns: UnsafePointer<Float>, ld: Int, offset: Int, geometry g: WindowGeometry,
    into dx: UnsafeMutablePointer<Float>
  ) {
    let ow = g.outputWidth
    for c in 0..<g.channels {
      let plane = dx + c &* g.planeSize
      for i in 0..<g.kernelHeight {
        let rows = g.validRows(kernelRow: i)
        for j in 0..<g.kernelWidth {
          let r = (c &* g.kernelHeight &+ i) &* g.kernelWidth &+ j
          let srcBase = columns + (r &* ld &+ offset)
          let cols = g.validColumns(kernelColumn: j)
          let sw = g.strideWidth
          for oy in rows {
            let row = srcBase + oy &* ow
            let start = (oy &* g.strideHeight &- g.padHeight &+ i) &* g.width &- g.padWidth &+ j
            let dst = plane + start
            for ox in cols { dst[ox &* sw] += row[ox] }
          }
        }
      }
    }
  }
}
