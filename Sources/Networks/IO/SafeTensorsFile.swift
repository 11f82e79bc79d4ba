import Foundation

/// A validated safetensors file: its tensor directory, its `__metadata__`, and lazy access to
/// each tensor's values.
///
/// Layout (https://github.com/huggingface/safetensors): 8-byte little-endian `UInt64` header
/// length `N`; `N` bytes of UTF-8 JSON mapping each key to
/// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}` (byte offsets relative to the
/// first byte after the header), plus an optional `"__metadata__"` string→string map; then the raw
/// little-endian, C-contiguous tensor bytes.
///
/// The initializer checks the whole header before any tensor is allocated, with the rules of the
/// reference implementation: `N ≤ 100 000 000` and `N ≤ fileSize − 8`; the header is a JSON object;
/// every entry has a known dtype, a shape of non-negative integers and two offsets `begin ≤ end`
/// with `end − begin = Π shape · dtype size`; sorted by offset, the entries tile the data region
/// from byte 0 with no overlap and **no gap**, and end exactly where the file ends (the reference
/// rejects holes and trailing bytes, so this reader does too).
public struct SafeTensorsFile: Sendable {
  /// Where one tensor lives in the file.
  public struct Entry: Sendable, Equatable {
    /// The element type.
    public var dtype: SafeTensorsDType
    /// The extents, outermost first (`[]` for a scalar).
    public var shape: [Int]
    /// The byte range relative to the start of the data region.
    public var byteRange: Range<Int>
  }

  /// The largest header the reference implementation accepts (100 MB).
  public static let maximumHeaderLength = 100_000_000

  /// The file path used in error messages.
  public let path: String
  /// The `__metadata__` map (empty when absent).
  public let metadata: [String: String]
  /// The tensor keys in file order (by byte offset).
  public let keys: [String]
  /// The directory: key → dtype, shape, byte range.
  public let entries: [String: Entry]
  private let storage: Data
  private let dataStart: Int

  /// Reads and validates the safetensors file at `url` (memory-mapped when possible).
  /// - Throws: `ModelFileError` naming the file and the first invalid field.
  /// - Complexity: O(header size + number of tensors · log); tensor bytes are read on demand.
  public init(contentsOf url: URL) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw ModelFileError.unreadable(file: url.path, reason: ioReason(error, url: url))
    }
    try self.init(data: data, path: url.path)
  }

  /// Validates the safetensors bytes `data`; `path` names them in error messages.
  /// - Throws: `ModelFileError` naming `path` and the first invalid field.
  public init(data: Data, path: String) throws {
    let header = try SafeTensorsHeader(data: data, path: path)
    self.path = path
    self.metadata = header.metadata
    self.keys = header.orderedKeys
    self.entries = header.entries
    self.storage = data
    self.dataStart = header.dataStart
  }

  /// Whether the file holds a tensor called `key`.
  public func contains(_ key: String) -> Bool { entries[key] != nil }

  /// The directory entry of `key`.
  /// - Throws: `ModelFileError.missingTensor` when there is no such tensor.
  public func entry(_ key: String) throws -> Entry {
    guard let e = entries[key] else {
      let shown = keys.prefix(8).joined(separator: ", ") + (keys.count > 8 ? ", …" : "")
      throw ModelFileError.missingTensor(file: path, key: key, expected: "a tensor (the file has: \(shown))")
    }
    return e
  }

  /// The shape of tensor `key`.
  /// - Throws: `ModelFileError.missingTensor`.
  public func shape(of key: String) throws -> [Int] { try entry(key).shape }

  /// The dtype of tensor `key`.
  /// - Throws: `ModelFileError.missingTensor`.
  public func dtype(of key: String) throws -> SafeTensorsDType { try entry(key).dtype }

  /// Tensor `key` converted to Float32 (`F64`, `F16`, `BF16`, `I64`, `I32` are converted; `F64`
  /// and large integers round to nearest). A scalar (shape `[]`) becomes a tensor of shape `[]`
  /// with one element.
  /// - Throws: `ModelFileError.missingTensor` or `.unsupportedDtype`.
  /// - Complexity: O(elements).
  public func tensor(named key: String) throws -> Tensor {
    let e = try entry(key)
    guard e.dtype.isConvertibleToFloat else {
      throw ModelFileError.unsupportedDtype(
        file: path, key: key, expected: "a floating-point or integer dtype (F32, F64, F16, BF16, I64, I32)",
        got: e.dtype.rawValue)
    }
    let count = e.shape.reduce(1, *)
    let scalars = withBytes(of: e) { e.dtype.decodeFloats($0, count: count) }
    return Tensor(shape: e.shape, scalars: scalars)
  }

  /// Tensor `key` as integers (class indices): dtype `I64` or `I32`, flattened in row-major order.
  /// - Throws: `ModelFileError.missingTensor` or `.unsupportedDtype` (for example for `F32`).
  public func int64s(named key: String) throws -> [Int] {
    let e = try entry(key)
    guard e.dtype.isInteger64Readable else {
      throw ModelFileError.unsupportedDtype(file: path, key: key, expected: "I64 or I32", got: e.dtype.rawValue)
    }
    let count = e.shape.reduce(1, *)
    return withBytes(of: e) { e.dtype.decodeInts($0, count: count) }
  }

  /// Tensor `key` converted to Float32, rejecting NaN and ±∞.
  /// - Throws: what `tensor(named:)` throws, or `ModelFileError.nonFinite` naming the first
  ///   offending element.
  public func finiteTensor(named key: String) throws -> Tensor {
    let t = try tensor(named: key)
    if let i = t.firstNonfiniteIndex {
      throw ModelFileError.nonFinite(file: path, key: key, index: i, value: t.scalars[i])
    }
    return t
  }

  private func withBytes<R>(of e: Entry, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    storage.withUnsafeBytes { raw in
      body(
        UnsafeRawBufferPointer(
          rebasing: raw[(dataStart + e.byteRange.lowerBound)..<(dataStart + e.byteRange.upperBound)]))
    }
  }
}

/// A short, one-line reason why reading or writing `url` failed: "a directory", "no such file",
/// "permission denied", or the system's message.
func ioReason(_ error: any Error, url: URL) -> String {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
    return "a directory"
  }
  if let e = error as? CocoaError {
    switch e.code {
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file"
    case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
    default: break
    }
  }
  let ns = error as NSError
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
    return String(cString: strerror(Int32(underlying.code)))
  }
  return JSONValues.oneLine(ns.localizedDescription)
}
