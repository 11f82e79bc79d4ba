import Foundation
import Networks
import Testing
import _BPTestSupport

@Suite struct NetworkLoadingTests {
  let mlpArch = Fixtures.url("tiny_mlp.json")

  /// The fixture's tensors, to be altered and re-written for the bad-input cases.
  func mlpTensors() throws -> [(String, TensorData)] {
    let file = try SafeTensorsFile(contentsOf: Fixtures.url("tiny_mlp.safetensors"))
    return try file.keys.map { ($0, .float32(try file.tensor(named: $0))) }
  }

  /// Writes `tensors` to a temporary weight file and loads it with the tiny_mlp architecture.
  func loadMLP(_ tensors: [(String, TensorData)], allowNonfinite: Bool = false) throws -> (Network, String) {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("w.safetensors")
    try SafeTensors.write(tensors, to: url)
    return (try Network.load(architecture: mlpArch, weights: url, allowNonfinite: allowNonfinite), url.path)
  }

  func failingLoad(_ tensors: [(String, TensorData)]) throws -> (ModelFileError?, String) {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("w.safetensors")
    try SafeTensors.write(tensors, to: url)
    let e = #expect(throws: ModelFileError.self) { try Network.load(architecture: mlpArch, weights: url) }
    return (e, url.path)
  }

