import Foundation

/// The values of one tensor to be written to a safetensors file.
public enum TensorData: Sendable, Equatable {
  /// A Float32 tensor, written as `F32`.
  case float32(Tensor)
  /// Integers (class indices) of the given shape, written as `I64`.
  case int64(shape: [Int], values: [Int])

  /// The shape recorded in the header.
  public var shape: [Int] {
    switch self {
    case .float32(let t): t.shape
    case .int64(let shape, _): shape
    }
  }

  /// The dtype recorded in the header.
  public var dtype: SafeTensorsDType {
    switch self {
    case .float32: .f32
    case .int64: .i64
    }
  }
}

/// Writing safetensors files (`F32` tensors and `I64` index arrays).
///
/// Layout as the reference implementation writes it: the header JSON (`__metadata__` first, then
/// the tensors in data order) padded with spaces to a multiple of 8 bytes; tensors sorted by dtype
/// alignment (`I64` before `F32`) and then by key, so every tensor starts 8-byte aligned relative
/// to the file start. Files written here are read by `safetensors.torch.load_file`.
public enum SafeTensors {
  /// The bytes of a safetensors file holding `tensors` and `metadata`.
  /// - Parameters:
  ///   - tensors: key and values; keys must be unique, non-empty and not `__metadata__`.
  ///   - metadata: the `__metadata__` map (omitted from the file when empty).
  ///   - path: the destination path, named in error messages.
  /// - Throws: `ModelFileError.unwritable` for an invalid tensor list.
  /// - Complexity: O(total elements).
  public static func encode(
    _ tensors: [(String, TensorData)], metadata: [String: String] = [:], path: String = "<memory>"
  ) throws -> Data {
    var seen = Set<String>()
    for (key, values) in tensors {
      guard !key.isEmpty, key != "__metadata__", seen.insert(key).inserted else {
        throw ModelFileError.unwritable(
          file: path, field: "tensor key \"\(key)\"", expected: "unique, non-empty keys other than __metadata__",
          got: key.isEmpty ? "an empty key" : key == "__metadata__" ? "the reserved key" : "a duplicate")
      }
      if case .int64(let shape, let v) = values, shape.reduce(1, *) != v.count || shape.contains(where: { $0 < 0 }) {
        throw ModelFileError.unwritable(
          file: path, field: key, expected: "\(shape.reduce(1, *)) values for shape \(shape)", got: "\(v.count) values")
      }
    }
    let ordered = tensors.sorted { a, b in
      a.1.dtype.byteCount != b.1.dtype.byteCount ? a.1.dtype.byteCount > b.1.dtype.byteCount : a.0 < b.0
    }
    var fields: [String] = []
    if !metadata.isEmpty {
      let items = metadata.keys.sorted().map { "\(JSONValues.quoted($0)):\(JSONValues.quoted(metadata[$0] ?? ""))" }
      fields.append("\"__metadata__\":{\(items.joined(separator: ","))}")
    }
    var offset = 0
    for (key, values) in ordered {
      let bytes = values.shape.reduce(1, *) * values.dtype.byteCount
      let shape = values.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(JSONValues.quoted(key)):{\"dtype\":\"\(values.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}"
      )
      offset += bytes
    }
    var header = Array("{\(fields.joined(separator: ","))}".utf8)
    while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

    var out = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: header)
    for (_, values) in ordered {
      switch values {
      case .float32(let t):
        #if _endian(little)
          t.scalars.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
          t.scalars.map { $0.bitPattern.littleEndian }.withUnsafeBytes { out.append(contentsOf: $0) }
        #endif
      case .int64(_, let v):
        v.map { Int64($0).littleEndian }.withUnsafeBytes { out.append(contentsOf: $0) }
      }
    }
    return out
  }

  /// Writes `tensors` and `metadata` to `url` atomically: the bytes go to a temporary file in the
  /// same directory, which is then renamed over `url`, so a failed write leaves any old file intact.
  /// - Throws: `ModelFileError.unwritable` for an invalid tensor list or a failed write.
  public static func write(_ tensors: [(String, TensorData)], metadata: [String: String] = [:], to url: URL) throws {
    let data = try encode(tensors, metadata: metadata, path: url.path)
    try writeAtomically(data, to: url)
  }
}

/// Writes `data` to `url` through a temporary file and a rename (`AtomicFile.write`).
/// - Throws: `ModelFileError.unwritable` naming the file and the reason.
func writeAtomically(_ data: Data, to url: URL) throws {
  try AtomicFile.write(data, to: url)
}
