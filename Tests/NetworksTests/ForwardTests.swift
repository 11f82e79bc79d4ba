import Matrices
import Testing
import _BPTestSupport

@testable import Networks

@Suite struct ForwardTests {
  /// Conv forward against the 7-loop Double reference over strides, paddings and rectangular kernels.
  @Test(arguments: [
    (kernel: Size2D(3, 3), stride: Size2D(1, 1), padding: Size2D(1, 1)),
    (kernel: Size2D(2, 3), stride: Size2D(2, 1), padding: Size2D(0, 1)),
    (kernel: Size2D(3, 2), stride: Size2D(2, 3), padding: Size2D(2, 0)),
    (kernel: Size2D(1, 1), stride: Size2D(1, 1), padding: Size2D(0, 0)),
    (kernel: Size2D(5, 4), stride: Size2D(3, 2), padding: Size2D(1, 2)),
  ])
  func convMatchesNaiveLoops(kernel: Size2D, stride: Size2D, padding: Size2D) {
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      let conv = Conv2D(
        name: "c", weight: DoubleReference.randomTensor([3, 2, kernel.height, kernel.width], &g),
        bias: seed == 1 ? nil : DoubleReference.randomTensor([3], &g), stride: stride,
        padding: padding)
      let x = DoubleReference.randomTensor([2, 2, 7, 6], &g)
      let y = conv.forward(x)
      let ref = DoubleReference.apply(.conv2d(conv), DoubleReference.batch(x))
      #expect(y.shape == ref.shape, "seed \(seed)")
      expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5, "seed \(seed)")
    }
  }

  /// Conv with a batch large enough to need several im2col groups.
  @Test func convSplitsLargeBatchesIntoGroups() {
    var g = SeededGenerator(seed: 7)
    let conv = Conv2D(
      name: "c", weight: DoubleReference.randomTensor([2, 1, 3, 3], &g),
      bias: DoubleReference.randomTensor([2], &g),
      stride: Size2D(1, 1), padding: Size2D(1, 1))
    // patch 9 × plane 16 = 144 floats per sample; a budget of 300 gives groups of 2, 2, 1.
    let x = DoubleReference.randomTensor([5, 1, 4, 4], &g)
    let ref = DoubleReference.apply(.conv2d(conv), DoubleReference.batch(x))
    expectClose(conv.forward(x, columnBudget: 300).scalars, ref.values.map(Float.init), rtol: 1e-5)
  }

  @Test func denseMatchesNaiveLoops() {
    var g = SeededGenerator(seed: 3)
    let d = Dense(
      name: "fc", weight: DoubleReference.randomTensor([4, 5], &g),
      bias: DoubleReference.randomTensor([4], &g))
    let x = DoubleReference.randomTensor([3, 5], &g)
    let ref = DoubleReference.apply(.dense(d), DoubleReference.batch(x))
    expectClose(d.forward(x).scalars, ref.values.map(Float.init), rtol: 1e-5)
  }

  /// An all-zero window routes to its top-left element; equal maxima go to the first in row-major order.
  @Test func maxPoolTieRule() {
    let pool = Pool2D(name: "p", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))
    let x = Tensor(shape: [1, 1, 2, 4], scalars: [0, 0, 1, 3, 0, 0, 3, 3])
    let (y, argmax) = pool.maxPoolForward(x)
    #expect(y.scalars == [0, 3])
    #expect(argmax == [0, 3])
  }

  /// A NaN in a window wins (PyTorch CPU), and ReLU keeps it.
  @Test func nanPropagates() {
    let pool = Pool2D(name: "p", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))
    let (y, argmax) = pool.maxPoolForward(Tensor(shape: [1, 1, 2, 2], scalars: [1, .nan, 3, 2]))
    #expect(y.scalars[0].isNaN)
    #expect(argmax == [1])
    let r = ReLU.forward(Tensor(shape: [3], scalars: [.nan, -1, 2]))
    #expect(r.scalars[0].isNaN && r.scalars[1] == 0 && r.scalars[2] == 2)
  }

  /// Padding acts as −∞: an all-negative window at the border never takes the padding.
  @Test func maxPoolPaddingIsMinusInfinity() {
    let pool = Pool2D(
      name: "p", kernelSize: Size2D(3, 3), stride: Size2D(2, 2), padding: Size2D(1, 1))
    let x = Tensor(shape: [1, 1, 2, 2], scalars: [-4, -3, -2, -5])
    let (y, argmax) = pool.maxPoolForward(x)
    #expect(y.shape == [1, 1, 1, 1])
    #expect(y.scalars == [-2])
    #expect(argmax == [2])
  }

  /// 3×3 input 1…9, window 2, stride 1, padding 1: corner windows see one real element and three
  /// padded zeros, so with count_include_pad the corner output is x/4.
  @Test func avgPoolByHand() {
    let pool = Pool2D(
      name: "p", kernelSize: Size2D(2, 2), stride: Size2D(2, 2), padding: Size2D(1, 1))
    let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let y = pool.avgPoolForward(x)
    #expect(y.shape == [1, 1, 2, 2])
    // windows: {1}/4, {2,3}/4, {4,7}/4, {5,6,8,9}/4
    #expect(y.scalars == [0.25, 1.25, 2.75, 7])
  }

  @Test func reluAndFlatten() throws {
    let net = try Network(
      inputShape: [1, 2, 2], layers: [.relu(name: "relu0"), .flatten(name: "flatten1")])
    let x = Tensor(shape: [1, 1, 2, 2], scalars: [-1, 2, 0, -0.5])
    #expect(net.forward(x) == Tensor(shape: [1, 4], scalars: [0, 2, 0, 0]))
  }

  @Test func traceHoldsEveryActivation() throws {
    let net = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: 1)
    var g = SeededGenerator(seed: 2)
    let x = DoubleReference.randomTensor([2, 1, 16, 16], &g)
    let trace = net.trace(x)
    let shapes = try net.activationShapes()
    #expect(trace.activations.count == net.layers.count + 1)
    for (a, s) in zip(trace.activations, shapes) { #expect(a.shape == [2] + s) }
    #expect(trace.output == net.forward(x))
    let ref = DoubleReference.apply(net.layers, DoubleReference.batch(x))
    expectClose(trace.output.scalars, ref.values.map(Float.init), rtol: 1e-4)
  }

  @Test func checkInputNamesBothShapes() throws {
    let net = try Network(inputShape: [3, 4, 4], layers: [.flatten(name: "flatten0")])
    #expect(throws: Never.self) { try net.checkInput(Tensor(shape: [2, 3, 4, 4])) }
    #expect(throws: InputShapeError(expected: [3, 4, 4], got: [2, 3, 5, 4])) {
      try net.checkInput(Tensor(shape: [2, 3, 5, 4]))
    }
    #expect(throws: InputShapeError.self) { try net.checkInput(Tensor(shape: [3, 4, 4])) }
    #expect(
      "\(InputShapeError(expected: [3, 4, 4], got: [3, 4, 4]))"
        == "input: expected shape [N, 3, 4, 4] with N ≥ 1, got [3, 4, 4]")
  }
}
