import Foundation

extension ReportDocument {
  /// Writes the HTML rendering and the Markdown rendering with its figure files into
  /// `directory`, all atomically (see ``AtomicFileWriter``).
  /// - Parameters:
  ///   - directory: the output directory (created if missing).
  ///   - htmlName: the HTML file name, `index.html` by default.
  ///   - markdownName: the Markdown file name, `report.md` by default.
  /// - Returns: the names of every file written.
  /// - Throws: ``ReportWriteError``.
  @discardableResult
  public func write(to directory: URL, htmlName: String = "index.html", markdownName: String = "report.md")
    throws(ReportWriteError) -> [String]
  {
    let markdown = MarkdownRenderer.render(self)
    let files = markdown.files + [
      ReportFile(name: markdownName, data: Data(markdown.markdown.utf8)),
      ReportFile(name: htmlName, data: Data(HTMLRenderer.render(self).utf8)),
    ]
    try AtomicFileWriter.write(files, into: directory)
    return files.map(\.name)
  }
}
