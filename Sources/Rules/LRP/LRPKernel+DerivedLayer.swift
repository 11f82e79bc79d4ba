import Networks

extension LRPKernel {
  /// The dense or conv layer a relevance rule reads: its weight, bias and geometry.
  struct LinearLayer: Sendable {
    /// A dense layer (`weight` `[O, K]`) or a convolution (`weight` `[O, C, kh, kw]`).
    enum Kind: Sendable {
      case dense(Dense)
      case conv(Conv2D)
    }

    /// The layer itself.
    let kind: Kind
    /// The shape of the layer input, batch first (`[N, K]` or `[N, C, H, W]`).
    let inputShape: [Int]
    /// The shape of the layer output, batch first.
    let outputShape: [Int]

    /// The layer's name (for messages).
    var name: String {
      switch kind {
      case .dense(let d): d.name
      case .conv(let c): c.name
      }
    }

    /// The weight tensor.
    var weight: Tensor {
      switch kind {
      case .dense(let d): d.weight
      case .conv(let c): c.weight
      }
    }

    /// The bias values, if the layer has a bias.
    var bias: [Float]? {
      switch kind {
      case .dense(let d): d.bias?.scalars
      case .conv(let c): c.bias?.scalars
      }
    }

    /// Samples in the batch.
    var batch: Int { inputShape[0] }
    /// Output channels `O` (dense: outputs).
    var outputChannels: Int { weight.shape[0] }
    /// Input channels `C` (dense: inputs).
    var inputChannels: Int { weight.shape[1] }
    /// Elements of one input sample.
    var inputSize: Int { inputShape.dropFirst().reduce(1, *) }
    /// Elements of one output sample.
    var outputSize: Int { outputShape.dropFirst().reduce(1, *) }
    /// Output positions per channel `P` (`1` for dense).
    var plane: Int { outputSize / outputChannels }
    /// Input positions per channel (`1` for dense).
    var inputPlane: Int { inputSize / inputChannels }

    /// `Wᵀ s` for a batch `s` shaped like the output: the layer's own transpose (Winograd or
    /// im2col for conv, one GEMM for dense, as the gradient).
    func transpose(_ s: [Float]) -> [Float] {
      switch kind {
      case .dense(let d):
        d.inputGradient(outputGradient: Tensor(shape: [batch, outputSize], scalars: s)).scalars
      case .conv(let c):
        c.inputGradient(outputGradient: Tensor(shape: outputShape, scalars: s), inputShape: inputShape).scalars
      }
    }
  }

  /// A bias-free layer whose weight is a grid of elementwise transforms of a source layer's
  /// weight: `R` output blocks × `G` input blocks, block `(r, g)` = `blocks[r][g]` applied to `W`.
  ///
  /// On a stacked input `[x_0; …; x_{G−1}]` (per sample, along the channel axis) its forward gives
  /// the `R` sums `Σ_g T_rg(W) x_g` stacked along the output channels, and its transpose sends a
  /// stacked `[s_0; …; s_{R−1}]` to `[Σ_r T_rg(W)ᵀ s_r]_g`: every sign-split LRP product of a
  /// layer is one forward and one transposed product at the efficiency of the layer's own
  /// convolution (Winograd / GEMM).
  struct DerivedLayer: Sendable {
    /// The stacked layer (dense `[R·O, G·K]` or conv `[R·O, G·C, kh, kw]`, no bias).
    let kind: LinearLayer.Kind
    /// Output blocks `R`.
    let outputBlocks: Int
    /// Input blocks `G`.
    let inputBlocks: Int

    /// Builds the stacked layer of `source` (`O·G·C·R·kh·kw` work, done once per cache entry).
    init(_ source: LinearLayer.Kind, blocks: [[DerivedWeightCache.Transform]]) {
      precondition(!blocks.isEmpty && blocks.allSatisfy { $0.count == blocks[0].count }, "DerivedLayer: a rectangular block grid")
      let w: Tensor
      switch source {
      case .dense(let d): w = d.weight
      case .conv(let c): w = c.weight
      }
      let (rCount, gCount) = (blocks.count, blocks[0].count)
      let (o, c) = (w.shape[0], w.shape[1])
      let inner = w.count / max(1, o &* c)
      var stacked = LRPKernel.uninitialized(rCount &* gCount &* w.count)
      w.scalars.withUnsafeBufferPointer { src in
        stacked.withUnsafeMutableBufferPointer { dst in
          for r in 0..<rCount {
            for oc in 0..<o {
              for g in 0..<gCount {
                let from = src.baseAddress! + oc &* c &* inner
                let to = dst.baseAddress! + ((r &* o &+ oc) &* gCount &+ g) &* c &* inner
                blocks[r][g].apply(from, into: to, count: c &* inner)
              }
            }
          }
        }
      }
      var shape = w.shape
      shape[0] = rCount &* o
      shape[1] = gCount &* c
      let weight = Tensor(shape: shape, scalars: stacked)
      switch source {
      case .dense(let d):
        kind = .dense(Dense(name: d.name, weight: weight, bias: nil))
      case .conv(let cv):
        kind = .conv(Conv2D(name: cv.name, weight: weight, bias: nil, stride: cv.stride, padding: cv.padding))
      }
      outputBlocks = rCount
      inputBlocks = gCount
    }

    /// The stacked sums for a stacked input of `n` samples (`[n, G·inputSize]` flat):
    /// `[n, R·outputSize]` flat.
    func forward(_ x: [Float], layer: LinearLayer, batch n: Int) -> [Float] {
      switch kind {
      case .dense(let d):
        return d.forward(Tensor(shape: [n, inputBlocks &* layer.inputSize], scalars: x)).scalars
      case .conv(let c):
        var shape = layer.inputShape
        shape[0] = n
        shape[1] = inputBlocks &* layer.inputChannels
        return c.forward(Tensor(shape: shape, scalars: x)).scalars
      }
    }

    /// The stacked transpose of a stacked upstream (`[N, R·outputSize]` flat):
    /// `[N, G·inputSize]` flat.
    func transpose(_ s: [Float], layer: LinearLayer) -> [Float] {
      let n = layer.batch
      switch kind {
      case .dense(let d):
        return d.inputGradient(outputGradient: Tensor(shape: [n, outputBlocks &* layer.outputSize], scalars: s)).scalars
      case .conv(let c):
        var outShape = layer.outputShape
        outShape[1] = outputBlocks &* layer.outputChannels
        var inShape = layer.inputShape
        inShape[1] = inputBlocks &* layer.inputChannels
        return c.inputGradient(outputGradient: Tensor(shape: outShape, scalars: s), inputShape: inShape).scalars
      }
    }
  }
}
