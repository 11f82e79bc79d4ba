import Networks

extension LRPKernel {
  /// A `kh × kw` window slid with stride `(sh, sw)` over a zero-padded `C × H × W` input: the
  /// index arithmetic of the convolution kernels.
  ///
  /// Output position `(oy, ox)` sees input rows `oy·sh − ph + i` and columns `ox·sw − pw + j`.
  struct Window: Sendable, Equatable {
    let channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let strideHeight: Int, strideWidth: Int
    let padHeight: Int, padWidth: Int
    let outputHeight: Int, outputWidth: Int

    /// The window of `conv` on an input plane of `height × width`.
    init(_ conv: Conv2D, height: Int, width: Int) {
      channels = conv.inputChannels
      self.height = height
      self.width = width
      kernelHeight = conv.kernelSize.height
      kernelWidth = conv.kernelSize.width
      strideHeight = conv.stride.height
      strideWidth = conv.stride.width
      padHeight = conv.padding.height
      padWidth = conv.padding.width
      outputHeight = (height + 2 * padHeight - kernelHeight) / strideHeight + 1
      outputWidth = (width + 2 * padWidth - kernelWidth) / strideWidth + 1
    }

    /// Elements of one input plane.
    var planeSize: Int { height &* width }
    /// Elements of one output plane `P = OH·OW`.
    var outputPlaneSize: Int { outputHeight &* outputWidth }
    /// Rows of the patch matrix `K = C·kh·kw`.
    var patchSize: Int { channels &* kernelHeight &* kernelWidth }
    /// Elements of one input sample.
    var sampleSize: Int { channels &* planeSize }

    /// `{o : 0 ≤ o·stride + offset < extent}` as a range.
    @inline(__always) static func valid(offset: Int, stride: Int, extent: Int, outputs: Int) -> Range<Int> {
      let lower = offset >= 0 ? 0 : (-offset + stride - 1) / stride
      let top = extent - 1 - offset
      let upper = top < 0 ? 0 : min(outputs, top / stride + 1)
      return lower < upper ? lower..<upper : lower..<lower
    }

    /// Output rows whose input row for kernel row `i` is inside the plane.
    @inline(__always) func rows(_ i: Int) -> Range<Int> {
      Self.valid(offset: i &- padHeight, stride: strideHeight, extent: height, outputs: outputHeight)
    }

    /// Output columns whose input column for kernel column `j` is inside the plane.
    @inline(__always) func columns(_ j: Int) -> Range<Int> {
      Self.valid(offset: j &- padWidth, stride: strideWidth, extent: width, outputs: outputWidth)
    }
  }

  /// im2col: writes the patch-matrix rows of input channels `channels` of one sample (row
  /// `(c·kh + i)·kw + j`, column `oy·OW + ox`, zero in the padding) into `columns` with row stride
  /// `ld`, starting at column `offset`.
  static func pack(
    _ x: UnsafePointer<Float>, window g: Window, into columns: UnsafeMutablePointer<Float>,
    ld: Int, offset: Int, channels: Range<Int>
  ) {
    let ow = g.outputWidth
    for c in channels {
      let plane = x + c &* g.planeSize
      for i in 0..<g.kernelHeight {
        let rows = g.rows(i)
        for j in 0..<g.kernelWidth {
          let r = (c &* g.kernelHeight &+ i) &* g.kernelWidth &+ j
          let dst = columns + (r &* ld &+ offset)
          let cols = g.columns(j)
          for oy in 0..<g.outputHeight {
            let row = dst + oy &* ow
            guard rows.contains(oy) else {
              row.update(repeating: 0, count: ow)
              continue
            }
            let src = plane + ((oy &* g.strideHeight &- g.padHeight &+ i) &* g.width &- g.padWidth &+ j)
            row.update(repeating: 0, count: cols.lowerBound)
            if g.strideWidth == 1 {
              (row + cols.lowerBound).update(from: src + cols.lowerBound, count: cols.count)
            } else {
              for ox in cols { row[ox] = src[ox &* g.strideWidth] }
            }
            (row + cols.upperBound).update(repeating: 0, count: ow &- cols.upperBound)
          }
        }
      }
    }
  }

  /// col2im, the transpose of `pack`: adds the patch-matrix entries of input channels `channels`
  /// of one sample onto `dx`; padding entries are dropped.
  static func unpackAdding(
    _ columns: UnsafePointer<Float>, ld: Int, offset: Int, window g: Window,
    into dx: UnsafeMutablePointer<Float>, channels: Range<Int>
  ) {
    let ow = g.outputWidth
    for c in channels {
      let plane = dx + c &* g.planeSize
      for i in 0..<g.kernelHeight {
        let rows = g.rows(i)
        for j in 0..<g.kernelWidth {
          let r = (c &* g.kernelHeight &+ i) &* g.kernelWidth &+ j
          let base = columns + (r &* ld &+ offset)
          let cols = g.columns(j)
          let sw = g.strideWidth
          for oy in rows {
            let row = base + oy &* ow
            let dst = plane + ((oy &* g.strideHeight &- g.padHeight &+ i) &* g.width &- g.padWidth &+ j)
            if sw == 1 {
              for ox in cols { dst[ox] += row[ox] }
            } else {
              for ox in cols { dst[ox &* sw] += row[ox] }
            }
          }
        }
      }
    }
  }

  /// Splits `count` samples × `C` channels into parallel work items (channels of one sample write
  /// disjoint rows of the patch matrix and disjoint planes of the input), so even one sample uses
  /// both cores; `body(sample, channels)`.
  static func forEachSampleChannels(
    count: Int, window g: Window, _ body: @Sendable (Int, Range<Int>) -> Void
  ) {
    let perSample = min(g.channels, 8)
    let items = count &* perSample
    let cost = g.patchSize / perSample &* g.outputPlaneSize
    LRPKernel.parallel(count: items, costPerItem: cost) { range in
      for item in range {
        let s = item / perSample
        let part = item % perSample
        body(s, (g.channels * part / perSample)..<(g.channels * (part + 1) / perSample))
      }
    }
  }
}
