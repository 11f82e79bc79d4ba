import Foundation
import Networks
import Testing
import _BPTestSupport

@Suite struct SafeTensorsReaderTests {
  let path = "mem.safetensors"

  /// A file built byte by byte from the specification: header length, JSON text, raw bytes.
  @Test func readsHandBuiltFile() throws {
    let header =
      #"{"__metadata__":{"format":"test"},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]},"#
      + #""idx":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#
    let data = RawSafeTensors.file(
      header: header, data: RawSafeTensors.i64([7, -3]) + RawSafeTensors.f32([1, -2.5, 0.1, 3e8]))
    let file = try SafeTensorsFile(data: data, path: path)
    #expect(file.keys == ["idx", "w"])
    #expect(file.metadata == ["format": "test"])
    #expect(try file.shape(of: "w") == [2, 2])
    #expect(try file.dtype(of: "idx") == .i64)
    #expect(try file.tensor(named: "w").scalars == [1, -2.5, 0.1, 3e8])
    #expect(try file.int64s(named: "idx") == [7, -3])
    #expect(try file.tensor(named: "idx").scalars == [7, -3])
  }

  /// F64, I32, F16 and BF16 decode to the values their bit patterns encode (worked out by hand).
  @Test func decodesOtherDtypes() throws {
    // F16: 0x3C00 = 1, 0xC000 = −2, 0x0001 = 2⁻²⁴ (smallest subnormal), 0x7C00 = +∞.
    // BF16: 0x3F80 = 1, 0xC040 = −3.
    let f16: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C]
    let bf16: [UInt8] = [0x80, 0x3F, 0x40, 0xC0]
    let i32: [UInt8] = [0x05, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
    let header =
      #"{"d":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"h":{"dtype":"F16","shape":[4],"data_offsets":[16,24]},"#
      + #""i":{"dtype":"I32","shape":[2],"data_offsets":[24,32]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[32,36]}}"#
    let file = try SafeTensorsFile(
      data: RawSafeTensors.file(header: header, data: RawSafeTensors.f64([0.5, -1e300]) + f16 + i32 + bf16), path: path)
    #expect(try file.tensor(named: "d").scalars == [0.5, -.infinity])
    #expect(try file.tensor(named: "h").scalars == [1, -2, 0x1p-24, .infinity])
    #expect(try file.int64s(named: "i") == [5, -1])
    #expect(try file.tensor(named: "b").scalars == [1, -3])
  }

  @Test func scalarAndEmptyTensors() throws {
    let header =
      #"{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}}"#
    let file = try SafeTensorsFile(data: RawSafeTensors.file(header: header, data: RawSafeTensors.f32([2])), path: path)
    #expect(try file.tensor(named: "s").scalars == [2])
    #expect(try file.tensor(named: "e").shape == [0, 3])
  }

  @Test func writerRoundTrip() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("out.safetensors")
    let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, -4, .pi, -0.0])
    let b = Tensor(shape: [1], scalars: [7])
    try SafeTensors.write(
      [("b", .float32(b)), ("a", .float32(a)), ("target", .int64(shape: [3], values: [2, 0, 9]))],
      metadata: ["format": "pt", "method": "a \"quoted\" value"], to: url)
    let file = try SafeTensorsFile(contentsOf: url)
    #expect(Set(file.keys) == ["a", "b", "target"])
    #expect(try file.tensor(named: "a") == a)
    #expect(try file.tensor(named: "b") == b)
    #expect(try file.int64s(named: "target") == [2, 0, 9])
    #expect(file.metadata == ["format": "pt", "method": "a \"quoted\" value"])
    // Header padded to a multiple of 8, so every tensor starts 8-byte aligned (I64 first).
    let bytes = try Data(contentsOf: url)
    let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(n % 8 == 0)
    #expect(file.keys.first == "target")
    #expect(bytes.count == 8 + n + 24 + 24 + 4)
  }

  @Test(arguments: ["tiny_mlp", "tiny_cnn", "small_cnn_strided"])
  func fixtureWeightsHaveExpectedKeys(model: String) throws {
    // Shapes from the fixtures README / architecture JSONs.
    let expected: [String: [Int]] =
      switch model {
      case "tiny_mlp":
        [
          "fc1.weight": [4, 5], "fc1.bias": [4], "fc2.weight": [4, 4], "fc2.bias": [4], "fc3.weight": [3, 4],
          "fc3.bias": [3],
        ]
      case "tiny_cnn":
        [
          "conv1.weight": [3, 2, 3, 3], "conv1.bias": [3], "conv2.weight": [4, 3, 2, 2], "conv2.bias": [4],
          "fc1.weight": [3, 4], "fc1.bias": [3],
        ]
      default:
        [
          "conv1.weight": [4, 1, 3, 3], "conv1.bias": [4], "conv2.weight": [4, 4, 3, 3], "conv2.bias": [4],
          "fc1.weight": [5, 16], "fc1.bias": [5],
        ]
      }
    let file = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).safetensors"))
    #expect(Set(file.keys) == Set(expected.keys))
    for (key, shape) in expected {
      #expect(try file.shape(of: key) == shape, "\(key)")
      #expect(try file.dtype(of: key) == .f32)
      #expect(try file.finiteTensor(named: key).count == shape.reduce(1, *))
    }
    #expect(file.metadata["format"] == "backpropaudit-fixtures-v1")
  }

  @Test func fixtureInputs() throws {
    let batch = try InputBatch.load(Fixtures.url("tiny_mlp.inputs.safetensors"))
    #expect(batch.x.shape == [4, 5])
    #expect(batch.targets == [0, 0, 1, 1])
    let cnn = try InputBatch.load(Fixtures.url("tiny_cnn.inputs.safetensors"))
    #expect(cnn.x.shape == [4, 2, 6, 6])
    #expect(cnn.targets == [0, 0, 0, 0])
    let file = try SafeTensorsFile(contentsOf: Fixtures.url("small_cnn_strided.inputs.safetensors"))
    #expect(try file.int64s(named: "target") == [1, 2, 1, 1])
    #expect(try file.shape(of: "logits") == [4, 5])
  }

  @Test func nonfiniteDetection() {
    #expect(Tensor(shape: [3], scalars: [1, 2, 3]).firstNonfiniteIndex == nil)
    #expect(Tensor(shape: [3], scalars: [1, .nan, .infinity]).firstNonfiniteIndex == 1)
    #expect(Tensor(shape: [2], scalars: [1, -.infinity]).isFinite == false)
  }
}
