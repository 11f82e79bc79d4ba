import Foundation

/// The parsed and validated header of a safetensors file (see `SafeTensorsFile` for the rules).
struct SafeTensorsHeader {
  var metadata: [String: String] = [:]
  var entries: [String: SafeTensorsFile.Entry] = [:]
  var orderedKeys: [String] = []
  var dataStart = 0

  /// Validates the header of `data` without touching the tensor bytes.
  /// - Complexity: O(header length + tensors · log tensors).
  init(data: Data, path: String) throws {
    guard data.count >= 8 else {
      throw ModelFileError.invalidField(
        file: path, field: "header length", expected: "an 8-byte little-endian length",
        got: "a file of \(data.count) bytes")
    }
    let n = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    let limit = min(UInt64(SafeTensorsFile.maximumHeaderLength), UInt64(data.count - 8))
    guard n <= limit else {
      throw ModelFileError.headerLength(
        file: path, expected: "at most \(limit) (file size \(data.count) − 8, limit 100000000)", got: n)
    }
    let headerLength = Int(n)
    let headerBytes = data[data.startIndex + 8..<data.startIndex + 8 + headerLength]
    guard headerBytes.first == UInt8(ascii: "{") else {
      throw ModelFileError.invalidField(
        file: path, field: "header", expected: "a JSON object starting with '{'",
        got: headerBytes.isEmpty ? "an empty header" : "a header starting with byte \(headerBytes.first ?? 0)")
    }
    let object: [String: Any]
    switch JSONValues.object(Data(headerBytes)) {
    case .success(let o): object = o
    case .failure(let f):
      throw ModelFileError.invalidField(file: path, field: "header", expected: "a JSON object", got: f.reason)
    }
    dataStart = 8 + headerLength
    let available = data.count - dataStart

    var sorted: [(key: String, entry: SafeTensorsFile.Entry)] = []
    for (key, value) in object {
      if key == "__metadata__" {
        guard let map = value as? [String: Any] else {
          throw ModelFileError.invalidField(
            file: path, field: key, expected: "an object of string values", got: JSONValues.describe(value))
        }
        for (k, v) in map {
          guard let s = v as? String else {
            throw ModelFileError.invalidField(
              file: path, field: "__metadata__.\(k)", expected: "a string", got: JSONValues.describe(v))
          }
          metadata[k] = s
        }
        continue
      }
      sorted.append((key, try Self.entry(key: key, value: value, path: path)))
    }
    sorted.sort {
      ($0.entry.byteRange.lowerBound, $0.entry.byteRange.upperBound, $0.key)
        < ($1.entry.byteRange.lowerBound, $1.entry.byteRange.upperBound, $1.key)
    }
    var end = 0
    var previous: (key: String, entry: SafeTensorsFile.Entry)?
    for item in sorted {
      let r = item.entry.byteRange
      if r.lowerBound < end, let p = previous {
        throw ModelFileError.invalidOffsets(
          file: path, key: item.key,
          expected:
            "a byte range not overlapping \"\(p.key)\" [\(p.entry.byteRange.lowerBound), \(p.entry.byteRange.upperBound)]",
          got: "[\(r.lowerBound), \(r.upperBound)]")
      }
      if r.lowerBound > end {
        throw ModelFileError.invalidOffsets(
          file: path, key: item.key,
          expected: "begin \(end) (tensors must tile the data region without gaps)",
          got: "[\(r.lowerBound), \(r.upperBound)]")
      }
      if r.upperBound > available {
        throw ModelFileError.dataOutOfRange(file: path, key: item.key, range: r, available: available)
      }
      end = r.upperBound
      previous = item
    }
    guard end == available else {
      throw ModelFileError.invalidField(
        file: path, field: "data", expected: "\(end) bytes after the header (the extent of the tensors)",
        got: "\(available) bytes")
    }
    orderedKeys = sorted.map(\.key)
    entries = Dictionary(uniqueKeysWithValues: sorted.map { ($0.key, $0.entry) })
  }

  /// Validates one directory entry: dtype, shape, offsets and their consistency.
  private static func entry(key: String, value: Any, path: String) throws -> SafeTensorsFile.Entry {
    guard let fields = value as? [String: Any] else {
      throw ModelFileError.invalidField(
        file: path, field: key, expected: "an object with dtype, shape, data_offsets", got: JSONValues.describe(value))
    }
    guard let dtypeValue = fields["dtype"] else {
      throw ModelFileError.invalidField(file: path, field: "\(key).dtype", expected: "a dtype string", got: "nothing")
    }
    guard let name = dtypeValue as? String, let dtype = SafeTensorsDType(rawValue: name) else {
      throw ModelFileError.unsupportedDtype(
        file: path, key: key,
        expected: "a safetensors dtype (\(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))",
        got: JSONValues.describe(dtypeValue))
    }
    guard let shape = fields["shape"].flatMap(JSONValues.ints), shape.allSatisfy({ $0 >= 0 }) else {
      throw ModelFileError.invalidField(
        file: path, field: "\(key).shape", expected: "an array of non-negative integers",
        got: fields["shape"].map(JSONValues.describe) ?? "nothing")
    }
    guard let offsets = fields["data_offsets"].flatMap(JSONValues.ints), offsets.count == 2,
      offsets[0] >= 0, offsets[0] <= offsets[1]
    else {
      throw ModelFileError.invalidOffsets(
        file: path, key: key, expected: "[begin, end] with 0 ≤ begin ≤ end",
        got: fields["data_offsets"].map(JSONValues.describe) ?? "nothing")
    }
    var bytes = dtype.byteCount
    for extent in shape {
      let (product, overflow) = bytes.multipliedReportingOverflow(by: extent)
      guard !overflow else {
        throw ModelFileError.invalidField(
          file: path, field: "\(key).shape", expected: "a size that fits in memory", got: "\(shape)")
      }
      bytes = product
    }
    guard offsets[1] - offsets[0] == bytes else {
      throw ModelFileError.invalidOffsets(
        file: path, key: key,
        expected: "end − begin = \(bytes) bytes (shape \(shape) of \(dtype.rawValue))",
        got: "[\(offsets[0]), \(offsets[1])], \(offsets[1] - offsets[0]) bytes")
    }
    return SafeTensorsFile.Entry(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
  }
}
