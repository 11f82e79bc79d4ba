import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The Winograd F(2×2, 3×3) path of 3×3 stride-1 convolutions with ≥ 16 channels, against the
/// Double loop reference, the im2col path and the adjoint identity.
@Suite struct WinogradTests {
  /// A 3×3 stride-1 convolution with `c` inputs and `o` outputs.
  func conv(_ c: Int, _ o: Int, padding: Size2D, bias: Bool, _ g: inout SeededGenerator) -> Conv2D {
    Conv2D(
      name: "w", weight: DoubleReference.randomTensor([o, c, 3, 3], &g),
      bias: bias ? DoubleReference.randomTensor([o], &g) : nil, stride: Size2D(1, 1),
      padding: padding)
  }

  /// Forward against the 7-loop Double reference on even and odd planes, paddings 0…2, with and
  /// without bias, one sample and several (more than one group).
  @Test(arguments: [
    (padding: Size2D(1, 1), h: 8, w: 8), (padding: Size2D(0, 0), h: 7, w: 6),
    (padding: Size2D(2, 1), h: 5, w: 9), (padding: Size2D(0, 2), h: 6, w: 5),
  ])
  func forwardMatchesReference(padding: Size2D, h: Int, w: Int) {
    for seed in UInt64(0)..<2 {
      var g = SeededGenerator(seed: seed)
      let layer = conv(16, 17, padding: padding, bias: seed == 0, &g)
      for batch in [1, 9] {
        let x = DoubleReference.randomTensor([batch, 16, h, w], &g)
        #expect(layer.usesWinograd(layer.geometry(forInputShape: x.shape)))
        let y = layer.forward(x)
        let ref = DoubleReference.apply(.conv2d(layer), DoubleReference.batch(x))
        #expect(y.shape == ref.shape, "seed \(seed)")
        expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5, "seed \(seed) batch \(batch)")
      }
    }
  }

  /// Every sample of a batch gets the same bits as when it runs alone (groups, the split over the
  /// cores and the single-group path never change the arithmetic), forward and input gradient.
  @Test func batchEqualsSamplesBitwise() {
    var g = SeededGenerator(seed: 5)
    let layer = conv(16, 16, padding: Size2D(1, 1), bias: true, &g)
    let x = DoubleReference.randomTensor([11, 16, 10, 10], &g)
    let gy = DoubleReference.randomTensor([11, 16, 10, 10], &g)
    let y = layer.forward(x)
    let dx = layer.inputGradient(outputGradient: gy, inputShape: x.shape)
    for s in 0..<11 {
      #expect(layer.forward(x.sample(s)) == y.sample(s), "sample \(s)")
      let alone = layer.inputGradient(outputGradient: gy.sample(s), inputShape: [1, 16, 10, 10])
      #expect(alone == dx.sample(s), "sample \(s)")
    }
  }

  /// The fused ReLU variants give exactly `ReLU.forward` of the linear output.
  @Test func fusedReLUIsExact() {
    var g = SeededGenerator(seed: 9)
    for (c, o) in [(16, 16), (3, 8)] {  // Winograd and im2col
      let layer = conv(c, o, padding: Size2D(1, 1), bias: true, &g)
      let x = DoubleReference.randomTensor([3, c, 6, 6], &g)
      let linear = layer.forward(x)
      let relu = ReLU.forward(linear)
      #expect(layer.forwardReLU(x).scalars.map(\.bitPattern) == relu.scalars.map(\.bitPattern))
      let both = layer.forwardKeepingReLU(x)
      #expect(both.linear.scalars.map(\.bitPattern) == linear.scalars.map(\.bitPattern))
      #expect(both.activated.scalars.map(\.bitPattern) == relu.scalars.map(\.bitPattern))
    }
  }

  /// The input gradient agrees with the im2col transposed convolution and satisfies the adjoint
  /// identity `⟨W x, g⟩ = ⟨x, Wᵀ g⟩` (evaluated in Double) for paddings 0…2.
  @Test(arguments: [Size2D(1, 1), Size2D(0, 0), Size2D(2, 2), Size2D(0, 1)])
  func inputGradientIsTheTranspose(padding: Size2D) {
    var g = SeededGenerator(seed: 3)
    let layer = conv(16, 20, padding: padding, bias: false, &g)
    let x = DoubleReference.randomTensor([2, 16, 7, 8], &g)
    let geometry = layer.geometry(forInputShape: x.shape)
    #expect(layer.usesWinogradGradient(geometry))
    let gy = DoubleReference.randomTensor([2, 20, geometry.outputHeight, geometry.outputWidth], &g)
    let dx = layer.inputGradient(outputGradient: gy, inputShape: x.shape)
    let im2col = layer.backward(
      input: nil, inputShape: x.shape, outputGradient: gy, wantInput: true, allowWinograd: false
    ).input
    expectClose(dx.scalars, im2col?.scalars ?? [], rtol: 1e-5)
    let y = DoubleReference.apply(.conv2d(layer), DoubleReference.batch(x)).values
    let left = zip(y, gy.scalars).reduce(0.0) { $0 + $1.0 * Double($1.1) }
    let right = zip(x.scalars, dx.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    expectClose(right, left, rtol: 1e-5)
  }

  /// Shapes at the edges of the C pipeline's blocking, forward against the Double reference and
  /// input gradient against the im2col transpose: odd planes (cut tiles in the last row and
  /// column), one sample (the tiles of one sample split into blocks), channel counts that are not
  /// multiples of 8 or of the 6-row weight panels, and more than 256 input channels (the depth
  /// split into two blocks accumulated in order).
  @Test(arguments: [
    (batch: 1, c: 19, o: 23, h: 9, w: 11, padding: Size2D(1, 1)),
    (batch: 1, c: 16, o: 16, h: 16, w: 16, padding: Size2D(1, 1)),
    (batch: 3, c: 21, o: 17, h: 3, w: 5, padding: Size2D(0, 1)),
    (batch: 2, c: 300, o: 16, h: 6, w: 7, padding: Size2D(1, 1)),
    (batch: 2, c: 17, o: 263, h: 5, w: 5, padding: Size2D(1, 1)),
  ])
  func edgeShapesMatchReference(batch: Int, c: Int, o: Int, h: Int, w: Int, padding: Size2D) {
    var g = SeededGenerator(seed: UInt64(c &* 31 &+ o))
    let layer = conv(c, o, padding: padding, bias: true, &g)
    let x = DoubleReference.randomTensor([batch, c, h, w], &g)
    let geometry = layer.geometry(forInputShape: x.shape)
    #expect(layer.usesWinogradGradient(geometry))
    let ref = DoubleReference.apply(.conv2d(layer), DoubleReference.batch(x))
    expectClose(layer.forward(x).scalars, ref.values.map(Float.init), rtol: 1e-5, "C \(c) O \(o)")
    let gy = DoubleReference.randomTensor([batch, o, geometry.outputHeight, geometry.outputWidth], &g)
    let dx = layer.inputGradient(outputGradient: gy, inputShape: x.shape)
    let im2col = layer.backward(
      input: nil, inputShape: x.shape, outputGradient: gy, wantInput: true, allowWinograd: false
    ).input
    expectClose(dx.scalars, im2col?.scalars ?? [], rtol: 1e-5, "C \(c) O \(o)")
  }

  /// One and two worker threads give the same bits, forward (every epilogue) and input gradient,
  /// on shapes with several tile blocks per call and at batch 1.
  @Test func threadCountDoesNotChangeBits() {
    var g = SeededGenerator(seed: 21)
    let layer = conv(16, 24, padding: Size2D(1, 1), bias: true, &g)
    for batch in [1, 3] {
      let x = DoubleReference.randomTensor([batch, 16, 32, 32], &g)
      let gy = DoubleReference.randomTensor([batch, 24, 32, 32], &g)
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
    }
  }

  /// A network with Winograd layers: `trace` and `forward` agree bitwise on the logits, and the
  /// backward pass with and without parameter gradients gives the same input gradient.
  @Test func networkPathsAgree() throws {
    var g = SeededGenerator(seed: 1)
    let net = try Network(
      inputShape: [16, 8, 8],
      layers: [
        .conv2d(conv(16, 16, padding: Size2D(1, 1), bias: true, &g)), .relu(name: "r1"),
        .maxPool2d(Pool2D(name: "p", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))),
        .flatten(name: "f"),
        .dense(Dense(name: "d", weight: DoubleReference.randomTensor([3, 256], &g), bias: nil)),
      ])
    let x = DoubleReference.randomTensor([4, 16, 8, 8], &g)
    let trace = net.trace(x)
    #expect(trace.output.scalars.map(\.bitPattern) == net.forward(x).scalars.map(\.bitPattern))
    let u = DoubleReference.randomTensor([4, 3], &g)
    let plain = net.backward(trace: trace, upstream: u, at: 4)
    let full = net.backward(trace: trace, upstream: u, at: 4, parameterGradients: true)
    #expect(plain.inputGradient == full.inputGradient)
  }
}
