import Foundation
import Networks
import Testing
import _BPTestSupport

/// The three reference networks from the Zennit/Captum fixture set: our forward pass must give
/// PyTorch's logits to float precision (PyTorch's values are stored in `NAME.inputs.safetensors`).
@Suite struct FixtureForwardTests {
  @Test(arguments: ["tiny_mlp", "tiny_cnn", "small_cnn_strided"])
  func logitsMatchPyTorch(model: String) throws {
    let network = try Network.load(
      architecture: Fixtures.url("\(model).json"), weights: Fixtures.url("\(model).safetensors"))
    let inputs = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).inputs.safetensors"))
    let x = try inputs.tensor(named: "x")
    let expected = try inputs.tensor(named: "logits")
    let logits = network.forward(x)
    #expect(logits.shape == expected.shape)
    expectClose(logits.scalars, expected.scalars, rtol: 2e-6, atol: 1e-7)
    #expect(Network.rowArgmax(logits) == (try inputs.int64s(named: "target")))
  }
}
