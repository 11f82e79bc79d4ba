import Foundation
import Matrices
import _BPTestSupport
import Networks
import Symbolic
import Testing
@testable import Reports

@Suite("Audit report")
struct AuditReportTests {
  /// A tiny random MLP on 16×16 synthetic images with two-object images: fast, never trained.
  static func network() -> ReportNetwork {
    let data = SyntheticShapes.make(count: 6, size: .small, seed: 3)
    let mlp = Network.mlp(inputCount: 256, hidden: [12, 12], classes: SyntheticShapes.classCount, seed: 2)
    return ReportNetwork(
      name: "tiny-mlp", summary: "test MLP 256-12-12-10", network: mlp,
      inputs: Tensor(shape: [data.count, 256], scalars: data.inputs.scalars), labels: data.labels, heldOutAccuracy: 0.5,
      twoObjects: SyntheticShapes.makeTwoObjects(count: 3, size: .small, seed: 4))
  }

  static func settings(methods: [String] = ["gradient", "lrp-zplus"], proofs: Bool = false) -> ReportSettings {
    ReportSettings(
      methods: methods, images: 4, twoObjectImages: 3, resamples: 30, gridImages: 1, simulationSamples: 1,
      simulationVectors: 4, simulationShapes: [[6, 6], [6, 6], [6, 6]], cscImages: 2, checkProofs: proofs)
  }

