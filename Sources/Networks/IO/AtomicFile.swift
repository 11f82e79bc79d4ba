import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Atomic file output: bytes go to a temporary file in the destination's directory, which is
/// renamed over the destination only once complete and flushed, so a reader (or a later run)
/// sees the old file or the new one, never a partial one.
///
/// Temporary files in flight are listed in a `TemporaryFileRegistry` (by default the process's
/// `shared` one), which the command line's SIGINT handler abandons: an interrupted run deletes
/// them and leaves no partial output.
public enum AtomicFile {
  /// Writes `data` to `url` atomically.
  /// - Throws: `ModelFileError.unwritable` naming the file and the reason (no such directory, a
  ///   directory in the way, no space, interrupted); any old file at `url` is then unchanged.
  /// - Complexity: O(data.count).
  public static func write(_ data: Data, to url: URL, registry: TemporaryFileRegistry = .shared) throws {
    try write(to: url, registry: registry) { handle in
      do {
        try handle.write(contentsOf: data)
      } catch {
        throw unwritable(url, ioReason(error, url: url))
      }
    }
  }

  /// Creates a temporary file beside `url` (`.<name>.<pid>.<random>.tmp`), lets `produce` write it
  /// through a file handle, flushes it, then renames it over `url`. When anything fails, or
  /// `registry` is abandoned meanwhile, the temporary file is deleted and any old file at `url` is
  /// unchanged.
  /// - Throws: `ModelFileError.unwritable` for a failed create, flush or rename or an abandoned
  ///   registry; what `produce` throws (unchanged).
  public static func write(
    to url: URL, registry: TemporaryFileRegistry = .shared, _ produce: (FileHandle) throws -> Void
  ) throws {
    let temporary = try stage(url, registry: registry, produce)
    try commit(temporary, to: url, registry: registry)
  }

  /// Writes a complete, flushed temporary file beside `url` (registered in `registry`) and returns
  /// its path; `commit` renames it into place, `registry.discard` deletes it. On a throw nothing
  /// remains.
  /// - Throws: as `write(to:registry:_:)`.
  static func stage(
    _ url: URL, registry: TemporaryFileRegistry, _ produce: (FileHandle) throws -> Void
  ) throws -> String {
    let directory = url.deletingLastPathComponent()
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(suffix).tmp").path
    guard registry.register(temporary) else { throw unwritable(url, "an interrupted run (SIGINT)") }
    var staged = false
    defer { if !staged { registry.discard(temporary) } }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw unwritable(url, reason(errno, url)) }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    try produce(handle)
    do {
      try handle.synchronize()
      try handle.close()
    } catch {
      throw unwritable(url, ioReason(error, url: url))
    }
    staged = true
    return temporary
  }

  /// Renames the staged `temporary` over `url` unless `registry` was abandoned; on a throw the
  /// temporary file is deleted.
  /// - Throws: `ModelFileError.unwritable` for a failed rename or an abandoned registry.
  static func commit(_ temporary: String, to url: URL, registry: TemporaryFileRegistry) throws {
    switch registry.commit(temporary, { rename(temporary, url.path) }) {
    case .committed: return
    case .abandoned: throw unwritable(url, "an interrupted run (SIGINT)")
    case .failed(let code):
      registry.discard(temporary)
      throw unwritable(url, reason(code, url))
    }
  }

  static func unwritable(_ url: URL, _ got: String) -> ModelFileError {
    .unwritable(file: url.path, field: "file", expected: "a writable path", got: got)
  }

  /// A short reason for a failed `open` or `rename` with `errno` `code`.
  static func reason(_ code: Int32, _ url: URL) -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      return "a directory"
    }
    return code == ENOENT ? "no such directory" : String(cString: strerror(code))
  }
}
