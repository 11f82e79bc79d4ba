import Foundation
import Networks
import Testing
import _BPTestSupport

/// Every size read from a file is validated before anything of that size is allocated: the
/// safetensors header, tensor extents, architecture extents and memory, IDX and CIFAR headers.
@Suite struct HardeningLimitsTests {
  // MARK: - safetensors

  @Test func headerLongerThan100MBIsRefusedBeforeParsing() {
    // The file really is long enough to hold the announced header: only the 100 MB cap refuses it.
    let n = 100_000_001
    var bytes = Data(count: 8 + n)
    bytes.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(n).littleEndian, as: UInt64.self) }
    let e = #expect(throws: ModelFileError.self) { try SafeTensorsFile(data: bytes, path: "big.safetensors") }
    guard case .headerLength(_, let expected, let got) = e else {
      Issue.record("expected a header-length error, got \(String(describing: e))")
      return
    }
    #expect(got == UInt64(n) && expected.contains("100000000"))
  }

  @Test func shapeProductOverflowIsAnError() {
    // 2^62 · 4 elements of 4 bytes overflow Int: the product is checked, not wrapped.
    let header = #"{"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#
    let e = #expect(throws: ModelFileError.self) {
      try SafeTensorsFile(data: RawSafeTensors.file(header: header, data: []), path: "f.safetensors")
    }
    expectMessage(e, file: "f.safetensors", field: "t.shape")
    // An extent of 0 makes any product 0 and needs no bytes.
    let empty = #"{"t":{"dtype":"F32","shape":[0,4611686018427387904],"data_offsets":[0,0]}}"#
    #expect(throws: Never.self) { try SafeTensorsFile(data: RawSafeTensors.file(header: empty, data: []), path: "e") }
  }

  @Test func tensorRangesMustLieInsideTheFile() {
    // Consistent with dtype × shape (2^40 F32 = 2^42 bytes), but far beyond the 4 data bytes.
    let header = #"{"t":{"dtype":"F32","shape":[1099511627776],"data_offsets":[0,4398046511104]}}"#
    let e = #expect(throws: ModelFileError.self) {
      try SafeTensorsFile(data: RawSafeTensors.file(header: header, data: [0, 0, 0, 0]), path: "r.safetensors")
    }
    guard case .dataOutOfRange(_, "t", _, 4) = e else {
      Issue.record("expected dataOutOfRange, got \(String(describing: e))")
      return
    }
  }

  // MARK: - architecture extents

  func parse(_ json: String) throws -> Architecture { try Architecture(json: Data(json.utf8), path: "a.json") }

  @Test func extentsBeyondTheCapAreRefusedAtParse() {
    let huge = #"{"input_shape": [1, 2199023255552, 1], "layers": []}"#
    expectMessage(#expect(throws: ModelFileError.self) { try parse(huge) }, file: "a.json", field: "input_shape")
    // Each extent is 2^30 (allowed); the flattened product 2^90 overflows Int.
    let flatten = #"{"input_shape": [1073741824, 1073741824, 1073741824], "layers": [{"type": "flatten"}]}"#
    expectMessage(#expect(throws: ModelFileError.self) { try parse(flatten) }, file: "a.json", field: "layers[0]")
    // Padding 2^38: 2^39 + 1 after the first layer (allowed), 2^40 + 1 after the second (refused).
    let padded = """
      {"input_shape": [1, 1, 1], "layers": [
        {"type": "conv2d", "name": "c", "in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 274877906944},
        {"type": "conv2d", "name": "d", "in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 274877906944}]}
      """
    expectMessage(#expect(throws: ModelFileError.self) { try parse(padded) }, file: "a.json", field: "layers[1]")
  }

  @Test func oversizedArchitectureFilesAreNotRead() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bp-big-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: url) }
    // A sparse file: 100 MB + 1 byte of size, no data written.
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(Architecture.maximumFileSize + 1))
    try handle.close()
    let e = #expect(throws: ModelFileError.self) { try Architecture(contentsOf: url) }
    expectMessage(e, file: url.path, field: "file")
    #expect(e?.description.hasSuffix("got 100000001 bytes") == true)
  }

  @Test func makeNetworkChecksExtentsBeforeAskingForParameters() {
    let arch = Architecture(inputShape: [1 << 50], layers: [.dense(name: "d", inputs: 1 << 50, outputs: 1, bias: false)])
    #expect(throws: ModelFileError.self) {
      try arch.makeNetwork { _, _ in
        Issue.record("a parameter was requested")
        return Tensor(shape: [0])
      }
    }
  }

  @Test(arguments: ["tiny_mlp", "tiny_cnn", "small_cnn_strided"])
  func checkedShapesAgreeWithTheNetwork(name: String) throws {
    let network = try Network.load(
      architecture: Fixtures.url("\(name).json"), weights: Fixtures.url("\(name).safetensors"))
    #expect(try Architecture(network).checkedActivationShapes() == network.activationShapes())
  }

  // MARK: - memory budget

  /// input [1, 4, 4] → conv 1→2 (3×3, padding 1) → relu → maxpool 2 → flatten → dense 8→3.
  let small = """
    {"input_shape": [1, 4, 4], "layers": [
      {"type": "conv2d", "name": "c", "in_channels": 1, "out_channels": 2, "kernel_size": 3, "padding": 1},
      {"type": "relu"}, {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"},
      {"type": "dense", "name": "d", "in": 8, "out": 3}]}
    """

  @Test func memoryRequirementByHand() throws {
    let need = try parse(small).memoryRequirement(batch: 5)
    // Parameters: conv 2·1·3·3 + 2 = 20, dense 3·8 + 3 = 27; 47 floats.
    #expect(need.parameterBytes == 47 * 4)
    // Activations per sample: 16 (input) + 32 (conv) + 32 (relu) + 8 (pool) + 8 (flatten) + 3 = 99.
    #expect(need.activationBytes == 99 * 5 * 4)
    // im2col of one sample: (1·3·3) × 16 patches, product 2 × 16.
    #expect(need.workspaceBytes == (9 * 16 + 2 * 16) * 4)
    #expect(need.totalBytes == 188 + 1980 + 704)
  }

  @Test func networksBeyondTheBudgetAreRefusedWithTheirSize() throws {
    let json = #"{"input_shape": [100000], "layers": [{"type": "dense", "name": "d", "in": 100000, "out": 100000}]}"#
    let e = #expect(throws: ModelFileError.self) { try parse(json).checkMemory(budget: MemoryBudget(bytes: 1_000_000_000), path: "a.json") }
    expectMessage(e, file: "a.json", field: "layers")
    // 10^10 + 10^5 parameters and 2·10^5 activations, 4 bytes each.
    let total = (10_000_000_000 + 100_000 + 200_000) * 4
    #expect(e?.description.contains("\(total) bytes") == true, "\(String(describing: e))")
    #expect(e?.description.contains("40.0 GB") == true && e?.description.contains("1.00 GB") == true)
  }

  @Test func loadRefusesBeforeReadingTheWeights() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let arch = dir.appendingPathComponent("big.json")
    try Data(#"{"input_shape": [3, 4096, 4096], "layers": [{"type": "relu"}]}"#.utf8).write(to: arch)
    // The weight file does not exist: the budget error comes first.
    let e = #expect(throws: ModelFileError.self) {
      try Network.load(
        architecture: arch, weights: dir.appendingPathComponent("none.safetensors"),
        memoryBudget: MemoryBudget(bytes: 100_000_000))
    }
    guard case .exceedsMemoryBudget(_, _, let need, _) = e else {
      Issue.record("expected exceedsMemoryBudget, got \(String(describing: e))")
      return
    }
    #expect(need.activationBytes == 2 * 3 * 4096 * 4096 * 4)
  }

  @Test func batchesBeyondTheBudgetAreRefused() throws {
    let network = try parse(small).makeNetwork { _, shape in Tensor(shape: shape) }
    let perSample = 99 * 4
    let fixed = 188 + 704
    let budget = MemoryBudget(bytes: fixed + 10 * perSample)
    let ten = InputBatch(x: Tensor(shape: [10, 1, 4, 4]), targets: nil, path: "x.safetensors")
    #expect(throws: Never.self) { try ten.validate(for: network, memoryBudget: budget) }
    let eleven = InputBatch(x: Tensor(shape: [11, 1, 4, 4]), targets: nil, path: "x.safetensors")
    let e = #expect(throws: ModelFileError.self) { try eleven.validate(for: network, memoryBudget: budget) }
    expectMessage(e, file: "x.safetensors", field: "x")
  }

  @Test func budgetParsingAndDefault() {
    #expect(MemoryBudget(parsing: "8GB")?.bytes == 8_000_000_000)
    #expect(MemoryBudget(parsing: "8gb")?.bytes == 8_000_000_000)
    #expect(MemoryBudget(parsing: "1.5GiB")?.bytes == 1_610_612_736)
    #expect(MemoryBudget(parsing: "512 MiB")?.bytes == 536_870_912)
    #expect(MemoryBudget(parsing: "123456")?.bytes == 123_456)
    #expect(MemoryBudget(parsing: "2k")?.bytes == 2000)
    for bad in ["", "0", "-1", "GB", "1e3GB", "8 parsecs", "1.2.3", "99999999999TB"] {
      #expect(MemoryBudget(parsing: bad) == nil, "\(bad)")
    }
    let physical = ProcessInfo.processInfo.physicalMemory
    #expect(MemoryBudget.physicalDefault.bytes == Int(physical / 5 * 4))
    #expect(MemoryBudget.format(19_300_000_000) == "19.3 GB" && MemoryBudget.format(512) == "512 B")
  }

  // MARK: - data sets

  @Test func idxHeadersAreCheckedBeforeAllocating() {
    // 3 extents of 2^31 − 1: the product (≈ 2^93) overflows; the 16-byte file is refused.
    let overflow = Data([0, 0, 8, 3] + [UInt8](repeating: 0x7F, count: 1) + [0xFF, 0xFF, 0xFF]
      + [0x7F, 0xFF, 0xFF, 0xFF] + [0x7F, 0xFF, 0xFF, 0xFF])
    let e = #expect(throws: DatasetError.self) { try IDXDataset.images(from: overflow, path: "i") }
    #expect(e?.field == "size" && e?.description.contains("fits in memory") == true)
    // 60000 × 28 × 28 announced, 4 pixel bytes present: refused by size, nothing allocated.
    let short = Data([0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4])
    let s = #expect(throws: DatasetError.self) { try IDXDataset.images(from: short, path: "i") }
    #expect(s == .sizeMismatch(file: "i", expected: "47040016 bytes (header 16 + 60000×28×28)", got: 20))
    let labels = Data([0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF, 7])
    #expect(throws: DatasetError.self) { try IDXDataset.labels(from: labels, path: "l") }
  }

  @Test func cifarSizeIsCheckedBeforeAllocating() {
    let e = #expect(throws: DatasetError.self) { try CIFAR10.batches(from: [(Data(count: 3074), "b.bin")]) }
    #expect(e?.field == "size")
    #expect(throws: DatasetError.self) { try CIFAR10.batches(from: [(Data(), "empty.bin")]) }
    // A valid record in a second file is decoded after the first.
    var record = Data(count: 3073)
    record[0] = 9
    let set = try? CIFAR10.batches(from: [(record, "a.bin"), (record, "b.bin")])
    #expect(set?.labels == [9, 9] && set?.inputs.shape == [2, 3, 32, 32])
  }
}
