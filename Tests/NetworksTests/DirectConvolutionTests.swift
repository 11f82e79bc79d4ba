import CKernels
import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The direct path of stride-1 convolutions with at most 8 input channels (forward) and of their
/// input gradients, against Double loop references, the im2col path and across thread counts.
@Suite struct DirectConvolutionTests {
  /// A stride-1 convolution `c → o` with a `kernel` and `padding`.
  func conv(
    _ c: Int, _ o: Int, kernel: Size2D, padding: Size2D, bias: Bool, _ g: inout SeededGenerator
  ) -> Conv2D {
    Conv2D(
      name: "d", weight: DoubleReference.randomTensor([o, c, kernel.height, kernel.width], &g),
      bias: bias ? DoubleReference.randomTensor([o], &g) : nil, stride: Size2D(1, 1),
      padding: padding)
  }

  /// The transposed convolution in Double, by scattering every output gradient back through the
  /// kernel: `dx[n, c, oy − ph + i, ox − pw + j] += W[o, c, i, j] · gy[n, o, oy, ox]`.
  func transposedReference(_ layer: Conv2D, _ gy: Tensor, inputShape: [Int]) -> [Double] {
    let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
    let (o, oh, ow) = (gy.shape[1], gy.shape[2], gy.shape[3])
    let (kh, kw) = (layer.kernelSize.height, layer.kernelSize.width)
    var dx = [Double](repeating: 0, count: n * c * h * w)
    for s in 0..<n {
      for oc in 0..<o {
        for oy in 0..<oh {
          for ox in 0..<ow {
            let g = Double(gy.scalars[((s * o + oc) * oh + oy) * ow + ox])
            for ic in 0..<c {
              for i in 0..<kh {
                for j in 0..<kw {
                  let (y, x) = (oy - layer.padding.height + i, ox - layer.padding.width + j)
                  guard y >= 0 && y < h && x >= 0 && x < w else { continue }
                  let wt = Double(layer.weight.scalars[((oc * c + ic) * kh + i) * kw + j])
                  dx[((s * c + ic) * h + y) * w + x] += wt * g
                }
              }
            }
          }
        }
      }
    }
    return dx
  }

