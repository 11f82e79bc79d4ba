import Foundation

/// Loader for IDX files, the format of MNIST and its relatives (Fashion-MNIST, KMNIST, EMNIST).
///
/// An IDX file is a 4-byte magic number `00 00 08 d` (`08` = unsigned bytes, `d` = number of
/// dimensions), `d` big-endian `UInt32` extents, then the bytes in row-major order. Images are
/// `d = 3` (`0x00000803`: `[N, H, W]`), labels `d = 1` (`0x00000801`: `[N]`). Sizes are checked
/// against the header before anything is allocated; the file must hold exactly the bytes the
/// header announces.
public enum IDXDataset {
  /// The standard file names (`train-images-idx3-ubyte`, …); the variant with a dot before `idx`
  /// (`train-images.idx3-ubyte`) is accepted too.
  public static let trainImagesName = "train-images-idx3-ubyte"
  /// The training labels' standard file name.
  public static let trainLabelsName = "train-labels-idx1-ubyte"
  /// The test images' standard file name.
  public static let testImagesName = "t10k-images-idx3-ubyte"
  /// The test labels' standard file name.
  public static let testLabelsName = "t10k-labels-idx1-ubyte"

  /// Loads the training and test sets from `directory`, which holds the four standard
  /// uncompressed files.
  /// - Throws: `DatasetError`: a missing file (or only its `.gz`: gunzip it first), a bad magic
  ///   number, a size that disagrees with the header, image and label counts that differ.
  /// - Returns: images `[N, 1, H, W]` scaled by 1/255 and their labels.
  public static func load(directory: URL) throws -> (train: LabeledImages, test: LabeledImages) {
    func find(_ name: String, _ what: String) throws -> URL {
      let dotted = name.replacingOccurrences(of: "-idx", with: ".idx")
      return try DatasetFiles.locate([name, dotted], in: directory, describing: what)
    }
    let train = try load(
      images: find(trainImagesName, "the IDX training images"), labels: find(trainLabelsName, "the IDX training labels")
    )
    let test = try load(
      images: find(testImagesName, "the IDX test images"), labels: find(testLabelsName, "the IDX test labels"))
    return (train, test)
  }

  /// Loads one image file and its label file.
  /// - Throws: `DatasetError`, also when the two files hold different numbers of items.
  public static func load(images: URL, labels: URL) throws -> LabeledImages {
    let x = try loadImages(images)
    let y = try loadLabels(labels)
    guard y.count == x.shape[0] else {
      throw DatasetError.invalidField(
        file: labels.path, field: "count",
        expected: "\(x.shape[0]) labels (one per image in \(images.lastPathComponent))",
        got: "\(y.count)")
    }
    return LabeledImages(inputs: x, labels: y)
  }

  /// Loads an IDX image file (`0x00000803`) as `[N, 1, H, W]`, each byte divided by 255.
  /// - Throws: `DatasetError.badMagic`, `.sizeMismatch`, `.invalidField` (a zero extent).
  /// - Complexity: O(file size).
  public static func loadImages(_ url: URL) throws -> Tensor {
    try images(from: DatasetFiles.read(url), path: url.path)
  }

  /// Decodes the bytes of an IDX image file (`0x00000803`) as `[N, 1, H, W]`, each byte divided
  /// by 255; `path` names the bytes in error messages. The header is validated against
  /// `data.count` before anything is allocated.
  /// - Throws: `DatasetError.badMagic`, `.sizeMismatch`, `.invalidField` (a zero extent).
  /// - Complexity: O(data.count).
  public static func images(from data: Data, path: String) throws -> Tensor {
    let dims = try header(data, path: path, rank: 3)
    let count = dims.reduce(1, *)
    let offset = 4 + 4 * dims.count
    let scalars = data.withUnsafeBytes { raw in
      [Float](unsafeUninitializedCapacity: count) { out, initialized in
        for i in 0..<count { out[i] = Float(raw[offset &+ i]) / 255 }
        initialized = count
      }
    }
    return Tensor(shape: [dims[0], 1, dims[1], dims[2]], scalars: scalars)
  }

  /// Loads an IDX label file (`0x00000801`).
  /// - Throws: `DatasetError.badMagic`, `.sizeMismatch`.
  public static func loadLabels(_ url: URL) throws -> [Int] {
    try labels(from: DatasetFiles.read(url), path: url.path)
  }

  /// Decodes the bytes of an IDX label file (`0x00000801`); `path` names them in error messages.
  /// - Throws: `DatasetError.badMagic`, `.sizeMismatch`, `.invalidField` (a zero extent).
  /// - Complexity: O(data.count).
  public static func labels(from data: Data, path: String) throws -> [Int] {
    let dims = try header(data, path: path, rank: 1)
    return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in (0..<dims[0]).map { Int(raw[8 &+ $0] as UInt8) } }
  }

  /// Validates the magic number, the extents and the file size; returns the extents.
  static func header(_ data: Data, path: String, rank: Int) throws -> [Int] {
    let magic = UInt32(0x0800 | rank)
    guard data.count >= 4 else {
      throw DatasetError.sizeMismatch(file: path, expected: "at least a 4-byte IDX magic number", got: data.count)
    }
    let bytes = [UInt8](data.prefix(4 + 4 * rank))
    let got = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    guard got == magic else { throw DatasetError.badMagic(file: path, expected: magic, got: got) }
    guard bytes.count == 4 + 4 * rank else {
      throw DatasetError.sizeMismatch(
        file: path, expected: "at least \(4 + 4 * rank) header bytes", got: data.count)
    }
    var dims: [Int] = []
    var product = 1
    var overflow = false
    for d in 0..<rank {
      let extent = bytes[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) }
      guard extent > 0 else {
        throw DatasetError.invalidField(
          file: path, field: "dimension \(d)", expected: "a positive extent", got: "0")
      }
      dims.append(extent)
      let (p, o) = product.multipliedReportingOverflow(by: extent)
      product = p
      overflow = overflow || o
    }
    let total = product &+ (4 + 4 * rank)
    guard !overflow, data.count == total else {
      throw DatasetError.sizeMismatch(
        file: path,
        expected:
          "\(overflow ? "a size that fits in memory" : "\(total) bytes") (header \(4 + 4 * rank) + \(dims.map(String.init).joined(separator: "×")))",
        got: data.count)
    }
    return dims
  }
}
