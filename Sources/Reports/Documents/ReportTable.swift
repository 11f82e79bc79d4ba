/// Column alignment in a ``ReportTable``.
public enum TableAlignment: Sendable, Equatable {
  /// Left-aligned (text).
  case left
  /// Centred.
  case center
  /// Right-aligned (numbers).
  case right
}

/// A table with a header row, per-column alignment and plain-text cells.
public struct ReportTable: Sendable, Equatable {
  /// Column headings.
  public var header: [String]
  /// One alignment per column.
  public var alignments: [TableAlignment]
  /// Body rows, each with `header.count` cells.
  public var rows: [[String]]
  /// Optional caption above the table.
  public var caption: String?

  /// A table. - Precondition: every row and `alignments` (when given) have `header.count` entries.
  public init(header: [String], alignments: [TableAlignment]? = nil, rows: [[String]], caption: String? = nil) {
    let n = header.count
    precondition(rows.allSatisfy { $0.count == n }, "table rows need \(n) cells each")
    precondition(alignments.map { $0.count == n } ?? true, "table needs \(n) alignments")
    self.header = header
    self.alignments = alignments ?? Array(repeating: .left, count: n)
    self.rows = rows
    self.caption = caption
  }
}