  /// Forward and input gradient against the Double references over kernel sizes, paddings
  /// (including `p ≥ k` forward only), channel counts that leave short weight panels, planes
  /// narrower than one vector and wider than one micro-tile, one sample and several.
  @Test(arguments: [
    (c: 3, o: 32, kernel: Size2D(3, 3), padding: Size2D(1, 1), h: 12, w: 37),
    (c: 1, o: 5, kernel: Size2D(3, 3), padding: Size2D(0, 0), h: 7, w: 6),
    (c: 2, o: 7, kernel: Size2D(2, 3), padding: Size2D(1, 2), h: 9, w: 17),
    (c: 8, o: 13, kernel: Size2D(5, 4), padding: Size2D(2, 1), h: 11, w: 25),
    (c: 4, o: 3, kernel: Size2D(1, 1), padding: Size2D(0, 0), h: 5, w: 9),
    (c: 3, o: 2, kernel: Size2D(3, 3), padding: Size2D(3, 0), h: 4, w: 5),
  ])
  func matchesReference(c: Int, o: Int, kernel: Size2D, padding: Size2D, h: Int, w: Int) {
    for seed in UInt64(0)..<2 {
      var g = SeededGenerator(seed: seed &+ UInt64(c &* 100 &+ o))
      let layer = conv(c, o, kernel: kernel, padding: padding, bias: seed == 0, &g)
      for batch in [1, 3] {
        let x = DoubleReference.randomTensor([batch, c, h, w], &g)
        let geometry = layer.geometry(forInputShape: x.shape)
        #expect(layer.usesDirect(geometry))
        let ref = DoubleReference.apply(.conv2d(layer), DoubleReference.batch(x))
        let y = layer.forward(x)
        #expect(y.shape == ref.shape)
        expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5, "seed \(seed) batch \(batch)")
        let gy = DoubleReference.randomTensor(y.shape, &g)
        let dx = layer.inputGradient(outputGradient: gy, inputShape: x.shape)
        let dxRef = transposedReference(layer, gy, inputShape: x.shape)
        #expect(layer.usesDirectGradient(geometry) == (padding.height < kernel.height && padding.width < kernel.width))
        expectClose(dx.scalars, dxRef.map(Float.init), rtol: 1e-5, "seed \(seed) batch \(batch)")
      }
    }
  }

  /// The portable level (no FMA) agrees with the Double reference too, forward and transposed.
  @Test func portableLevelMatchesReference() {
    var g = SeededGenerator(seed: 11)
    let layer = conv(3, 10, kernel: Size2D(3, 3), padding: Size2D(1, 1), bias: true, &g)
    let x = DoubleReference.randomTensor([2, 3, 9, 19], &g)
    let geometry = layer.geometry(forInputShape: x.shape)
    let ref = DoubleReference.apply(.conv2d(layer), DoubleReference.batch(x))
    let plan = DirectConvolution(
      inChannels: 3, outChannels: 10, height: 9, width: 19, kernel: Size2D(3, 3),
      padding: Size2D(1, 1), level: Int32(BP_LEVEL_PORTABLE))
    let y = Tensor.filling(shape: ref.shape) { out in
      x.scalars.withUnsafeBufferPointer { xp in
        layer.weight.scalars.withUnsafeBufferPointer { w in
          layer.withBiasPointer { b in
            Conv2D.directConvolution(
              plan: plan, weights: w.baseAddress!, transposedFlipped: false, bias: b,
              input: xp.baseAddress!, batch: 2, output: out, epilogue: .linear)
          }
        }
      }
    }
    expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5)
    let gy = DoubleReference.randomTensor(ref.shape, &g)
    let transposed = DirectConvolution(
      inChannels: 10, outChannels: 3, height: geometry.outputHeight, width: geometry.outputWidth,
      kernel: Size2D(3, 3), padding: Size2D(1, 1), level: Int32(BP_LEVEL_PORTABLE))
    let dx = Tensor.filling(shape: x.shape) { out in
      gy.scalars.withUnsafeBufferPointer { gp in
        layer.weight.scalars.withUnsafeBufferPointer { w in
          Conv2D.directConvolution(
            plan: transposed, weights: w.baseAddress!, transposedFlipped: true, bias: nil,
            input: gp.baseAddress!, batch: 2, output: out, epilogue: .linear)
        }
      }
    }
    expectClose(dx.scalars, transposedReference(layer, gy, inputShape: x.shape).map(Float.init), rtol: 1e-5)
  }

  /// The first layer of the paper's CIFAR-10 network (3 → 32 on 32×32): one and two worker
  /// threads give the same bits for every epilogue and the input gradient, every sample of a batch
  /// the same bits as alone, and the forward pass the bits of the im2col product (the same sum in
  /// the same order); the input gradient agrees with the im2col transpose.
  @Test func cifarFirstLayerIsDeterministic() {
    var g = SeededGenerator(seed: 3)
    let layer = conv(3, 32, kernel: Size2D(3, 3), padding: Size2D(1, 1), bias: true, &g)
    for batch in [1, 3] {
      let x = DoubleReference.randomTensor([batch, 3, 32, 32], &g)
      let gy = DoubleReference.randomTensor([batch, 32, 32, 32], &g)
      func run() -> [[UInt32]] {
        let both = layer.forwardKeepingReLU(x)
        let dx = layer.inputGradient(outputGradient: gy, inputShape: x.shape)
        return [layer.forward(x), layer.forwardReLU(x), both.linear, both.activated, dx].map {
          $0.scalars.map(\.bitPattern)
        }
      }
      Parallelism.maximumThreads = 1
      let one = run()
      Parallelism.maximumThreads = 2
      let two = run()
      Parallelism.reset()
      #expect(one == two, "batch \(batch)")
      let im2col = layer.forward(x, epilogue: .linear, allowFastPaths: false)
      #expect(im2col.scalars.map(\.bitPattern) == one[0], "batch \(batch)")
      let im2colGradient = layer.backward(
        input: nil, inputShape: x.shape, outputGradient: gy, wantInput: true, allowFastPaths: false
      ).input
      expectClose(one[4].map(Float.init(bitPattern:)), im2colGradient?.scalars ?? [], rtol: 1e-5)
      for s in 0..<batch where batch > 1 {
        #expect(layer.forward(x.sample(s)).scalars.map(\.bitPattern) == Array(one[0][(s * 32 * 1024)..<((s + 1) * 32 * 1024)]))
        let alone = layer.inputGradient(outputGradient: gy.sample(s), inputShape: [1, 3, 32, 32])
        #expect(alone.scalars.map(\.bitPattern) == Array(one[4][(s * 3 * 1024)..<((s + 1) * 3 * 1024)]))
      }
    }
  }
}
