import Foundation

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
