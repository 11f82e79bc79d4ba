import Matrices
import Networks
import Testing
import _BPTestSupport

/// Optimizer steps pinned on the 1-parameter quadratic `f(p) = p²` (gradient `2p`), starting at
/// `p = 1`; the expected values are worked out by hand in the comments.
@Suite struct OptimizerTests {
  static func scalarNetwork(_ p: Float) throws -> Network {
    try Network(
      inputShape: [1],
      layers: [.dense(Dense(name: "fc", weight: Tensor(shape: [1, 1], scalars: [p]), bias: nil))])
  }

  static func parameter(_ net: Network) -> Float {
    guard case .dense(let d) = net.layers[0] else { return .nan }
    return d.weight.scalars[0]
  }

  /// One step of `optimizer` on `f(p) = p²`.
  static func step(_ net: inout Network, _ optimizer: inout some Optimizer) {
    let g = 2 * parameter(net)
    optimizer.update(
      &net,
      along: ParameterGradients(layers: [
        ParameterGradient(weight: Tensor(shape: [1, 1], scalars: [g]), bias: nil)
      ]))
  }

  @Test func sgdMomentumByHand() throws {
    var net = try Self.scalarNetwork(1)
    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    // step 1: g = 2, v = 2, p = 1 − 0.1·2 = 0.8
    Self.step(&net, &sgd)
    expectClose(Self.parameter(net), 0.8, rtol: 1e-6)
    // step 2: g = 1.6, v = 0.9·2 + 1.6 = 3.4, p = 0.8 − 0.34 = 0.46
    Self.step(&net, &sgd)
    expectClose(Self.parameter(net), 0.46, rtol: 1e-6)
  }

  @Test func sgdWeightDecayByHand() throws {
    var net = try Self.scalarNetwork(1)
    var sgd = SGD(learningRate: 0.1, weightDecay: 0.5)
    // g = 2 + 0.5·1 = 2.5, p = 1 − 0.25 = 0.75
    Self.step(&net, &sgd)
    expectClose(Self.parameter(net), 0.75, rtol: 1e-6)
  }

  @Test func adamWithBiasCorrectionByHand() throws {
    var net = try Self.scalarNetwork(1)
    var adam = Adam(learningRate: 0.1)
    // step 1: g = 2, m = 0.2, v = 0.004, m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4,
    //         p = 1 − 0.1·2/(2 + 1e-8) = 0.9
    Self.step(&net, &adam)
    expectClose(Self.parameter(net), 0.9, rtol: 1e-6)
    // step 2: g = 1.8, m = 0.18 + 0.18 = 0.36, v = 0.003996 + 0.00324 = 0.007236,
    //         m̂ = 0.36/0.19 = 1.8947368, v̂ = 0.007236/0.001999 = 3.6198099, √v̂ = 1.9025798,
    //         p = 0.9 − 0.1·1.8947368/1.9025798 = 0.9 − 0.0995878 = 0.8004122
    Self.step(&net, &adam)
    expectClose(Self.parameter(net), 0.8004122, rtol: 2e-6)
    #expect(adam.step == 2)
  }

  @Test func adamWithoutBiasCorrectionByHand() throws {
    var net = try Self.scalarNetwork(1)
    var adam = Adam(learningRate: 0.1, biasCorrection: false)
    // step 1: m = 0.2, v = 0.004, √v = 0.0632456, p = 1 − 0.1·0.2/0.0632456 = 1 − 0.3162278 = 0.6837722
    // (Float rounding of 1 − β2 = 0.00099998713 moves the result by ~6e-6 relative.)
    Self.step(&net, &adam)
    expectClose(Self.parameter(net), 0.6837722, rtol: 2e-5)
  }

  @Test func adamDefaults() {
    let adam = Adam()
    #expect(
      adam.learningRate == 1e-3 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-8)
    #expect(adam.biasCorrection)
  }

  /// Only layers with gradients move; biases and weights of several layers get separate state.
  @Test func stateIsPerParameter() throws {
    var g = SeededGenerator(seed: 4)
    var net = Network.mlp(inputCount: 3, hidden: [4], classes: 2, seed: 4)
    let before = net
    let x = DoubleReference.randomTensor([5, 3], &g)
    let trace = net.trace(x)
    let (_, dz) = Loss.softmaxCrossEntropy(logits: trace.output, labels: [0, 1, 0, 1, 1])
    var grads = try #require(
      net.backward(trace: trace, upstream: dz, at: 2, parameterGradients: true).parameterGradients)
    grads.layers[0] = nil
    var sgd = SGD(learningRate: 0.5, momentum: 0.9)
    sgd.update(&net, along: grads)
    #expect(net.layers[0] == before.layers[0])
    guard case .dense(let after) = net.layers[2], case .dense(let old) = before.layers[2],
      let gw = grads[2]
    else {
      Issue.record("layout")
      return
    }
    expectClose(
      after.weight.scalars, zip(old.weight.scalars, gw.weight.scalars).map { $0 - 0.5 * $1 },
      rtol: 1e-6)
    expectClose(
      after.bias?.scalars ?? [],
      zip(old.bias?.scalars ?? [], gw.bias?.scalars ?? []).map { $0 - 0.5 * $1 }, rtol: 1e-6)
  }
}
