import Matrices

extension Conv2D {
  /// The patch-matrix budget (in floats) per GEMM: samples are grouped so that the im2col matrix
  /// of a group stays near this size (16 MiB), folding the batch into the GEMM `N` dimension.
  static let columnBudget = 1 << 22

  /// The window geometry of this convolution on an input plane of `height × width`.
  func geometry(height: Int, width: Int) -> WindowGeometry {
    WindowGeometry(
      channels: inputChannels, height: height, width: width,
      kernel: kernelSize, stride: stride, padding: padding)
  }

  /// The geometry for an NCHW input shape, checked against this layer.
  func geometry(forInputShape shape: [Int]) -> WindowGeometry {
    precondition(
      shape.count == 4 && shape[1] == inputChannels,
      "Conv2D \(name): input must be [N, \(inputChannels), H, W], got \(shape)")
    return geometry(height: shape[2], width: shape[3])
  }

  /// How many samples share one im2col matrix.
  static func groupSize(batch: Int, geometry g: WindowGeometry, columnBudget: Int) -> Int {
    max(1, min(batch, columnBudget / max(1, g.patchSize &* g.outputPlaneSize)))
  }

  /// The convolution of a batch (PyTorch `Conv2d`: cross-correlation, zero padding).
  ///
  /// ```
  /// y[n, o, oy, ox] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, oy·sh − ph + i, ox·sw − pw + j]
  /// ```
  /// computed as `Y = W[O, C·kh·kw] · im2col(x)` with groups of samples side by side in the
  /// GEMM `N` dimension.
  /// - Parameter input: `[N, C, H, W]` with `C == inputChannels`.
  /// - Returns: `[N, O, OH, OW]`.
  /// - Complexity: `2·N·O·C·kh·kw·OH·OW` flops plus the im2col copies.
  public func forward(_ input: Tensor) -> Tensor {
    forward(input, columnBudget: Self.columnBudget)
  }

  /// `forward(_:)` with an explicit im2col budget (tests use a small one to exercise grouping).
  func forward(_ input: Tensor, columnBudget: Int) -> Tensor {
    let g = geometry(forInputShape: input.shape)
    let n = input.shape[0]
    let o = outputChannels
    let p = g.outputPlaneSize
    let k = g.patchSize
    let group = Self.groupSize(batch: n, geometry: g, columnBudget: columnBudget)
    var output = [Float](repeating: 0, count: n &* o &* p)
    var columns = [Float](repeating: 0, count: k &* group &* p)
    var product = [Float](repeating: 0, count: o &* group &* p)
    let biasScalars = bias?.scalars ?? [Float](repeating: 0, count: o)
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { w in
        columns.withUnsafeMutableBufferPointer { cols in
          product.withUnsafeMutableBufferPointer { prod in
            output.withUnsafeMutableBufferPointer { y in
              var start = 0
              while start < n {
                let count = min(group, n - start)
                let ld = count &* p
                Self.packGroup(
                  x.baseAddress!, geometry: g, first: start, count: count, into: cols.baseAddress!)
                GEMM.sgemm(
                  transposeA: false, transposeB: false, m: o, n: ld, k: k,
                  alpha: 1, a: w.baseAddress!, lda: k, b: cols.baseAddress!, ldb: ld,
                  beta: 0, c: prod.baseAddress!, ldc: ld)
                for s in 0..<count {
                  for oc in 0..<o {
                    let src = prod.baseAddress! + (oc &* ld &+ s &* p)
                    let dst = y.baseAddress! + ((start &+ s) &* o &+ oc) &* p
                    let b = biasScalars[oc]
                    for q in 0..<p { dst[q] = src[q] + b }
                  }
                }
                start += count
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [n, o, g.outputHeight, g.outputWidth], scalars: output)
  }

  /// Packs samples `first ..< first + count` of `x` side by side into one patch matrix with row
  /// stride `count·OH·OW`, in parallel over the samples.
  static func packGroup(
    _ x: UnsafePointer<Float>, geometry g: WindowGeometry, first: Int, count: Int,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let source = SharedPointer(base: x)
    let target = SharedMutablePointer(base: columns)
    let ld = count &* g.outputPlaneSize
    ParallelChunks.run(count: count, costPerItem: g.patchSize &* g.outputPlaneSize) { range in
      for s in range {
        Im2Col.pack(
          source.base + (first &+ s) &* g.sampleSize, geometry: g,
          into: target.base, ld: ld, offset: s &* g.outputPlaneSize)
      }
    }
  }
}
