import Foundation

/// Renders a ``ReportDocument`` as GitHub-flavoured Markdown plus the figure files it references
/// (`name.svg`, `name.png`), to be written into the same directory.
///
/// Text is escaped with ``TextEscaping/markdown(_:)``; code and details use fences longer than any
/// backtick run in their content; tables use pipe syntax with `:---`, `:---:`, `---:` alignment.
public enum MarkdownRenderer {
  /// The Markdown text and the files it links to.
  public struct Output: Sendable, Equatable {
    /// The Markdown document.
    public var markdown: String
    /// Figure files referenced by relative name.
    public var files: [ReportFile]
  }

  /// Renders the document. - Precondition: figure names are valid file stems and unique per
  /// extension. Complexity: linear in the content size.
  public static func render(_ document: ReportDocument) -> Output {
    let md = TextEscaping.markdown
    var out = "# \(md(document.title))\n\n"
    var files: [ReportFile] = []
    if let lead = document.lead { out += "\(md(lead))\n\n" }
    let flat = document.flattenedSections()
    if document.tableOfContents && !document.sections.isEmpty {
      out += "**Contents**\n\n"
      var k = 0
      for entry in flat where entry.depth == 1 {
        k += 1
        out += "\(k). [\(md(entry.section.title))](#\(entry.anchor))\n"
      }
      out += "\n"
    }
    for entry in flat {
      // An explicit anchor keeps links stable whatever heading-id scheme the viewer uses.
      out += "<a id=\"\(entry.anchor)\"></a>\n\n"
      out += String(repeating: "#", count: min(entry.depth + 1, 6)) + " \(md(entry.section.title))\n\n"
      for block in entry.section.blocks { out += render(block, files: &files) }
    }
    return Output(markdown: out, files: files)
  }

  /// The Markdown of one block; figures append their file to `files`.
  static func render(_ block: ReportBlock, files: inout [ReportFile]) -> String {
    let md = TextEscaping.markdown
    switch block {
    case .paragraph(let text):
      return "\(md(text))\n\n"
    case .list(let items):
      return items.map { "- \(md($0))\n" }.joined() + "\n"
    case .table(let table):
      return render(table)
    case .svg(let name, let svg, let caption):
      precondition(ReportDocument.isValidFileStem(name), "figure name \(name) is not a valid file stem")
      precondition(!files.contains { $0.name == name + ".svg" }, "figure name \(name).svg is used twice")
      files.append(ReportFile(name: name + ".svg", data: Data(svg.utf8)))
      return "![\(md(caption))](\(name).svg)\n\n*\(md(caption))*\n\n"
    case .png(let name, let data, let alt, let caption):
      precondition(ReportDocument.isValidFileStem(name), "figure name \(name) is not a valid file stem")
      precondition(!files.contains { $0.name == name + ".png" }, "figure name \(name).png is used twice")
      files.append(ReportFile(name: name + ".png", data: data))
      return "![\(md(alt))](\(name).png)\n\n*\(md(caption))*\n\n"
    case .details(let summary, let text):
      return "<details>\n<summary>\(TextEscaping.xml(summary))</summary>\n\n\(fenced(text))\n</details>\n\n"
    case .code(let text):
      return fenced(text) + "\n"
    }
  }

  /// A table in pipe syntax; `|` in cells is escaped, line breaks become spaces.
  public static func render(_ table: ReportTable) -> String {
    let md = TextEscaping.markdown
    var out = ""
    if let caption = table.caption { out += "**\(md(caption))**\n\n" }
    out += "| " + table.header.map(md).joined(separator: " | ") + " |\n"
    out += "|" + table.alignments.map { a -> String in
      switch a {
      case .left: ":---"
      case .center: ":---:"
      case .right: "---:"
      }
    }.joined(separator: "|") + "|\n"
    for row in table.rows { out += "| " + row.map(md).joined(separator: " | ") + " |\n" }
    return out + "\n"
  }

  /// `text` in a backtick fence one longer than its longest backtick run (at least three).
  static func fenced(_ text: String) -> String {
    var longest = 0, run = 0
    for ch in text {
      run = ch == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return "\(fence)\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\(fence)\n"
  }
}
