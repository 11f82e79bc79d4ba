import Foundation
import Testing
@testable import Reports

@Suite("HTML and Markdown documents, atomic writing")
struct DocumentTests {
  static let hostile = "<script>alert(\"x\")</script> & 'q' | *b* `c`"

  static func sampleDocument() -> ReportDocument {
    let chart = LineChart(title: "1 − CSC", xLabel: "layer", yLabel: "1 − CSC", categories: ["fc3", "conv1"],
                          yScale: .log10CSC, series: [LineSeries(name: "z+", y: [0.5, 1e-9])])
    let png = PNGEncoder().encodeData(RasterImage(width: 2, height: 2, format: .rgb8, filledWith: [200, 10, 10]))
    return ReportDocument(
      title: "Audit \(hostile)", lead: "Lead \(hostile)",
      sections: [
        ReportSection(title: "Results", blocks: [
          .paragraph(hostile),
          .list(["one", hostile]),
          .table(ReportTable(header: ["method", "CSC"], alignments: [.left, .right],
                             rows: [["LRP α1β0", "0.999"], [hostile, "0.2"]], caption: "Table <1>")),
          .svg(name: "csc", svg: chart.svg(), caption: "CSC <curve>"),
          .png(name: "map", data: png, alt: "heat & map", caption: "a map"),
          .details(summary: "JSON <dump>", text: "{\"a\": \"</pre>\"}"),
          .code("bpaudit report ```"),
        ], subsections: [ReportSection(title: "Details")]),
        ReportSection(title: "Results"),
      ])
  }

  @Test("HTML: everything escaped, anchors unique, alignment classes, the whole page parses as XML")
  func html() {
    let html = HTMLRenderer.render(DocumentTests.sampleDocument())
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
    #expect(html.contains("<title>Audit &lt;script&gt;"))
    #expect(html.contains("<section id=\"results\">") && html.contains("<section id=\"results-2\">"))
    #expect(html.contains("<section id=\"details\">") && html.contains("<h3><a href=\"#details\">Details</a></h3>"))
    #expect(html.contains("<a href=\"#results-2\">Results</a>"), "table of contents links the second section")
    #expect(html.contains("<td class=\"r\">0.999</td>") && html.contains("<th class=\"l\" scope=\"col\">method</th>"))
    #expect(html.contains("<img src=\"data:image/png;base64,") && html.contains("alt=\"heat &amp; map\""))
    #expect(html.contains("{&quot;a&quot;: &quot;&lt;/pre&gt;&quot;}"))
    #expect(!html.contains("<script") && !html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    // The page is XHTML-compatible: XMLParser accepts the whole of it, SVG included.
    let xml = XMLCheck.parse(html)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    #expect(xml.elements.filter { $0 == "svg" }.count == 1)
    #expect(xml.count("path", class: "series") == 1)
  }

  @Test("Markdown: escaped text, aligned pipe tables, figure files, fences longer than the content's")
  func markdown() {
    let out = MarkdownRenderer.render(DocumentTests.sampleDocument())
    let md = out.markdown
    #expect(md.hasPrefix("# Audit \\<script\\>alert(\"x\")\\</script\\> & 'q' \\| \\*b\\* \\`c\\`\n"))
    #expect(md.contains("| method | CSC |\n|:---|---:|\n| LRP α1β0 | 0.999 |\n"))
    #expect(md.contains("![CSC \\<curve\\>](csc.svg)") && md.contains("![heat & map](map.png)"))
    #expect(out.files.map(\.name) == ["csc.svg", "map.png"])
    #expect(md.contains("````\nbpaudit report ```\n````\n"))
    #expect(md.contains("<summary>JSON &lt;dump&gt;</summary>"))
    #expect(md.contains("<a id=\"results-2\"></a>\n\n## Results"))
    #expect(md.contains("1. [Results](#results)\n2. [Results](#results-2)\n"))
  }

  @Test("Escaping helpers: XML control characters, anchors")
  func escaping() {
    #expect(TextEscaping.xml("a\u{1}b\nc") == "a\u{FFFD}b\nc")
    #expect(TextEscaping.anchor("CSC curves (VGG-16)!") == "csc-curves-vgg-16")
    #expect(TextEscaping.anchor("αβ") == "section")
    #expect(TextEscaping.markdown("- not a list") == "\\- not a list")
    #expect(TextEscaping.markdown("12. not a list") == "12\\. not a list")
    #expect(TextEscaping.markdown("1e-12 stays") == "1e-12 stays")
    #expect(TextEscaping.markdown("0.999") == "0.999")
  }

  @Test("Atomic writer: files appear complete, no temporaries remain, errors name the path")
  func atomicWriter() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-atomic-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let names = try DocumentTests.sampleDocument().write(to: dir.appendingPathComponent("out"))
    let out = dir.appendingPathComponent("out")
    let listing = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(listing == names.sorted())
    #expect(listing == ["csc.svg", "index.html", "map.png", "report.md"])
    // Rewriting replaces in place.
    try AtomicFileWriter.write(Data("new".utf8), to: out.appendingPathComponent("report.md"))
    #expect(try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8) == "new")
    // A target that is a non-empty directory cannot be replaced: the call throws and leaves no
    // temporary file behind.
    let blocker = out.appendingPathComponent("blocked.html")
    try FileManager.default.createDirectory(at: blocker.appendingPathComponent("inner"), withIntermediateDirectories: true)
    #expect(throws: ReportWriteError.self) {
      try AtomicFileWriter.write([ReportFile(name: "blocked.html", data: Data("x".utf8)),
                                  ReportFile(name: "later.txt", data: Data("y".utf8))], into: out)
    }
    let after = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(!after.contains { $0.contains(".tmp-") }, "\(after)")
    #expect(!after.contains("later.txt"))
    do {
      try AtomicFileWriter.write([ReportFile(name: "a/b", data: Data())], into: out)
      Issue.record("a name with a slash must be refused")
    } catch {
      #expect(error.description.contains("a/b"))
    }
  }
}
