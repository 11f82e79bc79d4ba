extension Conv2D {
  /// The fewest input and output channels for which the Winograd path pays off: below that the
  /// 16 small GEMMs and the transforms cost more than the im2col product they replace.
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
  /// Winograd F(2×2, 3×3) (see `Winograd23`).
  /// - Parameters:
  ///   - plan: the tiling of one sample.
  ///   - weights: `[O, C, 3, 3]`, or with `transposedFlipped` `[C, O, 3, 3]` read as
  ///     `w[c, o, 2 − i, 2 − j]` (the transposed convolution).
  ///   - bias: `O` values or `nil`.
  /// - Complexity: `2·n·O·C·16·⌈OH/2⌉·⌈OW/2⌉` flops in 16 GEMMs plus `O(n·(C + O)·H·W)` for the
  ///   transforms and `O(O·C)` for the weight transform; scratch from `ScratchPool`.
  static func winogradConvolution(
    plan: Winograd23, weights: UnsafePointer<Float>, transposedFlipped: Bool,
    bias: UnsafePointer<Float>?, input x: UnsafePointer<Float>, batch n: Int,
    output y: UnsafeMutablePointer<Float>, epilogue: ConvEpilogue
  ) {
    let (c, o) = (plan.inChannels, plan.outChannels)
    let group = plan.groupSize(batch: n)
    let groups = (n + group - 1) / group
    let inputSize = c &* plan.height &* plan.width
    let outputSize = o &* plan.outputHeight &* plan.outputWidth
    let src = SharedPointer(base: x)
    let dst = SharedMutablePointer(base: y)
    let shift = SharedEpilogue(value: epilogue)
    let b = bias.map { SharedPointer(base: $0) }
    ScratchPool.shared.withBuffer(count: plan.weightCount) { u in
      let uw = SharedMutablePointer(base: u)
      let w = SharedPointer(base: weights)
      ParallelChunks.run(count: o, costPerItem: 40 &* c) { range in
        plan.transformWeights(
          w.base, transposedFlipped: transposedFlipped, outputChannels: range, into: uw.base)
      }
      let transformed = SharedPointer(base: UnsafePointer(u))
      if groups >= 2 {
        // Whole groups per thread: no synchronisation inside a group.
        ParallelChunks.run(count: groups, costPerItem: 1 << 20) { range in
          ScratchPool.shared.withBuffer(count: plan.scratchCount(samples: group)) { scratch in
            for gi in range {
              let first = gi &* group
              let count = min(group, n &- first)
              let ld = plan.paddedColumns(samples: count)
              let v = scratch
              let m = scratch + 16 &* c &* ld
              plan.transformInput(
                src.base + first &* inputSize, samples: count, channels: 0..<c, into: v, ld: ld)
              plan.multiply(transformed.base, v, into: m, ld: ld, positions: 0..<16)
              plan.transformOutput(
                m, ld: ld, samples: count, channels: 0..<o, bias: b?.base,
                into: dst.base + first &* outputSize, epilogue: shift.value,
                epilogueOffset: first &* outputSize)
            }
          }
        }
        return
      }
      // One group: every phase split over the cores.
      ScratchPool.shared.withBuffer(count: plan.scratchCount(samples: n)) { scratch in
        let ld = plan.paddedColumns(samples: n)
        let v = SharedMutablePointer(base: scratch)
        let m = SharedMutablePointer(base: scratch + 16 &* c &* ld)
        let tiles = plan.tilesPerSample &* n
        ParallelChunks.run(count: c, costPerItem: 40 &* tiles) { range in
          plan.transformInput(src.base, samples: n, channels: range, into: v.base, ld: ld)
        }
        ParallelChunks.run(count: 16, costPerItem: o &* c &* ld) { range in
          plan.multiply(transformed.base, v.base, into: m.base, ld: ld, positions: range)
        }
        ParallelChunks.run(count: o, costPerItem: 30 &* tiles) { range in
          plan.transformOutput(
            m.base, ld: ld, samples: n, channels: range, bias: b?.base, into: dst.base,
            epilogue: shift.value, epilogueOffset: 0)
        }
      }
    }
  }
}