  static func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("audit-report-\(UUID().uuidString)", isDirectory: true)
  }

  @Test("Writes index.html and report.md with every section, every figure captioned, well-formed XHTML and JSON")
  func writesEverything() throws {
    let report = try AuditReport.run(networks: [Self.network()], settings: Self.settings(proofs: true))
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let files = try report.document().write(to: dir)
    #expect(files.contains("index.html") && files.contains("report.md"))
    let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
    let markdown = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
    for title in AuditReport.sectionTitles {
      #expect(html.contains(">\(title)</a></h2>"), "HTML lacks section \(title)")
      #expect(markdown.contains("## \(title)"), "Markdown lacks section \(title)")
    }
    let xml = XMLCheck.parse(html)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    // 1 randomization chart + 1 boxplot + 1 grid + 1 two-object grid + 1 CSC chart + 1 σ₂/σ₁ chart
    // + 1 simulation chart.
    #expect(html.occurrences(of: "<figure>") == 7)
    #expect(html.occurrences(of: "<figcaption>") == html.occurrences(of: "<figure>"))
    #expect(html.occurrences(of: "<svg") == html.occurrences(of: "<title>") - 1, "every SVG has a <title> (plus the page's)")
    #expect(!html.contains("<script"))
    for name in files where name.hasSuffix(".svg") {
      #expect(markdown.contains("(\(name))"), "report.md links \(name)")
    }
    #expect(report.table?.rows.map(\.method) == ["gradient", "lrp-zplus"])
    #expect(report.proofs.count == ProofObligations.all.count)
    #expect(report.csc.map(\.method) == ["gradient", "lrp-zplus"])
    #expect(report.csc[0].points.last == "input" && report.table?.rows[0].rank == report.csc[0].verdictText)

    let json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
    for key in ["version", "settings", "networks", "table", "csc", "rank", "rank_skipped", "simulation", "proofs", "timings"] {
      #expect(json[key] != nil, "JSON lacks \(key)")
    }
    let nets = try #require(json["networks"] as? [[String: Any]])
    let methods = try #require(nets.first?["methods"] as? [[String: Any]])
    #expect((methods.first?["randomization"] as? [Any])?.count == 3, "one summary per cut point of the 3-layer MLP")
  }

  @Test("σ₂/σ₁ profiles: one per method on the all-dense network, the gradient's equals the SVD of the Jacobian")
  func rankProfiles() throws {
    let net = Self.network()
    let settings = ReportSettings(
      methods: ["gradient", "lrp-zplus", "pattern-net"], images: 2, twoObjectImages: 0, resamples: 10, gridImages: 0,
      simulationSamples: 0, checkProofs: false)
    let (profiles, skipped) = try AuditReport.rankProfiles(networks: [net], methods: settings.methods, seed: 0)
    #expect(profiles.map(\.method) == ["gradient", "lrp-zplus"])
    #expect(skipped.count == 1 && skipped[0].hasPrefix("pattern-net: "), "\(skipped)")
    let gradient = profiles[0]
    #expect(gradient.network == "tiny-mlp" && gradient.points == ["relu3", "fc2", "relu1", "fc1", "input"], "\(gradient.points)")
    // Independent path: the Jacobian of the logits at input 0 by the network's own backward pass
    // (one VJP per class), in Double, then its Jacobi SVD.
    let trace = net.network.trace(net.inputs.rows(0..<1))
    let top = net.network.layers.count - 1
    let columns = (0..<SyntheticShapes.classCount).map { c -> [Double] in
      var e = [Float](repeating: 0, count: SyntheticShapes.classCount)
      e[c] = 1
      let g = net.network.backward(trace: trace, upstream: Tensor(shape: [1, e.count], scalars: e), at: top)
      return g.inputGradient.scalars.map(Double.init)
    }
    let sigma = Matrix(rows: 256, columnVectors: columns).svd().singularValues
    expectClose(gradient.inputRatio, sigma[1] / sigma[0], rtol: 1e-4)
    // z⁺ has non-negative local matrices: its products are closer to rank one than the gradient's.
    #expect(profiles[1].inputRatio < gradient.inputRatio)
    // The section: the chart, the table, the methods left out.
    let report = AuditReport(
      settings: settings, networks: [], table: nil, rank: profiles, rankSkipped: skipped, simulation: [], proofs: [],
      timings: [], randomizationGrids: [], twoObjectGrids: [])
    let markdown = MarkdownRenderer.render(report.document()).markdown
    #expect(markdown.contains("## σ₂/σ₁ profiles") && markdown.contains("Not profiled: pattern-net: "))
    #expect(markdown.contains("| lrp-zplus | zplus |") || markdown.contains("| lrp-zplus | lrp-zplus |"), "\(markdown)")
  }

  @Test("Nothing is written when a step throws (unknown method)")
  func noPartialFiles() {
    let dir = Self.temporaryDirectory()
    #expect(throws: (any Error).self) {
      try AuditReport.run(networks: [Self.network()], settings: Self.settings(methods: ["gradient", "no-such-method"]))
        .document().write(to: dir)
    }
    #expect(!FileManager.default.fileExists(atPath: dir.path))
  }

  @Test("The real report renders in headless Chromium", .enabled(if: BrowserScreenshot.findBrowser() != nil,
                                                                  "no chromium/google-chrome on PATH: screenshot skipped"))
  func screenshot() throws {
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try AuditReport.run(networks: [Self.network()], settings: Self.settings()).document().write(to: dir)
    let shot = dir.appendingPathComponent("screenshot.png")
    try BrowserScreenshot.capture(page: dir.appendingPathComponent("index.html"), to: shot, width: 1100, height: 1400)
    let bytes = [UInt8](try Data(contentsOf: shot))
    #expect(bytes.starts(with: PNGEncoder.signature))
    // Decoded independently (MiniPNGDecoder, dynamic Huffman): the page is not blank. The top of
    // the report holds the title, the lead and the tables of "What was run": dark text on white.
    let png = try MiniPNGDecoder.decode(bytes)
    #expect(png.width == 1100 && png.height == 1400)
    let channels = png.colorType == 6 ? 4 : png.colorType == 2 ? 3 : 1
    var dark = 0, colours = Set<Int>()
    for p in stride(from: 0, to: png.samples.count, by: channels) {
      let rgb = Array(png.samples[p..<p + min(channels, 3)])
      if rgb.allSatisfy({ $0 < 128 }) { dark += 1 }
      colours.insert(rgb.reduce(0) { $0 << 8 | Int($1) })
    }
    let pixels = png.width * png.height
    #expect(dark > pixels / 200, "dark (text) pixels: \(dark) of \(pixels)")
    #expect(colours.count > 16, "distinct colours: \(colours.count)")
  }
}
