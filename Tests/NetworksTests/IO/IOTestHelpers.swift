import Foundation
import Networks
import Testing

/// Byte-level builders for safetensors files, written from the specification independently of
/// `SafeTensors.encode` (the code under test).
enum RawSafeTensors {
  /// `UInt64(header.utf8.count)` little-endian, the header text, then `data`.
  static func file(header: String, data: [UInt8]) -> Data {
    let h = Array(header.utf8)
    var bytes: [UInt8] = []
    var n = UInt64(h.count)
    for _ in 0..<8 {
      bytes.append(UInt8(n & 0xFF))
      n >>= 8
    }
    return Data(bytes + h + data)
  }

  /// Little-endian IEEE single bytes, built from the bit pattern one byte at a time.
  static func f32(_ values: [Float]) -> [UInt8] {
    values.flatMap { v -> [UInt8] in
      let b = v.bitPattern
      return [UInt8(b & 0xFF), UInt8((b >> 8) & 0xFF), UInt8((b >> 16) & 0xFF), UInt8(b >> 24)]
    }
  }

  /// Little-endian two's-complement 64-bit bytes.
  static func i64(_ values: [Int64]) -> [UInt8] {
    values.flatMap { v -> [UInt8] in
      let b = UInt64(bitPattern: v)
      return (0..<8).map { UInt8((b >> (8 * UInt64($0))) & 0xFF) }
    }
  }

  /// Little-endian IEEE double bytes.
  static func f64(_ values: [Double]) -> [UInt8] {
    values.flatMap { v -> [UInt8] in
      let b = v.bitPattern
      return (0..<8).map { UInt8((b >> (8 * UInt64($0))) & 0xFF) }
    }
  }
}

/// A fresh, empty temporary directory.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("bpaudit-io-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Checks the one-line message format: `<file>: <field>: expected …, got …`.
func expectMessage(
  _ error: ModelFileError?, file: String, field: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let error else {
    Issue.record("no error thrown", sourceLocation: sourceLocation)
    return
  }
  let text = error.description
  #expect(text.hasPrefix("\(file): \(field): expected "), "\(text)", sourceLocation: sourceLocation)
  #expect(text.contains(", got "), "\(text)", sourceLocation: sourceLocation)
  #expect(!text.contains("\n"), "\(text)", sourceLocation: sourceLocation)
  #expect(error.file == file && error.field == field, "\(error.file) \(error.field)", sourceLocation: sourceLocation)
}
