import Foundation
import Networks
import Testing
import _BPTestSupport

@Suite struct ArchitectureTests {
  let path = "arch.json"

  func parse(_ text: String) throws -> Architecture { try Architecture(json: Data(text.utf8), path: path) }

  @Test func tinyCNNImplicitNames() throws {
    let arch = try Architecture(contentsOf: Fixtures.url("tiny_cnn.json"))
    #expect(arch.layers.map(\.name) == ["conv1", "relu1", "maxpool2", "conv2", "relu4", "avgpool5", "flatten6", "fc1"])
    #expect(arch.inputShape == [2, 6, 6])
    #expect(
      arch.layers[2]
        == .maxPool2d(name: "maxpool2", kernelSize: Size2D(2, 2), stride: Size2D(2, 2), padding: Size2D(0, 0)))
    #expect(
      arch.layers[3]
        == .conv2d(
          name: "conv2", inChannels: 3, outChannels: 4, kernelSize: Size2D(2, 2), stride: Size2D(1, 1),
          padding: Size2D(0, 0), bias: true))
    let mlp = try Architecture(contentsOf: Fixtures.url("tiny_mlp.json"))
    #expect(mlp.layers.map(\.name) == ["fc1", "relu1", "fc2", "relu3", "fc3"])
    let strided = try Architecture(contentsOf: Fixtures.url("small_cnn_strided.json"))
    #expect(strided.layers.map(\.name) == ["conv1", "relu1", "conv2", "relu3", "maxpool4", "flatten5", "fc1"])
  }

  @Test(arguments: ["tiny_mlp", "tiny_cnn", "small_cnn_strided"])
  func roundTrip(model: String) throws {
    let arch = try Architecture(contentsOf: Fixtures.url("\(model).json"))
    let again = try Architecture(json: Data(arch.jsonText.utf8), path: "written.json")
    #expect(again == arch)
    // Every field the fixture states appears with the same value in the written JSON.
    let original = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("\(model).json"))) as? [String: Any])
    let written = try #require(try JSONSerialization.jsonObject(with: Data(arch.jsonText.utf8)) as? [String: Any])
    #expect((original["input_shape"] as? [Int]) == (written["input_shape"] as? [Int]))
    let a = try #require(original["layers"] as? [[String: Any]])
    let b = try #require(written["layers"] as? [[String: Any]])
    #expect(a.count == b.count)
    for (i, (x, y)) in zip(a, b).enumerated() {
      for (key, value) in x {
        #expect(y[key].map { "\($0)" } == "\(value)", "layers[\(i)].\(key)")
      }
    }
  }

  @Test func defaultsAndScalarSizes() throws {
    let arch = try parse(
      #"{"input_shape": [1, 9, 9], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 2, "kernel_size": 3, "bias": false},"#
        + #"{"type": "avgpool2d", "kernel_size": 3, "padding": 1}, {"type": "flatten"}, {"type": "dense", "in": 18, "out": 2}]}"#
    )
    #expect(
      arch.layers[0]
        == .conv2d(
          name: "conv0", inChannels: 1, outChannels: 2, kernelSize: Size2D(3, 3), stride: Size2D(1, 1),
          padding: Size2D(0, 0), bias: false))
    #expect(
      arch.layers[1]
        == .avgPool2d(name: "avgpool1", kernelSize: Size2D(3, 3), stride: Size2D(3, 3), padding: Size2D(1, 1)))
    #expect(arch.layers[3].name == "dense3")
    #expect(arch.parameterShapes.map(\.key) == ["conv0.weight", "dense3.weight", "dense3.bias"])
    #expect(try parse(arch.jsonText) == arch)
  }

  @Test func jsonThatDoesNotParse() {
    let e = #expect(throws: ModelFileError.self) { try parse(#"{"input_shape": [5], "layers": [}"#) }
    expectMessage(e, file: path, field: "document")
  }

  @Test func unknownLayerType() {
    let e = #expect(throws: ModelFileError.self) {
      try parse(#"{"input_shape": [5], "layers": [{"type": "relu"}, {"type": "relu"}, {"type": "conv3d"}]}"#)
    }
    #expect(e == .unknownLayerType(file: path, index: 2, type: "conv3d"))
    expectMessage(e, file: path, field: "layers[2].type")
    #expect(e?.description.contains("\"conv3d\"") == true)
  }

  @Test func duplicateNames() {
    let e = #expect(throws: ModelFileError.self) {
      try parse(
        #"{"input_shape": [5], "layers": [{"type": "dense", "name": "relu1", "in": 5, "out": 5}, {"type": "relu"}]}"#)
    }
    #expect(e == .duplicateLayerName(file: path, index: 1, name: "relu1"))
    expectMessage(e, file: path, field: "layers[1].name")
  }

  @Test func badFields() {
    let cases: [(String, String)] = [
      (#"{"layers": []}"#, "input_shape"),
      (#"{"input_shape": [3, 4], "layers": []}"#, "input_shape"),
      (#"{"input_shape": [5], "layers": {}}"#, "layers"),
      (#"{"input_shape": [5], "layers": [{"type": "dense", "in": 5}]}"#, "layers[0].out"),
      (#"{"input_shape": [5], "layers": [{"type": "dense", "in": 5, "out": 0}]}"#, "layers[0].out"),
      (#"{"input_shape": [5], "layers": [{"type": "dense", "in": 5, "out": 2, "bias": 1}]}"#, "layers[0].bias"),
      (
        #"{"input_shape": [1, 4, 4], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": [2, 2, 2]}]}"#,
        "layers[0].kernel_size"
      ),
      (
        #"{"input_shape": [1, 4, 4], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": 2, "stride": 0}]}"#,
        "layers[0].stride"
      ),
      (
        #"{"input_shape": [1, 4, 4], "layers": [{"type": "conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": 2, "dilation": 2}]}"#,
        "layers[0].dilation"
      ),
      (
        #"{"input_shape": [1, 4, 4], "layers": [{"type": "maxpool2d", "kernel_size": 2, "padding": 2}]}"#,
        "layers[0].padding"
      ),
      (#"{"input_shape": [1, 4, 4], "layers": [{"type": "relu", "slope": 0.1}]}"#, "layers[0].slope"),
      (#"{"input_shape": [5], "layers": [3]}"#, "layers[0]"),
    ]
    for (text, field) in cases {
      let e = #expect(throws: ModelFileError.self, "\(text)") { try parse(text) }
      expectMessage(e, file: path, field: field)
    }
  }

  @Test func layersThatDoNotFitNameTheArchitectureFile() {
    let arch = Architecture(inputShape: [1, 4, 4], layers: [.dense(name: "fc", inputs: 16, outputs: 2, bias: false)])
    let e = #expect(throws: ModelFileError.self) {
      try arch.makeNetwork(path: path) { _, shape in Tensor(shape: shape) }
    }
    guard case .invalidNetwork(path, .shapeMismatch(layer: "fc", _, got: [1, 4, 4])) = e else {
      Issue.record("wrong case \(String(describing: e))")
      return
    }
    expectMessage(e, file: path, field: "layer fc")
  }
}
