/// A user error in a model, weight, input or output file: one line naming the file, the field,
/// what was expected and what was found.
///
/// Every case prints as `<file path>: <field>: expected <what>, got <what>` (see `description`),
/// so the command-line tool can pass it to stderr unchanged.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
  /// The file could not be read (missing, a directory, no permission).
  case unreadable(file: String, reason: String)
  /// The file could not be written (missing directory, no permission, invalid tensor list).
  case unwritable(file: String, field: String, expected: String, got: String)
  /// The 8-byte safetensors header length is impossible for this file.
  case headerLength(file: String, expected: String, got: UInt64)
  /// A field of a JSON document (safetensors header or architecture) is missing or malformed.
  case invalidField(file: String, field: String, expected: String, got: String)
  /// A safetensors entry's `data_offsets` do not fit its shape, overlap another entry, or leave a gap.
  case invalidOffsets(file: String, key: String, expected: String, got: String)
  /// A tensor's bytes lie beyond the end of the file (a truncated file or out-of-range offsets).
  case dataOutOfRange(file: String, key: String, range: Range<Int>, available: Int)
  /// A safetensors dtype this reader cannot convert for the requested use.
  case unsupportedDtype(file: String, key: String, expected: String, got: String)
  /// An architecture layer of unknown `type`.
  case unknownLayerType(file: String, index: Int, type: String)
  /// Two architecture layers with the same (explicit or implicit) name.
  case duplicateLayerName(file: String, index: Int, name: String)
  /// A tensor the architecture (or the caller) needs is absent from the file.
  case missingTensor(file: String, key: String, expected: String)
  /// A tensor in the weight file that no parameter of the architecture uses.
  case unexpectedTensor(file: String, key: String, shape: [Int])
  /// A tensor whose shape differs from the one the architecture (or the network) requires.
  case shapeMismatch(file: String, key: String, expected: String, got: [Int])
  /// A tensor holding NaN or ±∞ where finite values are required.
  case nonFinite(file: String, key: String, index: Int, value: Float)
  /// The layers of an architecture file do not fit together (wraps the `NetworkError`).
  case invalidNetwork(file: String, error: NetworkError)
  /// A network (or a batch for it) would need more memory than the budget allows.
  case exceedsMemoryBudget(file: String, field: String, requirement: MemoryRequirement, budget: MemoryBudget)

  /// The path of the offending file.
  public var file: String {
    switch self {
    case .unreadable(let f, _), .unwritable(let f, _, _, _), .headerLength(let f, _, _),
      .invalidField(let f, _, _, _), .invalidOffsets(let f, _, _, _), .dataOutOfRange(let f, _, _, _),
      .unsupportedDtype(let f, _, _, _), .unknownLayerType(let f, _, _), .duplicateLayerName(let f, _, _),
      .missingTensor(let f, _, _), .unexpectedTensor(let f, _, _), .shapeMismatch(let f, _, _, _),
      .nonFinite(let f, _, _, _), .invalidNetwork(let f, _), .exceedsMemoryBudget(let f, _, _, _):
      f
    }
  }

  /// The offending field: a JSON path, a tensor key (`fc1.weight`), or a part of the container.
  public var field: String { parts.field }

  /// `<file path>: <field>: expected <what>, got <what>`, on one line.
  public var description: String {
    let p = parts
    return "\(file): \(p.field): expected \(p.expected), got \(p.got)"
  }

  private var parts: (field: String, expected: String, got: String) {
    switch self {
    case .unreadable(_, let reason):
      ("file", "a readable file", reason)
    case .unwritable(_, let field, let expected, let got):
      (field, expected, got)
    case .headerLength(_, let expected, let got):
      ("header length", expected, "\(got)")
    case .invalidField(_, let field, let expected, let got):
      (field, expected, got)
    case .invalidOffsets(_, let key, let expected, let got):
      ("\(key).data_offsets", expected, got)
    case .dataOutOfRange(_, let key, let range, let available):
      (
        "\(key).data_offsets", "bytes [\(range.lowerBound), \(range.upperBound)) inside the data region",
        "a data region of only \(available) bytes (truncated file?)"
      )
    case .unsupportedDtype(_, let key, let expected, let got):
      ("\(key).dtype", expected, got)
    case .unknownLayerType(_, let index, let type):
      ("layers[\(index)].type", "one of \(ArchitectureLayer.typeNames.joined(separator: ", "))", "\"\(type)\"")
    case .duplicateLayerName(_, let index, let name):
      ("layers[\(index)].name", "a name unique within the network", "\"\(name)\", already used by an earlier layer")
    case .missingTensor(_, let key, let expected):
      (key, expected, "no such tensor")
    case .unexpectedTensor(_, let key, let shape):
      (key, "no tensor (no layer with this parameter, or \"bias\": false)", "a tensor of shape \(shape)")
    case .shapeMismatch(_, let key, let expected, let got):
      (key, "shape \(expected)", "\(got)")
    case .nonFinite(_, let key, let index, let value):
      (key, "finite values", "\(value) at flat index \(index)")
    case .exceedsMemoryBudget(_, let field, let need, let budget):
      (
        field,
        "at most \(budget) (\(budget.bytes) bytes, the memory budget; --memory-limit changes it)",
        "\(MemoryBudget.format(need.totalBytes)) (\(need.totalBytes) bytes: parameters "
          + "\(MemoryBudget.format(need.parameterBytes)), activations for batch \(need.batch) "
          + "\(MemoryBudget.format(need.activationBytes)), workspace \(MemoryBudget.format(need.workspaceBytes)))"
      )
    case .invalidNetwork(_, let error):
      switch error {
      case .invalidInputShape(let shape):
        ("input_shape", "[C, H, W] or [D] with positive extents", "\(shape)")
      case .shapeMismatch(let layer, let expected, let got):
        ("layer \(layer)", expected, "input of shape \(got)")
      }
    }
  }
}
