/// A user error in a data-set file (IDX, CIFAR-10 binary): one line naming the file, the field,
/// what was expected and what was found, `<file>: <field>: expected <what>, got <what>`.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
  /// A required file is absent.
  case missingFile(file: String, expected: String)
  /// Only the gzip-compressed file exists.
  case compressedOnly(file: String)
  /// The file exists but could not be read.
  case unreadable(file: String, reason: String)
  /// The IDX magic number is not the one for unsigned-byte data of the expected rank.
  case badMagic(file: String, expected: UInt32, got: UInt32)
  /// The file size disagrees with its header (truncated or padded file).
  case sizeMismatch(file: String, expected: String, got: Int)
  /// A field (a dimension, a label) is out of range.
  case invalidField(file: String, field: String, expected: String, got: String)

  /// The offending file.
  public var file: String {
    switch self {
    case .missingFile(let f, _), .compressedOnly(let f), .unreadable(let f, _), .badMagic(let f, _, _),
      .sizeMismatch(let f, _, _), .invalidField(let f, _, _, _):
      f
    }
  }

  /// The offending field.
  public var field: String { parts.field }

  /// `<file>: <field>: expected <what>, got <what>`.
  public var description: String {
    let p = parts
    return "\(file): \(p.field): expected \(p.expected), got \(p.got)"
  }

  private var parts: (field: String, expected: String, got: String) {
    switch self {
    case .missingFile(_, let expected):
      ("file", expected, "no such file")
    case .compressedOnly(let f):
      ("file", "the uncompressed file", "only \(f).gz (run `gunzip \(f).gz` first)")
    case .unreadable(_, let reason):
      ("file", "a readable file", reason)
    case .badMagic(_, let expected, let got):
      ("magic", "0x\(hex(expected))", "0x\(hex(got))")
    case .sizeMismatch(_, let expected, let got):
      ("size", expected, "\(got) bytes")
    case .invalidField(_, let field, let expected, let got):
      (field, expected, got)
    }
  }

  private func hex(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: 8 - s.count) + s
  }
}
