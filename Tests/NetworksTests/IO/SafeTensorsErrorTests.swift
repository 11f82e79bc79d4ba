import Foundation
import Networks
import Testing

/// Every malformed-container case: the right error, naming the file and the field.
@Suite struct SafeTensorsErrorTests {
  let path = "bad.safetensors"
  let oneF32 = RawSafeTensors.f32([1, 2])

  func open(_ header: String, _ data: [UInt8]) throws -> SafeTensorsFile {
    try SafeTensorsFile(data: RawSafeTensors.file(header: header, data: data), path: path)
  }

  @Test func headerLengthBeyondFile() {
    var bytes = [UInt8](RawSafeTensors.file(header: "{}", data: []))
    bytes[0] = 200  // claims a 200-byte header in a 10-byte file
    let e = #expect(throws: ModelFileError.self) { try SafeTensorsFile(data: Data(bytes), path: path) }
    #expect(e == .headerLength(file: path, expected: "at most 2 (file size 10 − 8, limit 100000000)", got: 200))
    expectMessage(e, file: path, field: "header length")
  }

  @Test func fileShorterThanLengthField() {
    let e = #expect(throws: ModelFileError.self) { try SafeTensorsFile(data: Data([1, 0, 0]), path: path) }
    expectMessage(e, file: path, field: "header length")
  }

  @Test func headerThatDoesNotParse() {
    let e = #expect(throws: ModelFileError.self) { try open(#"{"w": {"dtype": "F32", "#, []) }
    expectMessage(e, file: path, field: "header")
  }

  @Test func headerThatIsNotAnObject() {
    let e = #expect(throws: ModelFileError.self) { try open("[1, 2]", []) }
    expectMessage(e, file: path, field: "header")
  }

  @Test func overlappingOffsets() {
    let header =
      #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
    guard case .invalidOffsets(_, "b", let expected, _) = e else {
      Issue.record("wrong case: \(String(describing: e))")
      return
    }
    #expect(expected.contains("\"a\""))
    expectMessage(e, file: path, field: "b.data_offsets")
  }

  @Test func gapBetweenTensors() {
    let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
    expectMessage(e, file: path, field: "a.data_offsets")
  }

  @Test func offsetsOutOfRange() {
    // begin > end, a negative offset, and an offset beyond Int.max.
    for offsets in ["[8,0]", "[-4,4]", "[0,18446744073709551615]"] {
      let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":"# + offsets + "}}"
      let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
      guard case .invalidOffsets = e else {
        Issue.record("\(offsets): wrong case \(String(describing: e))")
        continue
      }
      expectMessage(e, file: path, field: "a.data_offsets")
    }
  }

  @Test func offsetsBeyondDataRegion() {
    let header =
      #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
    #expect(e == .dataOutOfRange(file: path, key: "b", range: 8..<24, available: 8))
    expectMessage(e, file: path, field: "b.data_offsets")
  }

  @Test func sizeDisagreesWithShape() {
    let header = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
    expectMessage(e, file: path, field: "a.data_offsets")
  }

  @Test func truncatedData() throws {
    let header = #"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#
    let full = RawSafeTensors.f32([1, 2, 3, 4])
    _ = try open(header, full)
    let e = #expect(throws: ModelFileError.self) { try open(header, Array(full.prefix(13))) }
    #expect(e == .dataOutOfRange(file: path, key: "a", range: 0..<16, available: 13))
    expectMessage(e, file: path, field: "a.data_offsets")
  }

  @Test func trailingBytesAfterLastTensor() {
    let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32) }
    expectMessage(e, file: path, field: "data")
  }

  @Test func unknownDtype() {
    let header = #"{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}"#
    let e = #expect(throws: ModelFileError.self) { try open(header, oneF32 + oneF32) }
    guard case .unsupportedDtype = e else {
      Issue.record("wrong case: \(String(describing: e))")
      return
    }
    expectMessage(e, file: path, field: "a.dtype")
  }

  @Test func unconvertibleDtype() throws {
    let header = #"{"flags":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#
    let file = try open(header, oneF32)
    let e = #expect(throws: ModelFileError.self) { try file.tensor(named: "flags") }
    #expect(
      e
        == .unsupportedDtype(
          file: path, key: "flags", expected: "a floating-point or integer dtype (F32, F64, F16, BF16, I64, I32)",
          got: "U8"))
    expectMessage(e, file: path, field: "flags.dtype")
    let f = #expect(throws: ModelFileError.self) {
      try open(#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, oneF32).int64s(named: "t")
    }
    expectMessage(f, file: path, field: "t.dtype")
  }

  @Test func badShapeAndMetadata() {
    let shape = #expect(throws: ModelFileError.self) {
      try open(#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, oneF32)
    }
    expectMessage(shape, file: path, field: "a.shape")
    let meta = #expect(throws: ModelFileError.self) {
      try open(#"{"__metadata__":{"n":3},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, oneF32)
    }
    expectMessage(meta, file: path, field: "__metadata__.n")
  }

  @Test func missingKey() throws {
    let file = try open(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, oneF32)
    let e = #expect(throws: ModelFileError.self) { try file.tensor(named: "x") }
    expectMessage(e, file: path, field: "x")
  }

  @Test func nonfiniteTensor() throws {
    let file = try open(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, RawSafeTensors.f32([1, .nan]))
    #expect(try file.tensor(named: "a").scalars[1].isNaN)
    let e = #expect(throws: ModelFileError.self) { try file.finiteTensor(named: "a") }
    expectMessage(e, file: path, field: "a")
  }

  @Test func missingFile() {
    let url = URL(fileURLWithPath: "/nonexistent/dir/w.safetensors")
    let e = #expect(throws: ModelFileError.self) { try SafeTensorsFile(contentsOf: url) }
    #expect(e == .unreadable(file: url.path, reason: "no such file"))
    expectMessage(e, file: url.path, field: "file")
    let dir = URL(fileURLWithPath: NSTemporaryDirectory())
    let d = #expect(throws: ModelFileError.self) { try SafeTensorsFile(contentsOf: dir) }
    #expect(d == .unreadable(file: dir.path, reason: "a directory"))
  }
}
