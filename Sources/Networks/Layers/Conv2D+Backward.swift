import Matrices

extension Conv2D {
  /// The gradient with respect to the convolution's input (the transposed convolution).
  ///
  /// ```
  /// ∂L/∂x[n, c, y, x] = Σ_{o, i, j : y = oy·sh − ph + i, x = ox·sw − pw + j} W[o, c, i, j] · g[n, o, oy, ox]
  /// ```
  /// computed as `col2im(Wᵀ · G)`, or for 3×3 stride-1 kernels with at least 16 input and output
  /// channels and padding ≤ 2 as the Winograd F(2×2, 3×3) convolution of `G` with the flipped,
  /// transposed kernel (padding `2 − p`), or for stride-1 kernels with at most 8 input channels
  /// and padding `p < k` as the direct convolution with that kernel (padding `k − 1 − p`). Linear in `outputGradient`, independent of the input values,
  /// so it also serves as the transpose `Wᵀ` of the layer for attribution rules.
  /// - Parameters:
  ///   - outputGradient: `[N, O, OH, OW]`, the vector at the layer output.
  ///   - inputShape: `[N, C, H, W]`, the shape of the layer input.
  /// - Returns: a tensor of `inputShape`.
  /// - Complexity: `2·N·O·C·kh·kw·OH·OW` flops (about 0.44× that on the Winograd path).
  public func inputGradient(outputGradient: Tensor, inputShape: [Int]) -> Tensor {
    let result = backward(
      input: nil, inputShape: inputShape, outputGradient: outputGradient, wantInput: true)
    guard let gradient = result.input else {
      preconditionFailure("Conv2D \(name): no input gradient")
    }
    return gradient
  }

  /// The gradients with respect to the weights and the bias.
  ///
  /// ```
  /// ∂L/∂W[o, c, i, j] = Σ_{n, oy, ox} g[n, o, oy, ox] · x[n, c, oy·sh − ph + i, ox·sw − pw + j]
  /// ∂L/∂b[o]          = Σ_{n, oy, ox} g[n, o, oy, ox]
  /// ```
  /// computed as `G · im2col(x)ᵀ`, summed over the batch.
  /// - Parameters:
  ///   - input: `[N, C, H, W]`, the layer input from the forward trace.
  ///   - outputGradient: `[N, O, OH, OW]`.
  /// - Returns: the weight gradient `[O, C, kh, kw]` and the bias gradient `[O]` (`nil` without bias).
  /// - Complexity: `2·N·O·C·kh·kw·OH·OW` flops.
  public func parameterGradients(input: Tensor, outputGradient: Tensor) -> ParameterGradient {
    let result = backward(
      input: input, inputShape: input.shape, outputGradient: outputGradient, wantInput: false)
    guard let gradients = result.parameters else {
      preconditionFailure("Conv2D \(name): no parameter gradients")
    }
    return gradients
  }

