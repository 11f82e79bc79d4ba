import Foundation

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

/// One piece of content in a report section. All text is plain text; renderers escape it.
public enum ReportBlock: Sendable, Equatable {
  /// A paragraph.
  case paragraph(String)
  /// A bulleted list, one plain-text item per entry.
  case list([String])
  /// A table.
  case table(ReportTable)
  /// A figure from an SVG document made by this module (``LineChart``, ``BoxPlot``,
  /// ``HeatmapGrid``), inlined verbatim in HTML and written as `name.svg` next to the Markdown.
  /// `name` is a file stem of letters, digits, `-`, `_` and `.`.
  case svg(name: String, svg: String, caption: String)
  /// A figure from PNG bytes: a `data:` URI in HTML, the file `name.png` next to the Markdown.
  case png(name: String, data: Data, alt: String, caption: String)
  /// Collapsible preformatted text (e.g. a JSON dump): `<details>` in both formats.
  case details(summary: String, text: String)
  /// A preformatted block (command lines, small listings).
  case code(String)
}

/// A titled section with an anchor, content blocks and optional subsections (one level deep is
/// typical; deeper levels render as h4…h6).
public struct ReportSection: Sendable, Equatable {
  /// Heading text.
  public var title: String
  /// The fragment id (`#anchor`); defaults to ``TextEscaping/anchor(_:)`` of the title. Renderers
  /// make duplicates unique by appending `-2`, `-3`, ….
  public var anchor: String
  /// The content, in order.
  public var blocks: [ReportBlock]
  /// Nested sections after the blocks.
  public var subsections: [ReportSection]

  /// A section; `anchor` defaults to one derived from the title.
  public init(title: String, anchor: String? = nil, blocks: [ReportBlock] = [], subsections: [ReportSection] = []) {
    self.title = title
    self.anchor = TextEscaping.anchor(anchor ?? title)
    self.blocks = blocks
    self.subsections = subsections
  }
}

/// A report: title, an optional lead paragraph, sections. Render it with ``HTMLRenderer`` (one
/// self-contained file) or ``MarkdownRenderer`` (text plus image files), or write both with
/// ``ReportDocument/write(to:htmlName:markdownName:)``.
public struct ReportDocument: Sendable, Equatable {
  /// Page title (`<title>` and `h1`).
  public var title: String
  /// Lead paragraph under the title, or `nil`.
  public var lead: String?
  /// Top-level sections.
  public var sections: [ReportSection]
  /// Whether to print a table of contents of the top-level sections.
  public var tableOfContents: Bool

  /// A document.
  public init(title: String, lead: String? = nil, sections: [ReportSection] = [], tableOfContents: Bool = true) {
    self.title = title
    self.lead = lead
    self.sections = sections
    self.tableOfContents = tableOfContents
  }

  /// Whether `name` is an acceptable figure file stem (`[A-Za-z0-9._-]+`, not starting with `.`).
  static func isValidFileStem(_ name: String) -> Bool {
    !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
      $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
    }
  }

  /// Every section in document order, with its depth (1 = top level) and unique anchor.
  func flattenedSections() -> [(section: ReportSection, depth: Int, anchor: String)] {
    var seen: [String: Int] = [:]
    var out: [(ReportSection, Int, String)] = []
    func visit(_ s: ReportSection, _ depth: Int) {
      let n = (seen[s.anchor] ?? 0) + 1
      seen[s.anchor] = n
      out.append((s, depth, n == 1 ? s.anchor : "\(s.anchor)-\(n)"))
      for sub in s.subsections { visit(sub, depth + 1) }
    }
    for s in sections { visit(s, 1) }
    return out
  }
}
