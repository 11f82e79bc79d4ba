import Matrices
import Networks
import Testing
import _BPTestSupport

@Suite struct InitializerTests {
  @Test func fansFollowPyTorch() {
    #expect(Initializer.fans(ofWeightShape: [64, 32, 3, 3]) == (fanIn: 288, fanOut: 576))
    #expect(Initializer.fans(ofWeightShape: [10, 1024]) == (fanIn: 1024, fanOut: 10))
  }

  /// Sample moments of 40 000 draws against the stated distributions (std error of the variance ≈ 0.7 %).
  @Test(arguments: [Initializer.heNormal, .heUniform, .glorotUniform])
  func momentsAndBounds(_ initializer: Initializer) {
    var g = SeededGenerator(seed: 21)
    let shape = [100, 50, 2, 4]  // fan_in 400, fan_out 800
    let w = initializer.weights(shape: shape, using: &g).scalars.map(Double.init)
    let mean = w.reduce(0, +) / Double(w.count)
    let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
    let expectedVariance: Double
    let bound: Double
    switch initializer {
    case .heNormal:
      expectedVariance = 2.0 / 400
      bound = .infinity
    case .heUniform:
      bound = (6.0 / 400).squareRoot()
      expectedVariance = bound * bound / 3
    case .glorotUniform:
      bound = (6.0 / 1200).squareRoot()
      expectedVariance = bound * bound / 3
    }
    #expect(abs(mean) < 4 * (expectedVariance / Double(w.count)).squareRoot(), "\(initializer)")
    expectClose(variance, expectedVariance, rtol: 0.04, "\(initializer)")
    #expect(w.allSatisfy { abs($0) <= bound }, "\(initializer)")
  }

  @Test func architecturesAreSeededAndNamed() throws {
    #expect(
      Network.mlp(inputCount: 3, hidden: [5, 4], classes: 2, seed: 1)
        == Network.mlp(inputCount: 3, hidden: [5, 4], classes: 2, seed: 1))
    #expect(
      Network.mlp(inputCount: 3, hidden: [5, 4], classes: 2, seed: 1)
        != Network.mlp(inputCount: 3, hidden: [5, 4], classes: 2, seed: 2))
    #expect(
      Network.mlp(inputCount: 3, hidden: [5, 4], classes: 2, seed: 1).layers.map(\.name) == [
        "fc1", "relu1", "fc2", "relu3", "fc3",
      ])
    let small = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: 3)
    #expect(
      small.layers.map(\.name) == [
        "conv1", "relu1", "maxpool2", "conv2", "relu4", "maxpool5", "flatten6", "fc3",
      ])
    #expect(try small.activationShapes()[7] == [256])
    #expect(small.outputCount == 10)
  }

  /// The paper's CIFAR-10 network: layer names, shapes and the parameter count worked out by hand
  /// (896 + 18 496 + 73 856 + 147 584 + 8 389 632 + 10 250 = 8 640 714), zero biases.
  @Test func cifarNetwork() throws {
    let net = Network.cifarCNN(seed: 0)
    #expect(net.inputShape == [3, 32, 32])
    #expect(
      net.layers.map(\.name) == [
        "conv1", "relu1", "conv2", "relu3", "maxpool4", "conv3", "relu6", "conv4", "relu8",
        "maxpool9",
        "flatten10", "fc5", "relu12", "fc6",
      ])
    #expect(
      net.layers.map(\.typeName) == [
        "conv2d", "relu", "conv2d", "relu", "maxpool2d", "conv2d", "relu", "conv2d", "relu",
        "maxpool2d",
        "flatten", "dense", "relu", "dense",
      ])
    let shapes = try net.activationShapes()
    #expect(
      shapes[5] == [64, 16, 16] && shapes[10] == [128, 8, 8] && shapes[11] == [8192]
        && shapes[14] == [10])
    #expect(net.parameterCount == 8_640_714)
    guard case .conv2d(let conv1) = net.layers[0] else {
      Issue.record("conv1")
      return
    }
    #expect(
      conv1.padding == Size2D(1, 1) && conv1.stride == Size2D(1, 1)
        && conv1.kernelSize == Size2D(3, 3))
    #expect(conv1.bias?.scalars.allSatisfy { $0 == 0 } == true)
  }
}
