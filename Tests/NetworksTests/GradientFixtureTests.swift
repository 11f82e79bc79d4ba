import Foundation
import Networks
import Testing
import _BPTestSupport

/// The engine against the PyTorch reference fixtures (Tests/Fixtures, see its README): logits,
/// the autograd gradient of the target logit at the input and at every recorded layer, and the
/// CSC example's gradient vectors injected at the logits.
@Suite struct GradientFixtureTests {
  static let models = ["tiny_mlp", "tiny_cnn", "small_cnn_strided"]

  static func load(_ model: String) throws -> (Network, InputBatch) {
    let net = try Network.load(
      architecture: Fixtures.url("\(model).json"), weights: Fixtures.url("\(model).safetensors"))
    let batch = try InputBatch.load(Fixtures.url("\(model).inputs.safetensors"))
    return (net, batch)
  }

  /// One-hot rows `e_c`.
  static func oneHot(_ targets: [Int], classes: Int) -> Tensor {
    var t = Tensor(shape: [targets.count, classes])
    for (row, c) in targets.enumerated() { t.scalars[row * classes + c] = 1 }
    return t
  }

  @Test(arguments: models)
  func logitsMatchPyTorch(_ model: String) throws {
    let (net, batch) = try Self.load(model)
    let logits = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).inputs.safetensors"))
      .tensor(named: "logits")
    let ours = net.forward(batch.x)
    #expect(ours.shape == logits.shape)
    expectClose(ours.scalars, logits.scalars, rtol: 1e-5, atol: 1e-6, "\(model)")
  }

  /// `gradient/<point>` at the input and at the output of every dense/conv/pool layer.
  @Test(arguments: models)
  func gradientsMatchAutograd(_ model: String) throws {
    let (net, batch) = try Self.load(model)
    let targets = try #require(batch.targets)
    let layersFile = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).layers.safetensors"))
    let trace = net.trace(batch.x)
    let result = net.backward(
      trace: trace, upstream: Self.oneHot(targets, classes: net.outputCount),
      at: net.layers.count - 1,
      keepActivationGradients: true)
    let attribution = try SafeTensorsFile(
      contentsOf: Fixtures.url("\(model).attributions.safetensors"))
    expectClose(
      result.inputGradient.scalars, try attribution.tensor(named: "gradient").scalars, rtol: 1e-5,
      atol: 1e-7, "\(model) input")
    let times = zip(batch.x.scalars, result.inputGradient.scalars).map { $0 * $1 }
    expectClose(
      times, try attribution.tensor(named: "gradient_x_input").scalars, rtol: 1e-5, atol: 1e-7,
      "\(model) x·grad")
    var checked = 0
    for (l, layer) in net.layers.enumerated() where layersFile.contains("gradient/\(layer.name)") {
      let expected = try layersFile.tensor(named: "gradient/\(layer.name)")
      let ours = result.activationGradients[l + 1]
      #expect(ours.shape == expected.shape, "\(model) \(layer.name)")
      expectClose(ours.scalars, expected.scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(layer.name)")
      checked += 1
    }
    #expect(
      checked
        == net.layers.filter {
          ["dense", "conv2d", "maxpool2d", "avgpool2d"].contains($0.typeName)
        }.count)
  }

  /// The CSC example: 20 random vectors injected at the logits of `x.repeat_interleave(5)`,
  /// gradient arriving at every recorded point.
  @Test(arguments: ["tiny_mlp", "small_cnn_strided"])
  func injectedVectorsMatchAutograd(_ model: String) throws {
    let (net, batch) = try Self.load(model)
    let csc = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).csc.safetensors"))
    let vectors = try csc.tensor(named: "csc_vectors")
    let rows = (0..<batch.x.shape[0]).flatMap { Array(repeating: $0, count: 5) }
    let stride = batch.x.count / batch.x.shape[0]
    var shape = batch.x.shape
    shape[0] = rows.count
    let repeated = Tensor(
      shape: shape, scalars: rows.flatMap { batch.x.scalars[$0 * stride..<($0 + 1) * stride] })
    let result = net.backward(
      trace: net.trace(repeated), upstream: vectors, at: net.layers.count - 1,
      keepActivationGradients: true)
    expectClose(
      result.inputGradient.scalars, try csc.tensor(named: "gradient/input").scalars, rtol: 1e-5,
      atol: 1e-7, "\(model) input")
    for (l, layer) in net.layers.enumerated() where csc.contains("gradient/\(layer.name)") {
      expectClose(
        result.activationGradients[l + 1].scalars,
        try csc.tensor(named: "gradient/\(layer.name)").scalars,
        rtol: 1e-5, atol: 1e-7, "\(model) \(layer.name)")
    }
  }
}
