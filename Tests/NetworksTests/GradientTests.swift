import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// Finite-difference checks of every layer's backward kernels against central differences of the
/// naive Double forward (`DoubleReference`), with respect to inputs and parameters.
@Suite struct GradientTests {
  /// Central difference of `f` at every coordinate of `values`, `h = 1e-6`.
  static func numericGradient(_ values: [Double], _ f: ([Double]) -> Double) -> [Double] {
    let h = 1e-6
    var v = values
    return values.indices.map { i in
      v[i] = values[i] + h
      let plus = f(v)
      v[i] = values[i] - h
      let minus = f(v)
      v[i] = values[i]
      return (plus - minus) / (2 * h)
    }
  }

  static func dot(_ a: [Double], _ b: [Float]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * Double($1.1) }
  }

  /// Checks input and (for dense/conv) parameter gradients of `layer` at input `x`.
  static func check(
    _ layer: Layer, input x: Tensor, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    var g = SeededGenerator(seed: seed &+ 1000)
    let y = layer.forward(x)
    let u = DoubleReference.randomTensor(y.shape, &g)
    let result = layer.backward(
      outputGradient: u, input: x, maxPoolIndices: nil, wantParameters: true)
    let xd = DoubleReference.batch(x)
    let numericInput = numericGradient(xd.values) { v in
      dot(
        DoubleReference.apply(layer, DoubleReference.Batch(shape: x.shape, values: v)).values,
        u.scalars)
    }
    #expect(result.input.shape == x.shape, sourceLocation: sourceLocation)
    expectClose(
      result.input.scalars, numericInput.map(Float.init), rtol: 1e-3, "input, seed \(seed)",
      sourceLocation: sourceLocation)

    let parameters: (weight: Tensor, bias: Tensor?)? =
      switch layer {
      case .dense(let d): (d.weight, d.bias)
      case .conv2d(let c): (c.weight, c.bias)
      default: nil
      }
    guard let parameters else {
      #expect(result.parameters == nil, sourceLocation: sourceLocation)
      return
    }
    guard let analytic = result.parameters else {
      Issue.record("no parameter gradients", sourceLocation: sourceLocation)
      return
    }
    let w = parameters.weight.scalars.map(Double.init)
    let b = parameters.bias?.scalars.map(Double.init)
    let numericWeight = numericGradient(w) { v in
      dot(DoubleReference.apply(layer, xd, weight: v, bias: b).values, u.scalars)
    }
    expectClose(
      analytic.weight.scalars, numericWeight.map(Float.init), rtol: 1e-3, "weight, seed \(seed)",
      sourceLocation: sourceLocation)
    if let b {
      let numericBias = numericGradient(b) { v in
        dot(DoubleReference.apply(layer, xd, weight: w, bias: v).values, u.scalars)
      }
      expectClose(
        analytic.bias?.scalars ?? [], numericBias.map(Float.init), rtol: 1e-3, "bias, seed \(seed)",
        sourceLocation: sourceLocation)
    } else {
      #expect(analytic.bias == nil, sourceLocation: sourceLocation)
    }
  }

  @Test func dense() {
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      let d = Dense(
        name: "fc", weight: DoubleReference.randomTensor([4, 6], &g),
        bias: seed == 2 ? nil : DoubleReference.randomTensor([4], &g))
      Self.check(.dense(d), input: DoubleReference.randomTensor([3, 6], &g), seed: seed)
    }
  }

  @Test(arguments: [
    (kernel: Size2D(3, 3), stride: Size2D(2, 2), padding: Size2D(1, 1)),
    (kernel: Size2D(2, 3), stride: Size2D(1, 2), padding: Size2D(0, 0)),
    (kernel: Size2D(3, 2), stride: Size2D(1, 1), padding: Size2D(0, 0)),
    (kernel: Size2D(3, 3), stride: Size2D(3, 1), padding: Size2D(2, 1)),
  ])
  func conv(kernel: Size2D, stride: Size2D, padding: Size2D) {
    for seed in UInt64(0)..<2 {
      var g = SeededGenerator(seed: seed)
      let c = Conv2D(
        name: "conv",
        weight: DoubleReference.randomTensor([3, 2, kernel.height, kernel.width], &g),
        bias: seed == 1 ? nil : DoubleReference.randomTensor([3], &g), stride: stride,
        padding: padding)
      Self.check(.conv2d(c), input: DoubleReference.randomTensor([2, 2, 5, 6], &g), seed: seed)
    }
  }

  /// Parameter gradients accumulated over several im2col groups (GEMM with β = 1) and the input
  /// gradient of every group, against the single-group result.
  @Test func convGroupsAccumulate() {
    var g = SeededGenerator(seed: 11)
    let c = Conv2D(
      name: "conv", weight: DoubleReference.randomTensor([3, 2, 3, 3], &g),
      bias: DoubleReference.randomTensor([3], &g),
      stride: Size2D(1, 2), padding: Size2D(1, 1))
    let x = DoubleReference.randomTensor([5, 2, 4, 5], &g)
    let u = DoubleReference.randomTensor(c.forward(x).shape, &g)
    let whole = c.backward(input: x, inputShape: x.shape, outputGradient: u, wantInput: true)
    let grouped = c.backward(
      input: x, inputShape: x.shape, outputGradient: u, wantInput: true, columnBudget: 18 * 12 * 2)
    expectClose(grouped.input?.scalars ?? [], whole.input?.scalars ?? [], rtol: 1e-5)
    expectClose(
      grouped.parameters?.weight.scalars ?? [], whole.parameters?.weight.scalars ?? [], rtol: 1e-5)
    expectClose(
      grouped.parameters?.bias?.scalars ?? [], whole.parameters?.bias?.scalars ?? [], rtol: 1e-5)
    #expect(c.inputGradient(outputGradient: u, inputShape: x.shape) == whole.input)
    #expect(c.parameterGradients(input: x, outputGradient: u) == whole.parameters)
  }

  @Test(arguments: [
    (kernel: Size2D(2, 2), stride: Size2D(2, 2), padding: Size2D(0, 0)),
    (kernel: Size2D(3, 3), stride: Size2D(2, 2), padding: Size2D(1, 1)),
    (kernel: Size2D(3, 2), stride: Size2D(1, 1), padding: Size2D(1, 0)),
  ])
  func pools(kernel: Size2D, stride: Size2D, padding: Size2D) {
    for seed in UInt64(0)..<2 {
      var g = SeededGenerator(seed: seed)
      let p = Pool2D(name: "pool", kernelSize: kernel, stride: stride, padding: padding)
      // Gaussian inputs: ties have probability zero, and gaps exceed the step h.
      let x = DoubleReference.randomTensor([2, 2, 5, 6], &g)
      Self.check(.maxPool2d(p), input: x, seed: seed)
      Self.check(.avgPool2d(p), input: x, seed: seed)
    }
  }

  @Test func reluAwayFromKinksAndFlatten() {
    var g = SeededGenerator(seed: 5)
    var x = DoubleReference.randomTensor([2, 3, 2, 2], &g)
    x.scalars = x.scalars.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
    Self.check(.relu(name: "relu"), input: x, seed: 5)
    Self.check(.flatten(name: "flatten"), input: x, seed: 5)
  }

  /// A net with every layer type: the full backward from the logits against finite differences of
  /// the Double forward of the whole chain.
  static func mixedNetwork(seed: UInt64) throws -> Network {
    var g = SeededGenerator(seed: seed)
    return try Network(
      inputShape: [2, 6, 6],
      layers: [
        .conv2d(
          Conv2D(
            name: "conv1", weight: DoubleReference.randomTensor([3, 2, 3, 3], &g, scale: 0.5),
            bias: DoubleReference.randomTensor([3], &g), stride: Size2D(1, 1), padding: Size2D(1, 1)
          )),
        .relu(name: "relu1"),
        .maxPool2d(Pool2D(name: "maxpool2", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))),
        .conv2d(
          Conv2D(
            name: "conv2", weight: DoubleReference.randomTensor([4, 3, 2, 2], &g, scale: 0.5),
            bias: nil, stride: Size2D(1, 1), padding: Size2D(0, 0))),
        .avgPool2d(
          Pool2D(
            name: "avgpool4", kernelSize: Size2D(2, 2), stride: Size2D(1, 1), padding: Size2D(1, 1))
        ),
        .flatten(name: "flatten5"),
        .dense(
          Dense(
            name: "fc3", weight: DoubleReference.randomTensor([5, 36], &g, scale: 0.3),
            bias: DoubleReference.randomTensor([5], &g))),
        .relu(name: "relu7"),
        .dense(Dense(name: "fc4", weight: DoubleReference.randomTensor([3, 5], &g), bias: nil)),
      ])
  }

  @Test func wholeNetworkAgainstFiniteDifferences() throws {
    for seed in UInt64(0)..<2 {
      let net = try Self.mixedNetwork(seed: seed)
      var g = SeededGenerator(seed: seed &+ 50)
      let x = DoubleReference.randomTensor([2, 2, 6, 6], &g)
      let trace = net.trace(x)
      let u = DoubleReference.randomTensor([2, 3], &g)
      let result = net.backward(
        trace: trace, upstream: u, at: net.layers.count - 1, keepActivationGradients: true,
        parameterGradients: true)
      let numeric = Self.numericGradient(x.scalars.map(Double.init)) { v in
        Self.dot(
          DoubleReference.apply(net.layers, DoubleReference.Batch(shape: x.shape, values: v))
            .values, u.scalars)
      }
      expectClose(result.inputGradient.scalars, numeric.map(Float.init), rtol: 1e-3, "seed \(seed)")
      #expect(result.activationGradients.count == net.layers.count + 1)
      for (a, b) in zip(result.activationGradients, trace.activations) {
        #expect(a.shape == b.shape, "seed \(seed)")
      }
      #expect(result.activationGradients[0] == result.inputGradient)
      let grads = try #require(result.parameterGradients)
      #expect(grads.layers.indices.filter { grads[$0] != nil } == [0, 3, 6, 8])
    }
  }

  /// Injecting at a hidden layer equals the full backward of the network truncated after that layer.
  @Test func hiddenInjectionEqualsTruncatedNetwork() throws {
    let net = try Self.mixedNetwork(seed: 3)
    var g = SeededGenerator(seed: 9)
    let x = DoubleReference.randomTensor([3, 2, 6, 6], &g)
    let trace = net.trace(x)
    for layerIndex in [0, 2, 4, 6] {
      let truncated = try Network(
        inputShape: net.inputShape, layers: Array(net.layers[...layerIndex]))
      let u = DoubleReference.randomTensor(trace.activations[layerIndex + 1].shape, &g)
      let hidden = net.backward(
        trace: trace, upstream: u, at: layerIndex, keepActivationGradients: true,
        parameterGradients: true)
      let short = truncated.backward(
        trace: truncated.trace(x), upstream: u, at: layerIndex, keepActivationGradients: true,
        parameterGradients: true)
      #expect(hidden.inputGradient == short.inputGradient, "layer \(layerIndex)")
      #expect(hidden.activationGradients == short.activationGradients, "layer \(layerIndex)")
      #expect(hidden.activationGradients.count == layerIndex + 2)
      #expect(hidden.activationGradients[layerIndex + 1] == u)
      #expect(
        hidden.parameterGradients?.layers[...layerIndex] == short.parameterGradients?.layers[...])
      // Independent check: finite differences of the truncated Double chain.
      let numeric = Self.numericGradient(x.scalars.map(Double.init)) { v in
        Self.dot(
          DoubleReference.apply(truncated.layers, DoubleReference.Batch(shape: x.shape, values: v))
            .values, u.scalars)
      }
      expectClose(
        hidden.inputGradient.scalars, numeric.map(Float.init), rtol: 1e-3, "layer \(layerIndex)")
    }
  }

  /// Parameter gradients are opt-in.
  @Test func parameterGradientsAreOptIn() throws {
    let net = try Self.mixedNetwork(seed: 1)
    var g = SeededGenerator(seed: 2)
    let trace = net.trace(DoubleReference.randomTensor([1, 2, 6, 6], &g))
    let r = net.backward(trace: trace, upstream: Tensor(shape: [1, 3], scalars: [1, 0, 0]), at: 8)
    #expect(r.parameterGradients == nil)
    #expect(r.activationGradients.isEmpty)
  }
}
