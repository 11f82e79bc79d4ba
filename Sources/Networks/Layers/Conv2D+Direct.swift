import CKernels

extension Conv2D {
  /// The most input channels for which `forward` uses the direct kernel (and the most output
  /// channels of the transposed convolution of `inputGradient`): up to here the im2col product is
  /// too thin (depth `C·kh·kw`) to beat a register-blocked direct loop.
  static let directMaximumChannels = 8

  /// Whether `forward` uses the direct kernel (`DirectConvolution`) on `g`: stride 1 and at most
  /// `directMaximumChannels` input channels (any kernel size and padding).
  func usesDirect(_ g: WindowGeometry) -> Bool {
    stride == Size2D(1, 1) && inputChannels <= Self.directMaximumChannels
  }

  /// Whether `inputGradient` uses the direct kernel on `g`: the transposed convolution of a
  /// stride-1 convolution is the stride-1 convolution with the flipped, transposed kernel and
  /// padding `k − 1 − p` (so `p < k`), here into at most `directMaximumChannels` channels.
  func usesDirectGradient(_ g: WindowGeometry) -> Bool {
    usesDirect(g) && padding.height < kernelSize.height && padding.width < kernelSize.width
  }

  /// The convolution of `n` samples `x` (`[n, C, H, W]`) into `y` (`[n, O, OH, OW]`) by the
  /// direct kernel: the weights are packed into 1–6-channel panels (`O·C·kh·kw` floats, serially),
  /// then the work items (bands of up to 8 output rows of one sample) are split over the cores,
  /// each run by `bp_direct_conv_run` in its own scratch. Every output's arithmetic depends on the
  /// shapes only, so any thread count gives the same bits.
  /// - Parameters:
  ///   - plan: the convolution's shapes.
  ///   - weights: `[O, C, kh, kw]`, or with `transposedFlipped` `[C, O, kh, kw]` read as
  ///     `w[c, o, kh − 1 − i, kw − 1 − j]` (the transposed convolution).
  ///   - bias: `O` values or `nil`.
  /// - Complexity: `2·n·O·C·kh·kw·OH·OW` flops, plus `O(n·C·H·W)` for the padded copies; scratch
  ///   from `ScratchPool`.
  static func directConvolution(
    plan: DirectConvolution, weights: UnsafePointer<Float>, transposedFlipped: Bool,
    bias: UnsafePointer<Float>?, input x: UnsafePointer<Float>, batch n: Int,
    output y: UnsafeMutablePointer<Float>, epilogue: ConvEpilogue
  ) {
    let items = plan.plan(batch: n)
    let (mode, relu) = epilogue.kernelMode
    let src = SharedPointer(base: x)
    let dst = SharedMutablePointer(base: y)
    let second = relu.map { SharedMutablePointer(base: $0) }
    let b = bias.map { SharedPointer(base: $0) }
    ScratchPool.shared.withBuffer(count: items.weightCount) { u in
      withUnsafePointer(to: items) { p in
        bp_direct_conv_pack_weights(p, weights, transposedFlipped ? 1 : 0, u)
      }
      let packed = SharedPointer(base: UnsafePointer(u))
      let itemCost =
        2 &* items.bandRows &* items.outputWidth &* items.outChannels &* items.channels
        &* items.kernelHeight &* items.kernelWidth
      ParallelChunks.run(count: items.items, costPerItem: itemCost) { range in
        ScratchPool.shared.withBuffer(count: items.scratchCount) { scratch in
          withUnsafePointer(to: items) { p in
            bp_direct_conv_run(
              p, packed.base, src.base, b?.base, dst.base, second?.base, mode, range.lowerBound,
              range.upperBound, scratch)
          }
        }
      }
    }
  }

  /// The input gradient as the direct convolution of `gradient` (`[N, O, OH, OW]`) with the
  /// kernel `w'[c, o, i, j] = W[o, c, kh − 1 − i, kw − 1 − j]` and padding `k − 1 − p`, which
  /// lands exactly on the `H × W` input plane.
  func directInputGradient(_ gradient: Tensor, inputShape: [Int], geometry g: WindowGeometry)
    -> Tensor
  {
    let plan = DirectConvolution(
      inChannels: outputChannels, outChannels: inputChannels, height: g.outputHeight,
      width: g.outputWidth, kernel: kernelSize,
      padding: Size2D(kernelSize.height - 1 - padding.height, kernelSize.width - 1 - padding.width))
    precondition(
      plan.outputHeight == g.height && plan.outputWidth == g.width,
      "Conv2D \(name): transposed direct plan does not fit the input plane")
    return Tensor.filling(shape: inputShape) { dx in
      gradient.scalars.withUnsafeBufferPointer { gy in
        weight.scalars.withUnsafeBufferPointer { w in
          Self.directConvolution(
            plan: plan, weights: w.baseAddress!, transposedFlipped: true, bias: nil,
            input: gy.baseAddress!, batch: inputShape[0], output: dx, epilogue: .linear)
        }
      }
    }
  }
}
