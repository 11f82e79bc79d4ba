import Foundation

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
