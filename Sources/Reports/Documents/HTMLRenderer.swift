import Foundation

/// Renders a ``ReportDocument`` as one self-contained HTML5 file, also well-formed XML (void
/// elements self-closed), so XML tools can check it: embedded CSS (screen and print),
/// figures inline (SVG markup, PNG as `data:` URIs), no scripts, no external resources. All text is
/// escaped with ``TextEscaping/xml(_:)``.
public enum HTMLRenderer {
  /// The embedded style sheet: a readable column, tables with rules and zebra rows, figures with
  /// captions, and print rules (no page breaks inside figures and tables, open `<details>` not
  /// needed because the summary stays visible).
  public static let css = """
    :root { color-scheme: light; }
    body { font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
    main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
    h1 { font-size: 1.9rem; margin: 0.5rem 0 0.25rem; }
    h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
    h3 { font-size: 1.15rem; margin-top: 1.6rem; }
    h2 a, h3 a, h4 a { color: inherit; text-decoration: none; }
    .lead { color: #444; font-size: 1.05rem; }
    nav.toc { background: #f6f7f9; border: 1px solid #e2e4e8; padding: 0.5rem 1.25rem; border-radius: 4px; }
    nav.toc ol { margin: 0.25rem 0; padding-left: 1.25rem; }
    table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
    caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
    th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; vertical-align: top; }
    th { border-bottom: 2px solid #888; background: #f6f7f9; }
    tbody tr:nth-child(even) { background: #fafafa; }
    .l { text-align: left; } .c { text-align: center; } .r { text-align: right; font-variant-numeric: tabular-nums; }
    figure { margin: 1.25rem 0; overflow-x: auto; }
    figure svg, figure img { max-width: 100%; height: auto; display: block; }
    figure img { image-rendering: pixelated; }
    figcaption { color: #555; font-size: 0.9rem; margin-top: 0.35rem; }
    pre { background: #f6f7f9; border: 1px solid #e2e4e8; padding: 0.6rem 0.8rem; overflow-x: auto; font-size: 0.85rem; }
    code { font-family: "SFMono-Regular", Menlo, Consolas, monospace; }
    details { margin: 0.8rem 0; } summary { cursor: pointer; font-weight: 600; }
    @media print {
      body { font-size: 11pt; } main { max-width: none; padding: 0; }
      nav.toc { display: none; }
      figure, table, pre { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      a { color: inherit; text-decoration: none; }
    }
    """

  /// The complete HTML file. Complexity: linear in the content size.
  public static func render(_ document: ReportDocument) -> String {
    let esc = TextEscaping.xml
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    out += "<title>\(esc(document.title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n<main>\n"
    out += "<h1>\(esc(document.title))</h1>\n"
    if let lead = document.lead { out += "<p class=\"lead\">\(esc(lead))</p>\n" }
    let flat = document.flattenedSections()
    if document.tableOfContents && !document.sections.isEmpty {
      out += "<nav class=\"toc\"><strong>Contents</strong>\n<ol>\n"
      for entry in flat where entry.depth == 1 {
        out += "<li><a href=\"#\(esc(entry.anchor))\">\(esc(entry.section.title))</a></li>\n"
      }
      out += "</ol>\n</nav>\n"
    }
    var index = 0
    func section(_ depth: Int) {
      let entry = flat[index]
      index += 1
      let h = min(depth + 1, 6)
      out += "<section id=\"\(esc(entry.anchor))\">\n"
      out += "<h\(h)><a href=\"#\(esc(entry.anchor))\">\(esc(entry.section.title))</a></h\(h)>\n"
      for block in entry.section.blocks { out += render(block) }
      for _ in entry.section.subsections { section(depth + 1) }
      out += "</section>\n"
    }
    for _ in document.sections { section(1) }
    out += "</main>\n</body>\n</html>\n"
    return out
  }

  /// The HTML of one block.
  public static func render(_ block: ReportBlock) -> String {
    let esc = TextEscaping.xml
    switch block {
    case .paragraph(let text):
      return "<p>\(esc(text))</p>\n"
    case .list(let items):
      return "<ul>\n" + items.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
    case .table(let table):
      return render(table)
    case .svg(_, let svg, let caption):
      return "<figure>\n\(svg)\n<figcaption>\(esc(caption))</figcaption>\n</figure>\n"
    case .png(_, let data, let alt, let caption):
      return "<figure>\n<img src=\"data:image/png;base64,\(data.base64EncodedString())\" alt=\"\(esc(alt))\"/>\n"
        + "<figcaption>\(esc(caption))</figcaption>\n</figure>\n"
    case .details(let summary, let text):
      return "<details>\n<summary>\(esc(summary))</summary>\n<pre><code>\(esc(text))</code></pre>\n</details>\n"
    case .code(let text):
      return "<pre><code>\(esc(text))</code></pre>\n"
    }
  }

  /// The HTML of a table, with per-column alignment classes `l`, `c`, `r`.
  public static func render(_ table: ReportTable) -> String {
    let esc = TextEscaping.xml
    let classes = table.alignments.map { a -> String in
      switch a {
      case .left: "l"
      case .center: "c"
      case .right: "r"
      }
    }
    var out = "<table>\n"
    if let caption = table.caption { out += "<caption>\(esc(caption))</caption>\n" }
    out += "<thead><tr>"
    for (k, h) in table.header.enumerated() { out += "<th class=\"\(classes[k])\" scope=\"col\">\(esc(h))</th>" }
    out += "</tr></thead>\n<tbody>\n"
    for row in table.rows {
      out += "<tr>"
      for (k, cell) in row.enumerated() { out += "<td class=\"\(classes[k])\">\(esc(cell))</td>" }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
    return out
  }
}
