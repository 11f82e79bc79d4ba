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
  /// 3×3 stride-1 kernels with at least 16 input and output channels use Winograd F(2×2, 3×3)
  /// (2.25× fewer multiplications; see `Winograd23`), stride-1 kernels with at most 8 input
  /// channels a direct loop (`DirectConvolution`); all others `Y = W[O, C·kh·kw] · im2col(x)`
  /// with groups of samples side by side in the GEMM `N` dimension.
  /// - Parameter input: `[N, C, H, W]` with `C == inputChannels`.
  /// - Returns: `[N, O, OH, OW]`.
  /// - Complexity: `2·N·O·C·kh·kw·OH·OW` flops (im2col) or about 0.44× that (Winograd).
  public func forward(_ input: Tensor) -> Tensor {
    forward(input, epilogue: .linear)
  }

  /// `relu(forward(input))` in one pass over the output.
  func forwardReLU(_ input: Tensor) -> Tensor {
    forward(input, epilogue: .relu)
  }

  /// `forward(input)` and `relu(forward(input))` in one pass (a trace keeps both).
  func forwardKeepingReLU(_ input: Tensor) -> (linear: Tensor, activated: Tensor) {
    let g = geometry(forInputShape: input.shape)
    let shape = [input.shape[0], outputChannels, g.outputHeight, g.outputWidth]
    var linear = Tensor(shape: [0], scalars: [])
    let activated = Tensor.filling(shape: shape) { r in
      linear = forward(input, epilogue: .linearAndReLU(r))
    }
    return (linear, activated)
  }

  /// The convolution through `epilogue`: by Winograd (packed weights from `winogradCache`) or
  /// the direct kernel where they apply and `allowFastPaths` is true, by im2col otherwise.
  func forward(
    _ input: Tensor, epilogue: ConvEpilogue, columnBudget: Int = Conv2D.columnBudget,
    allowFastPaths: Bool = true, winogradCache: WinogradWeightCache = .shared
  ) -> Tensor {
    let g = geometry(forInputShape: input.shape)
    let n = input.shape[0]
    let shape = [n, outputChannels, g.outputHeight, g.outputWidth]
    return Tensor.filling(shape: shape) { y in
      input.scalars.withUnsafeBufferPointer { x in
        weight.scalars.withUnsafeBufferPointer { w in
          withBiasPointer { b in
            if allowFastPaths && usesWinograd(g) {
              let plan = Winograd23(
                inChannels: inputChannels, outChannels: outputChannels, height: g.height,
                width: g.width, padding: padding)
              Self.winogradConvolution(
                plan: plan, weights: weight.scalars, transposedFlipped: false, bias: b,
                input: x.baseAddress!, batch: n, output: y, epilogue: epilogue,
                cache: winogradCache)
            } else if allowFastPaths && usesDirect(g) {
              let plan = DirectConvolution(
                inChannels: inputChannels, outChannels: outputChannels, height: g.height,
                width: g.width, kernel: kernelSize, padding: padding)
              Self.directConvolution(
                plan: plan, weights: w.baseAddress!, transposedFlipped: false, bias: b,
                input: x.baseAddress!, batch: n, output: y, epilogue: epilogue)
            } else {
              im2colConvolution(
                x.baseAddress!, batch: n, geometry: g, weights: w.baseAddress!, bias: b,
                output: y, epilogue: epilogue, columnBudget: columnBudget)
            }
          }
        }
      }
    }
  }

  /// `forward(_:)` with an explicit im2col budget on the im2col path (tests use a small one to
  /// exercise grouping).
  func forward(_ input: Tensor, columnBudget: Int) -> Tensor {
    forward(input, epilogue: .linear, columnBudget: columnBudget, allowFastPaths: false)
  }

  /// Runs `body` with the bias values, or `nil` for a bias-free layer.
  func withBiasPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let bias else { return body(nil) }
    return bias.scalars.withUnsafeBufferPointer { body($0.baseAddress) }
  }

  /// `Y = W · im2col(x) + b` through `epilogue`, for groups of samples whose patch matrices fit
  /// `columnBudget` floats. A group of one sample multiplies straight into its output.
  func im2colConvolution(
    _ x: UnsafePointer<Float>, batch n: Int, geometry g: WindowGeometry,
    weights w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    output y: UnsafeMutablePointer<Float>, epilogue: ConvEpilogue, columnBudget: Int
  ) {
    let o = outputChannels
    let p = g.outputPlaneSize
    let k = g.patchSize
    let group = Self.groupSize(batch: n, geometry: g, columnBudget: columnBudget)
    let productCount = group > 1 ? o &* group &* p : 0
    ScratchPool.shared.withBuffer(count: k &* group &* p &+ productCount) { scratch in
      let cols = scratch
      let product = scratch + k &* group &* p
      var start = 0
      while start < n {
        let count = min(group, n - start)
        let ld = count &* p
        Self.packGroup(x, geometry: g, first: start, count: count, into: cols)
        let target = count == 1 ? y + start &* o &* p : product
        GEMM.sgemm(
          transposeA: false, transposeB: false, m: o, n: ld, k: k,
          alpha: 1, a: w, lda: k, b: cols, ldb: ld, beta: 0, c: target, ldc: ld)
        for s in 0..<count {
          for oc in 0..<o {
            let src = target + (oc &* ld &+ s &* p)
            let at = ((start &+ s) &* o &+ oc) &* p
            Self.addBias(bias.map { $0[oc] } ?? 0, from: src, to: y + at, count: p)
            epilogue.apply(to: y + at, count: p, offset: at)
          }
        }
        start += count
      }
    }
  }

  /// `dst[q] = src[q] + b` for `q < count` (`src` may equal `dst`).
  static func addBias(
    _ b: Float, from src: UnsafeMutablePointer<Float>, to dst: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    var q = 0
    let bv = SIMD8<Float>(repeating: b)
    while q &+ 8 <= count {
      let v = UnsafeRawPointer(src + q).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(dst + q).storeBytes(of: v + bv, as: SIMD8<Float>.self)
      q &+= 8
    }
    while q < count {
      dst[q] = src[q] + b
      q &+= 1
    }
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
