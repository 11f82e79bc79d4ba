import Foundation
import Networks
import Testing

/// IDX and CIFAR-10 loaders on small files built byte by byte in the test.
@Suite struct DatasetLoaderTests {
  /// Big-endian UInt32 bytes.
  func be32(_ v: Int) -> [UInt8] {
    [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
  }

  /// An IDX image file of `n` images of `h×w`, pixel `k` (flat over the whole file) = `k % 251`.
  func idxImages(_ n: Int, _ h: Int, _ w: Int) -> [UInt8] {
    [0, 0, 8, 3] + be32(n) + be32(h) + be32(w) + (0..<(n * h * w)).map { UInt8($0 % 251) }
  }

  func idxLabels(_ labels: [UInt8]) -> [UInt8] { [0, 0, 8, 1] + be32(labels.count) + labels }

  func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws {
    try Data(bytes).write(to: dir.appendingPathComponent(name))
  }

  func writeMNIST(in dir: URL, trainImages: [UInt8]? = nil) throws {
    try write(trainImages ?? idxImages(3, 2, 4), "train-images-idx3-ubyte", in: dir)
    try write(idxLabels([5, 0, 9]), "train-labels-idx1-ubyte", in: dir)
    try write(idxImages(2, 2, 4), "t10k-images.idx3-ubyte", in: dir)
    try write(idxLabels([1, 7]), "t10k-labels.idx1-ubyte", in: dir)
  }

  @Test func idxDirectory() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeMNIST(in: dir)
    let (train, test) = try IDXDataset.load(directory: dir)
    #expect(train.inputs.shape == [3, 1, 2, 4])
    #expect(train.labels == [5, 0, 9])
    #expect(test.inputs.shape == [2, 1, 2, 4] && test.labels == [1, 7])
    // Image 2, row 1, column 3 is byte 2·8 + 1·4 + 3 = 23 of the pixel data.
    #expect(train.inputs.scalars[23] == Float(23) / 255)
    #expect(train.inputs.scalars == (0..<24).map { Float($0 % 251) / 255 })
  }

  @Test func idxBadMagic() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var bytes = idxImages(3, 2, 4)
    bytes[3] = 1  // a label file's magic in the images file
    try writeMNIST(in: dir, trainImages: bytes)
    let e = #expect(throws: DatasetError.self) { try IDXDataset.load(directory: dir) }
    let path = dir.appendingPathComponent("train-images-idx3-ubyte").path
    #expect(e == .badMagic(file: path, expected: 0x803, got: 0x801))
    #expect(e?.description == "\(path): magic: expected 0x00000803, got 0x00000801")
  }

  @Test func idxTruncated() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeMNIST(in: dir, trainImages: Array(idxImages(3, 2, 4).dropLast()))
    let e = #expect(throws: DatasetError.self) { try IDXDataset.load(directory: dir) }
    let path = dir.appendingPathComponent("train-images-idx3-ubyte").path
    #expect(e == .sizeMismatch(file: path, expected: "40 bytes (header 16 + 3×2×4)", got: 39))
    #expect(e?.description.hasPrefix("\(path): size: expected 40 bytes") == true)
    let labels = dir.appendingPathComponent("short-labels")
    try Data([0, 0, 8]).write(to: labels)
    let short = #expect(throws: DatasetError.self) { try IDXDataset.loadLabels(labels) }
    #expect(short?.field == "size")
  }

  @Test func idxCountMismatchAndMissingFiles() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeMNIST(in: dir)
    try write(idxLabels([1, 2, 3, 4]), "train-labels-idx1-ubyte", in: dir)
    let e = #expect(throws: DatasetError.self) { try IDXDataset.load(directory: dir) }
    #expect(e?.field == "count" && e?.file.hasSuffix("train-labels-idx1-ubyte") == true)
    // Only the .gz exists: the error says to gunzip.
    try FileManager.default.moveItem(
      at: dir.appendingPathComponent("train-images-idx3-ubyte"),
      to: dir.appendingPathComponent("train-images-idx3-ubyte.gz"))
    let gz = #expect(throws: DatasetError.self) { try IDXDataset.load(directory: dir) }
    #expect(gz == .compressedOnly(file: dir.appendingPathComponent("train-images-idx3-ubyte").path))
    #expect(gz?.description.contains("gunzip") == true)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("train-images-idx3-ubyte.gz"))
    let missing = #expect(throws: DatasetError.self) { try IDXDataset.load(directory: dir) }
    #expect(
      missing?.description.hasPrefix(dir.appendingPathComponent("train-images-idx3-ubyte").path + ": file: expected")
        == true)
  }

  /// A CIFAR record: the label, then channel c, row y, column x at byte 1 + 1024c + 32y + x,
  /// holding (c·7 + y·3 + x + label) mod 256.
  func cifarRecord(_ label: UInt8) -> [UInt8] {
    var bytes = [label]
    for k in 0..<3072 {
      let (c, y, x) = (k / 1024, (k % 1024) / 32, k % 32)
      bytes.append(UInt8((c * 7 + y * 3 + x + Int(label)) % 256))
    }
    return bytes
  }

  @Test func cifarBatches() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let nested = dir.appendingPathComponent("cifar-10-batches-bin")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    for b in 1...5 { try write(cifarRecord(UInt8(b)) + cifarRecord(0), "data_batch_\(b).bin", in: nested) }
    try write(cifarRecord(9), "test_batch.bin", in: nested)
    let (train, test) = try CIFAR10.load(directory: dir)
    #expect(train.inputs.shape == [10, 3, 32, 32])
    #expect(train.labels == [1, 0, 2, 0, 3, 0, 4, 0, 5, 0])
    #expect(test.labels == [9])
    // Image 4 (label 3), channel 2, row 5, column 6: (14 + 15 + 6 + 3) = 38.
    let index = ((4 * 3 + 2) * 32 + 5) * 32 + 6
    #expect(train.inputs.scalars[index] == Float(38) / 255)
    #expect(test.inputs.scalars[(1 * 32 + 2) * 32 + 3] == Float(7 + 6 + 3 + 9) / 255)
  }

  @Test func cifarErrors() throws {
    let dir = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("data_batch_1.bin")
    try Data(cifarRecord(1) + [0, 1, 2]).write(to: url)
    let size = #expect(throws: DatasetError.self) { try CIFAR10.loadBatches([url]) }
    #expect(size?.field == "size" && size?.file == url.path)
    try Data(cifarRecord(1) + cifarRecord(10)).write(to: url)
    let label = #expect(throws: DatasetError.self) { try CIFAR10.loadBatches([url]) }
    #expect(label == .invalidField(file: url.path, field: "record 1 label", expected: "a class in 0…9", got: "10"))
    try Data(cifarRecord(1)).write(to: url)
    let missing = #expect(throws: DatasetError.self) { try CIFAR10.load(directory: dir) }
    #expect(
      missing
        == .missingFile(file: dir.appendingPathComponent("data_batch_2.bin").path, expected: "a CIFAR-10 binary batch"))
  }
}
