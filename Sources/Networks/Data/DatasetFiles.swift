import Foundation

/// File lookup and reading shared by the data-set loaders.
enum DatasetFiles {
  /// The first of `names` that exists in `directory`.
  /// - Throws: `DatasetError.compressedOnly` when only `<name>.gz` exists, else `.missingFile`.
  static func locate(_ names: [String], in directory: URL, describing what: String) throws -> URL {
    let fm = FileManager.default
    for name in names {
      let url = directory.appendingPathComponent(name)
      if fm.fileExists(atPath: url.path) { return url }
    }
    for name in names {
      let url = directory.appendingPathComponent(name)
      if fm.fileExists(atPath: url.path + ".gz") { throw DatasetError.compressedOnly(file: url.path) }
    }
    throw DatasetError.missingFile(file: directory.appendingPathComponent(names[0]).path, expected: what)
  }

  /// The bytes of `url` (memory-mapped when possible).
  static func read(_ url: URL) throws -> Data {
    do {
      return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw DatasetError.unreadable(file: url.path, reason: ioReason(error, url: url))
    }
  }
}
