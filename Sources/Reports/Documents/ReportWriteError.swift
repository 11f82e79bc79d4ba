/// Why writing report files failed; one line naming the path and the cause.
public enum ReportWriteError: Error, CustomStringConvertible, Equatable {
  /// The output directory could not be created.
  case createDirectory(path: String, reason: String)
  /// A temporary file could not be written.
  case write(path: String, reason: String)
  /// A temporary file could not be renamed onto its final name.
  case rename(path: String, reason: String)
  /// A file name contains a path separator or is empty, `.` or `..`.
  case badName(String)

  /// One line: what failed, where, and why.
  public var description: String {
    switch self {
    case .createDirectory(let p, let r): "\(p): cannot create the output directory (\(r))"
    case .write(let p, let r): "\(p): cannot write the file (\(r))"
    case .rename(let p, let r): "\(p): cannot move the finished file into place (\(r))"
    case .badName(let n): "report file name '\(n)': expected a plain file name without '/'"
    }
  }
}
