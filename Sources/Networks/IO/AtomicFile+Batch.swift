import Foundation

extension AtomicFile {
  /// Writes several files, each atomically: every temporary file is written and flushed before
  /// the first rename, then they are renamed in order. On a throw, files renamed before the
  /// failure are complete, the others keep their previous contents, and no temporary file remains;
  /// when `registry` is abandoned (SIGINT) meanwhile, the temporaries are deleted by it.
  /// - Parameters:
  ///   - files: destination and contents of each file (destinations in existing directories).
  ///   - registry: where the temporaries in flight are listed (the process's `shared` one).
  /// - Throws: `ModelFileError.unwritable` naming the first file that failed and why.
  /// - Complexity: O(total bytes).
  public static func write(_ files: [(url: URL, data: Data)], registry: TemporaryFileRegistry = .shared) throws {
    var staged: [(temporary: String, url: URL)] = []
    var done = 0
    defer { for s in staged[done...] { registry.discard(s.temporary) } }
    for file in files {
      let temporary = try stage(file.url, registry: registry) { handle in
        do {
          try handle.write(contentsOf: file.data)
        } catch {
          throw unwritable(file.url, ioReason(error, url: file.url))
        }
      }
      staged.append((temporary, file.url))
    }
    while done < staged.count {
      let s = staged[done]
      done += 1
      try commit(s.temporary, to: s.url, registry: registry)
    }
  }
}