  /// The input gradient and/or the parameter gradients in one pass over the groups of samples.
  /// Parameter gradients are computed exactly when `input` is given. The input gradient takes
  /// the Winograd or the direct path where they apply (unless `allowFastPaths` is false), the
  /// rest im2col.
  func backward(
    input: Tensor?, inputShape: [Int], outputGradient: Tensor, wantInput: Bool,
    columnBudget: Int = Conv2D.columnBudget, allowFastPaths: Bool = true
  ) -> (input: Tensor?, parameters: ParameterGradient?) {
    let g = geometry(forInputShape: inputShape)
    let n = inputShape[0]
    let o = outputChannels
    let p = g.outputPlaneSize
    let k = g.patchSize
    precondition(
      outputGradient.shape == [n, o, g.outputHeight, g.outputWidth],
      "Conv2D \(name): output gradient must be \([n, o, g.outputHeight, g.outputWidth]), got \(outputGradient.shape)"
    )
    precondition(
      input.map { $0.shape == inputShape } ?? true, "Conv2D \(name): input shape mismatch")
    var fastGradient: Tensor?
    var wantInput = wantInput
    if wantInput && allowFastPaths && usesWinogradGradient(g) {
      fastGradient = winogradInputGradient(outputGradient, inputShape: inputShape, geometry: g)
      wantInput = false
    } else if wantInput && allowFastPaths && usesDirectGradient(g) {
      fastGradient = directInputGradient(outputGradient, inputShape: inputShape, geometry: g)
      wantInput = false
    }
    guard input != nil || wantInput else { return (fastGradient, nil) }
    let group = Self.groupSize(batch: n, geometry: g, columnBudget: columnBudget)
    let gatheredCount = o &* group &* p
    var dx = wantInput ? [Float](repeating: 0, count: n &* g.sampleSize) : []
    var dw = input != nil ? [Float](repeating: 0, count: o &* k) : []
    var db = [Float](repeating: 0, count: o)
    let inputScalars = input?.scalars ?? []
    outputGradient.scalars.withUnsafeBufferPointer { gy in
      weight.scalars.withUnsafeBufferPointer { w in
        ScratchPool.shared.withBuffer(count: gatheredCount &+ k &* group &* p) { scratch in
          let gg = UnsafeMutableBufferPointer(start: scratch, count: gatheredCount)
          let cols = UnsafeMutableBufferPointer(start: scratch + gatheredCount, count: k &* group &* p)
          inputScalars.withUnsafeBufferPointer { x in
            dx.withUnsafeMutableBufferPointer { gx in
              dw.withUnsafeMutableBufferPointer { gw in
                var start = 0
                while start < n {
                  let count = min(group, n - start)
                  let ld = count &* p
                  // G[o, s·P + q] = g[start + s, o, q]
                  for s in 0..<count {
                    for oc in 0..<o {
                      let src = gy.baseAddress! + ((start &+ s) &* o &+ oc) &* p
                      (gg.baseAddress! + (oc &* ld &+ s &* p)).update(from: src, count: p)
                    }
                  }
                  if input != nil {
                    Self.packGroup(
                      x.baseAddress!, geometry: g, first: start, count: count,
                      into: cols.baseAddress!)
                    GEMM.sgemm(
                      transposeA: false, transposeB: true, m: o, n: k, k: ld,
                      alpha: 1, a: gg.baseAddress!, lda: ld, b: cols.baseAddress!, ldb: ld,
                      beta: start == 0 ? 0 : 1, c: gw.baseAddress!, ldc: k)
                    for oc in 0..<o {
                      let row = gg.baseAddress! + oc &* ld
                      var sum: Float = 0
                      for q in 0..<ld { sum += row[q] }
                      db[oc] += sum
                    }
                  }
                  if wantInput {
                    GEMM.sgemm(
                      transposeA: true, transposeB: false, m: k, n: ld, k: o,
                      alpha: 1, a: w.baseAddress!, lda: k, b: gg.baseAddress!, ldb: ld,
                      beta: 0, c: cols.baseAddress!, ldc: ld)
                    Self.unpackGroup(
                      cols.baseAddress!, geometry: g, first: start, count: count,
                      into: gx.baseAddress!)
                  }
                  start += count
                }
              }
            }
          }
        }
      }
    }
    let inputGradient = wantInput ? Tensor(shape: inputShape, scalars: dx) : fastGradient
    let parameters =
      input != nil
      ? ParameterGradient(
        weight: Tensor(shape: weight.shape, scalars: dw),
        bias: bias != nil ? Tensor(shape: [o], scalars: db) : nil)
      : nil
    return (inputGradient, parameters)
  }

  /// The input gradient as the Winograd convolution of `gradient` (`[N, O, OH, OW]`) with the
  /// kernel `w'[c, o, i, j] = W[o, c, 2 − i, 2 − j]` and padding `2 − p`, which lands exactly on
  /// the `H × W` input plane. The packed kernel comes from `cache`.
  func winogradInputGradient(
    _ gradient: Tensor, inputShape: [Int], geometry g: WindowGeometry,
    cache: WinogradWeightCache = .shared
  ) -> Tensor {
    let plan = Winograd23(
      inChannels: outputChannels, outChannels: inputChannels, height: g.outputHeight,
      width: g.outputWidth, padding: Size2D(2 - padding.height, 2 - padding.width))
    precondition(
      plan.outputHeight == g.height && plan.outputWidth == g.width,
      "Conv2D \(name): transposed Winograd plan does not fit the input plane")
    return Tensor.filling(shape: inputShape) { dx in
      gradient.scalars.withUnsafeBufferPointer { gy in
        Self.winogradConvolution(
          plan: plan, weights: weight.scalars, transposedFlipped: true, bias: nil,
          input: gy.baseAddress!, batch: inputShape[0], output: dx, epilogue: .linear,
          cache: cache)
      }
    }
  }

  /// Adds the patch-matrix gradients of samples `first ..< first + count` onto `dx`, in parallel
  /// over the samples (each writes only its own sample).
  static func unpackGroup(
    _ columns: UnsafePointer<Float>, geometry g: WindowGeometry, first: Int, count: Int,
    into dx: UnsafeMutablePointer<Float>
  ) {
    let source = SharedPointer(base: columns)
    let target = SharedMutablePointer(base: dx)
    let ld = count &* g.outputPlaneSize
    ParallelChunks.run(count: count, costPerItem: g.patchSize &* g.outputPlaneSize) { range in
      for s in range {
        Im2Col.unpackAdding(
          source.base, ld: ld, offset: s &* g.outputPlaneSize, geometry: g,
          into: target.base + (first &+ s) &* g.sampleSize)
      }
    }
  }
}
