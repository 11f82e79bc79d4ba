import CKernels

extension Conv2D {
  /// The fewest input and output channels for which the Winograd path pays off: below that the
  /// transforms cost more than the im2col product they replace.
  static let winogradMinimumChannels = 16

  /// Whether `forward` uses Winograd F(2×2, 3×3) on `g`: a 3×3 kernel, stride 1, and at least
  /// `winogradMinimumChannels` input and output channels.
  func usesWinograd(_ g: WindowGeometry) -> Bool {
    kernelSize == Size2D(3, 3) && stride == Size2D(1, 1)
      && inputChannels >= Self.winogradMinimumChannels
      && outputChannels >= Self.winogradMinimumChannels
  }

  /// Whether `inputGradient` uses Winograd on `g`: the transposed convolution of a 3×3 stride-1
  /// convolution is a 3×3 stride-1 convolution with padding `2 − p` (so `p ≤ 2`) and the
  /// channel roles swapped.
  func usesWinogradGradient(_ g: WindowGeometry) -> Bool {
    usesWinograd(g) && padding.height <= 2 && padding.width <= 2
  }

  /// The convolution of `n` samples `x` (`[n, C, H, W]`) into `y` (`[n, O, OH, OW]`) by
  /// Winograd F(2×2, 3×3) (see `Winograd23`): the weights are transformed and packed once (split
  /// over the cores by 6-channel panel), then blocks of tiles are split over the cores, each block
  /// transformed, multiplied and back-transformed by `bp_winograd23_run` in its own scratch.
  /// Every output's arithmetic depends on the shapes only, so any thread count gives the same bits.
  /// - Parameters:
  ///   - plan: the tiling of one sample.
  ///   - weights: `[O, C, 3, 3]`, or with `transposedFlipped` `[C, O, 3, 3]` read as
  ///     `w[c, o, 2 − i, 2 − j]` (the transposed convolution).
  ///   - bias: `O` values or `nil`.
  /// - Complexity: `2·n·O·C·16·⌈OH/2⌉·⌈OW/2⌉` flops in the products plus `O(n·(C + O)·H·W)` for
  ///   the transforms and `O(O·C)` for the weight transform; scratch from `ScratchPool`.
  static func winogradConvolution(
    plan: Winograd23, weights: UnsafePointer<Float>, transposedFlipped: Bool,
    bias: UnsafePointer<Float>?, input x: UnsafePointer<Float>, batch n: Int,
    output y: UnsafeMutablePointer<Float>, epilogue: ConvEpilogue
  ) {
    let blocks = plan.blockPlan(batch: n)
    let (c, o) = (plan.inChannels, plan.outChannels)
    let (mode, relu): (Int32, UnsafeMutablePointer<Float>?) =
      switch epilogue {
      case .linear: (Int32(BP_EPILOGUE_LINEAR), nil)
      case .relu: (Int32(BP_EPILOGUE_RELU), nil)
      case .linearAndReLU(let r): (Int32(BP_EPILOGUE_LINEAR_RELU), r)
      }
    let src = SharedPointer(base: x)
    let dst = SharedMutablePointer(base: y)
    let second = relu.map { SharedMutablePointer(base: $0) }
    let b = bias.map { SharedPointer(base: $0) }
    let w = SharedPointer(base: weights)
    ScratchPool.shared.withBuffer(count: blocks.weightCount) { u in
      let packed = SharedMutablePointer(base: u)
      // About 100 instructions per panel and input channel: conv2-sized weights pack serially.
      ParallelChunks.run(count: blocks.weightPanels, costPerItem: 100 &* c) { range in
        withUnsafePointer(to: blocks) { p in
          bp_winograd23_pack_weights(
            p, w.base, transposedFlipped ? 1 : 0, range.lowerBound, range.upperBound, packed.base)
        }
      }
      let blockCost = 32 &* o &* c &* blocks.blockTiles
      ParallelChunks.run(count: blocks.blocks, costPerItem: blockCost) { range in
        ScratchPool.shared.withBuffer(count: blocks.scratchCount) { scratch in
          withUnsafePointer(to: blocks) { p in
            bp_winograd23_run(
              p, packed.base, src.base, b?.base, dst.base, second?.base, mode, range.lowerBound,
              range.upperBound, scratch)
          }
        }
      }
    }
  }
}