  @Test func loadsFixtures() throws {
    let cnn = try Network.load(
      architecture: Fixtures.url("tiny_cnn.json"), weights: Fixtures.url("tiny_cnn.safetensors"))
    #expect(cnn.layers.map(\.name) == ["conv1", "relu1", "maxpool2", "conv2", "relu4", "avgpool5", "flatten6", "fc1"])
    // README: 2×6×6 → 3×6×6 → 3×3×3 → 4×2×2 → 4×1×1 → 3.
    #expect(
      try cnn.activationShapes() == [
        [2, 6, 6], [3, 6, 6], [3, 6, 6], [3, 3, 3], [4, 2, 2], [4, 2, 2], [4, 1, 1], [4], [3],
      ])
    let file = try SafeTensorsFile(contentsOf: Fixtures.url("tiny_cnn.safetensors"))
    guard case .conv2d(let conv2) = cnn.layers[3] else {
      Issue.record("layer 3 is not a conv")
      return
    }
    #expect(conv2.weight == (try file.tensor(named: "conv2.weight")))
    #expect(conv2.bias == (try file.tensor(named: "conv2.bias")))
    let strided = try Network.load(
      architecture: Fixtures.url("small_cnn_strided.json"), weights: Fixtures.url("small_cnn_strided.safetensors"))
    #expect(try strided.activationShapes()[1] == [4, 4, 4])
    #expect(strided.outputCount == 5)
    let (mlp, _) = try loadMLP(try mlpTensors())
    #expect(mlp.outputCount == 3)
  }

  @Test(arguments: ["tiny_mlp", "tiny_cnn", "small_cnn_strided"])
  func saveAndLoadRoundTrip(model: String) throws {
    let net = try Network.load(
      architecture: Fixtures.url("\(model).json"), weights: Fixtures.url("\(model).safetensors"))
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("m.json")
    let w = dir.appendingPathComponent("m.safetensors")
    try net.save(architecture: a, weights: w)
    #expect(try Network.load(architecture: a, weights: w) == net)
    let fixture = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).safetensors"))
    let saved = try SafeTensorsFile(contentsOf: w)
    #expect(Set(saved.keys) == Set(fixture.keys))
  }

  @Test func missingTensor() throws {
    let (e, path) = try failingLoad(try mlpTensors().filter { $0.0 != "fc2.bias" })
    #expect(e == .missingTensor(file: path, key: "fc2.bias", expected: "a tensor of shape [4]"))
    expectMessage(e, file: path, field: "fc2.bias")
  }

  @Test func extraTensor() throws {
    let (e, path) = try failingLoad(try mlpTensors() + [("fc4.weight", .float32(Tensor(shape: [2, 3])))])
    #expect(e == .unexpectedTensor(file: path, key: "fc4.weight", shape: [2, 3]))
    expectMessage(e, file: path, field: "fc4.weight")
  }

  @Test func biasInFileButNotInArchitecture() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let arch = dir.appendingPathComponent("a.json")
    try Data(
      #"{"input_shape": [5], "layers": [{"type": "dense", "name": "fc1", "in": 5, "out": 4, "bias": false}]}"#.utf8
    )
    .write(to: arch)
    let w = dir.appendingPathComponent("w.safetensors")
    try SafeTensors.write(
      [("fc1.weight", .float32(Tensor(shape: [4, 5]))), ("fc1.bias", .float32(Tensor(shape: [4])))], to: w)
    let e = #expect(throws: ModelFileError.self) { try Network.load(architecture: arch, weights: w) }
    #expect(e == .unexpectedTensor(file: w.path, key: "fc1.bias", shape: [4]))
    expectMessage(e, file: w.path, field: "fc1.bias")
  }

  @Test func shapeMismatch() throws {
    let tensors = try mlpTensors().map { key, value in
      key == "fc2.weight" ? (key, TensorData.float32(Tensor(shape: [4, 3]))) : (key, value)
    }
    let (e, path) = try failingLoad(tensors)
    #expect(e == .shapeMismatch(file: path, key: "fc2.weight", expected: "[4, 4]", got: [4, 3]))
    expectMessage(e, file: path, field: "fc2.weight")
    #expect(e?.description.contains("[4, 4]") == true && e?.description.contains("[4, 3]") == true)
  }

  @Test func nonfiniteWeights() throws {
    let tensors = try mlpTensors().map { key, value -> (String, TensorData) in
      guard key == "fc1.weight", case .float32(var t) = value else { return (key, value) }
      t.scalars[7] = .nan
      return (key, .float32(t))
    }
    let (e, path) = try failingLoad(tensors)
    guard case .nonFinite(_, "fc1.weight", 7, let v) = e, v.isNaN else {
      Issue.record("wrong case \(String(describing: e))")
      return
    }
    expectMessage(e, file: path, field: "fc1.weight")
    let (net, _) = try loadMLP(tensors, allowNonfinite: true)
    guard case .dense(let fc1) = net.layers[0] else {
      Issue.record("layer 0 is not dense")
      return
    }
    #expect(fc1.weight.scalars[7].isNaN)
  }

  @Test func inconsistentArchitectureNamesTheArchitectureFile() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let arch = dir.appendingPathComponent("a.json")
    try Data(#"{"input_shape": [5], "layers": [{"type": "dense", "name": "fc1", "in": 6, "out": 4}]}"#.utf8).write(
      to: arch)
    let w = dir.appendingPathComponent("w.safetensors")
    try SafeTensors.write(
      [("fc1.weight", .float32(Tensor(shape: [4, 6]))), ("fc1.bias", .float32(Tensor(shape: [4])))], to: w)
    let e = #expect(throws: ModelFileError.self) { try Network.load(architecture: arch, weights: w) }
    expectMessage(e, file: arch.path, field: "layer fc1")
  }

  @Test func inputThatDoesNotFitTheNetwork() throws {
    let net = try Network.load(
      architecture: Fixtures.url("tiny_cnn.json"), weights: Fixtures.url("tiny_cnn.safetensors"))
    let good = try InputBatch.load(Fixtures.url("tiny_cnn.inputs.safetensors"))
    try good.validate(for: net)
    let url = Fixtures.url("small_cnn_strided.inputs.safetensors")
    let bad = try InputBatch.load(url)
    let e = #expect(throws: ModelFileError.self) { try bad.validate(for: net) }
    #expect(e?.description == "\(url.path): x: expected shape [N, 2, 6, 6], got [4, 1, 8, 8]")
    expectMessage(e, file: url.path, field: "x")
    // Targets must be classes of the network: tiny_cnn has 3, small_cnn_strided's targets reach 2.
    let outOfRange = InputBatch(x: good.x, targets: [0, 1, 2, 3], path: "in.safetensors")
    let t = #expect(throws: ModelFileError.self) { try outOfRange.validate(for: net) }
    expectMessage(t, file: "in.safetensors", field: "target[3]")
  }

  @Test func inputFileErrors() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("in.safetensors")
    try SafeTensors.write([("x", .float32(Tensor(shape: [2, 3, 4])))], to: url)
    let rank = #expect(throws: ModelFileError.self) { try InputBatch.load(url) }
    expectMessage(rank, file: url.path, field: "x")
    let missing = #expect(throws: ModelFileError.self) { try InputBatch.load(url, key: "images") }
    expectMessage(missing, file: url.path, field: "images")
    try SafeTensors.write(
      [("x", .float32(Tensor(shape: [2, 3]))), ("target", .int64(shape: [3], values: [0, 1, 2]))], to: url)
    let target = #expect(throws: ModelFileError.self) { try InputBatch.load(url) }
    expectMessage(target, file: url.path, field: "target")
    try SafeTensors.write([("x", .float32(Tensor(shape: [2, 3]))), ("target", .float32(Tensor(shape: [2])))], to: url)
    let dtype = #expect(throws: ModelFileError.self) { try InputBatch.load(url) }
    expectMessage(dtype, file: url.path, field: "target.dtype")
  }

  @Test func atomicWriteKeepsOldFileOnFailure() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("out.safetensors")
    try SafeTensors.write([("a", .float32(Tensor(shape: [2], scalars: [1, 2])))], to: url)
    let before = try Data(contentsOf: url)
    // An invalid tensor list (duplicate key) throws before anything is written.
    let dup = #expect(throws: ModelFileError.self) {
      try SafeTensors.write([("a", .float32(Tensor(shape: [1]))), ("a", .float32(Tensor(shape: [1])))], to: url)
    }
    expectMessage(dup, file: url.path, field: "tensor key \"a\"")
    #expect(try Data(contentsOf: url) == before)
    // A destination that is a non-empty directory cannot be replaced: the rename fails and the
    // directory and its content survive; no temporary file is left behind.
    let blocked = dir.appendingPathComponent("blocked")
    try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
    try before.write(to: blocked.appendingPathComponent("keep"))
    let e = #expect(throws: ModelFileError.self) {
      try SafeTensors.write([("b", .float32(Tensor(shape: [1])))], to: blocked)
    }
    expectMessage(e, file: blocked.path, field: "file")
    #expect(e?.description.hasSuffix("got a directory") == true, "\(String(describing: e))")
    #expect(try Data(contentsOf: blocked.appendingPathComponent("keep")) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["blocked", "out.safetensors"])
    // A missing directory.
    let nowhere = dir.appendingPathComponent("missing/out.safetensors")
    let m = #expect(throws: ModelFileError.self) {
      try SafeTensors.write([("b", .float32(Tensor(shape: [1])))], to: nowhere)
    }
    expectMessage(m, file: nowhere.path, field: "file")
  }
}
