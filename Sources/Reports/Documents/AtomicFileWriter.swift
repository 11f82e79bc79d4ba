import Foundation
import Networks

/// A file to write: a plain name (no directories) and its bytes.
public struct ReportFile: Sendable, Equatable {
  /// File name inside the target directory.
  public var name: String
  /// Contents.
  public var data: Data

  /// A file from its name and contents.
  public init(name: String, data: Data) {
    self.name = name
    self.data = data
  }
}

/// Writes files so that readers never see a partial file: each file is written to a hidden
/// temporary sibling first and then renamed onto its final name (`rename(2)` is atomic within a
/// file system), by `AtomicFile`. For several files, all temporaries are written before the first
/// rename; on any error or interruption every temporary is removed.
public enum AtomicFileWriter {
  /// Writes one file atomically, creating its directory if needed.
  /// - Throws: ``ReportWriteError``.
  public static func write(_ data: Data, to url: URL) throws(ReportWriteError) {
    try write([ReportFile(name: url.lastPathComponent, data: data)], into: url.deletingLastPathComponent())
  }

  /// Writes every file into `directory` (created with intermediate directories if missing)
  /// through `AtomicFile`, so the temporaries are listed in `registry` and an interrupted run
  /// (SIGINT abandons `TemporaryFileRegistry.shared`) deletes them.
  ///
  /// Either each file ends up complete under its name, or the call throws; on a throw, files
  /// renamed before the failure are complete, later ones keep their previous contents, and no
  /// temporary file remains.
  /// - Throws: ``ReportWriteError``.
  public static func write(
    _ files: [ReportFile], into directory: URL, registry: TemporaryFileRegistry = .shared
  ) throws(ReportWriteError) {
    for f in files where f.name.isEmpty || f.name == "." || f.name == ".." || f.name.contains("/") {
      throw .badName(f.name)
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .createDirectory(path: directory.path, reason: error.localizedDescription)
    }
    do {
      try AtomicFile.write(files.map { (directory.appendingPathComponent($0.name), $0.data) }, registry: registry)
    } catch ModelFileError.unwritable(let path, _, _, let reason) {
      throw .write(path: path, reason: reason)
    } catch {
      throw .write(path: directory.path, reason: "\(error)")
    }
  }
}
