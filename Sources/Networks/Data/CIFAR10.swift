import Foundation

/// Loader for the CIFAR-10 binary version (`cifar-10-binary.tar.gz`, extracted).
///
/// Each batch file is a sequence of 3073-byte records: 1 label byte (0…9), then 3072 pixel bytes,
/// the 1024 red, 1024 green and 1024 blue values of a 32×32 image in row-major order (CHW).
/// Training: `data_batch_1.bin` … `data_batch_5.bin`; test: `test_batch.bin`.
public enum CIFAR10 {
  /// Bytes per record: 1 label + 3·32·32 pixels.
  public static let recordSize = 3073
  /// The training batch file names.
  public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
  /// The test batch file name.
  public static let testFile = "test_batch.bin"
  /// The class names, index = label.
  public static let classNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]

  /// Loads the training set (five batches, in order) and the test set from `directory`, or from
  /// its `cifar-10-batches-bin` subfolder when the batches are there.
  /// - Throws: `DatasetError`: a missing file, a size that is not a positive multiple of 3073
  ///   bytes, a label outside 0…9.
  /// - Returns: images `[N, 3, 32, 32]` scaled by 1/255 and their labels.
  public static func load(directory: URL) throws -> (train: LabeledImages, test: LabeledImages) {
    let nested = directory.appendingPathComponent("cifar-10-batches-bin")
    let root =
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent(trainFiles[0]).path)
        && FileManager.default.fileExists(atPath: nested.appendingPathComponent(trainFiles[0]).path)
      ? nested : directory
    let trainURLs = try trainFiles.map {
      try DatasetFiles.locate([$0], in: root, describing: "a CIFAR-10 binary batch")
    }
    let train = try loadBatches(trainURLs)
    let test = try loadBatches([DatasetFiles.locate([testFile], in: root, describing: "a CIFAR-10 binary batch")])
    return (train, test)
  }

  /// Loads one or more batch files, concatenated in order. Every file is read and validated
  /// before the image tensor is allocated.
  /// - Throws: `DatasetError.sizeMismatch` or `.invalidField` (a label outside 0…9).
  /// - Complexity: O(total bytes).
  public static func loadBatches(_ urls: [URL]) throws -> LabeledImages {
    try batches(from: urls.map { (try DatasetFiles.read($0), $0.path) })
  }

  /// Decodes CIFAR-10 batch bytes, concatenated in order; each `path` names its bytes in error
  /// messages. Every batch is validated (size a positive multiple of 3073, labels 0…9) before the
  /// image tensor is allocated.
  /// - Throws: `DatasetError.sizeMismatch` or `.invalidField` (a label outside 0…9).
  /// - Complexity: O(total bytes).
  public static func batches(from files: [(data: Data, path: String)]) throws -> LabeledImages {
    var labels: [Int] = []
    for (data, path) in files {
      guard data.count > 0, data.count % recordSize == 0 else {
        throw DatasetError.sizeMismatch(
          file: path, expected: "a positive multiple of \(recordSize) bytes (1 label + 3072 pixels per record)",
          got: data.count)
      }
      let records = data.count / recordSize
      let fileLabels = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        (0..<records).map { Int(raw[$0 &* recordSize] as UInt8) }
      }
      if let bad = fileLabels.firstIndex(where: { $0 > 9 }) {
        throw DatasetError.invalidField(
          file: path, field: "record \(bad) label", expected: "a class in 0…9", got: "\(fileLabels[bad])")
      }
      labels += fileLabels
    }
    let pixels = recordSize - 1
    let scalars = [Float](unsafeUninitializedCapacity: labels.count * pixels) { out, initialized in
      var k = 0
      for (data, _) in files {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
          for r in 0..<(data.count / recordSize) {
            let start = r &* recordSize &+ 1
            for i in 0..<pixels { out[k &+ i] = Float(raw[start &+ i] as UInt8) / 255 }
            k &+= pixels
          }
        }
      }
      initialized = k
    }
    return LabeledImages(inputs: Tensor(shape: [labels.count, 3, 32, 32], scalars: scalars), labels: labels)
  }
}
