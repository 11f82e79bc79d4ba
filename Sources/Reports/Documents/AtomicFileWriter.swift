import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
/// file system). For several files, all temporaries are written before the first rename; on any
/// error every temporary is removed.
public enum AtomicFileWriter {
  /// Writes one file atomically, creating its directory if needed.
  /// - Throws: ``ReportWriteError``.
  public static func write(_ data: Data, to url: URL) throws(ReportWriteError) {
    try write([ReportFile(name: url.lastPathComponent, data: data)], into: url.deletingLastPathComponent())
  }

  /// Writes every file into `directory` (created with intermediate directories if missing).
  ///
  /// Either each file ends up complete under its name, or the call throws; on a throw, files
  /// renamed before the failure are complete, later ones keep their previous contents, and no
  /// temporary file remains.
  /// - Throws: ``ReportWriteError``.
  public static func write(_ files: [ReportFile], into directory: URL) throws(ReportWriteError) {
    for f in files where f.name.isEmpty || f.name == "." || f.name == ".." || f.name.contains("/") {
      throw .badName(f.name)
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .createDirectory(path: directory.path, reason: error.localizedDescription)
    }
    let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    var staged: [(temp: URL, final: URL)] = []
    func cleanUp() {
      for s in staged { try? FileManager.default.removeItem(at: s.temp) }
    }
    for f in files {
      let final = directory.appendingPathComponent(f.name)
      let temp = directory.appendingPathComponent(".\(f.name).tmp-\(token)")
      do {
        try f.data.write(to: temp)
      } catch {
        try? FileManager.default.removeItem(at: temp)
        cleanUp()
        throw .write(path: final.path, reason: error.localizedDescription)
      }
      staged.append((temp, final))
    }
    while !staged.isEmpty {
      let s = staged.removeFirst()
      if rename(s.temp.path, s.final.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: s.temp)
        cleanUp()
        throw .rename(path: s.final.path, reason: reason)
      }
    }
  }
}
