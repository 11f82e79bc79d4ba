import Foundation
import Testing
import _BPTestSupport
import Matrices
import Networks
@testable import Reports

/// Builds a page with every kind of figure from synthetic numbers and writes it to disk, so the
/// result can be opened in a browser. The directory is `$BPAUDIT_SAMPLE_REPORT_DIR` when set,
/// otherwise a fresh temporary directory that is removed afterwards.
@Suite("Sample report page")
struct SamplePageTests {
  static let layers = ["fc3 (logits)", "fc2", "fc1", "conv4", "conv3", "conv2", "conv1", "input"]

  /// A smooth synthetic 3×32×32 "relevance" pattern: a blob at (cx, cy) minus a weaker ring.
  static func pattern(_ cx: Double, _ cy: Double, seed: UInt64, noise: Double) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    var scalars: [Float] = []
    for c in 0..<3 {
      for y in 0..<32 {
        for x in 0..<32 {
          let dx = Double(x) - cx, dy = Double(y) - cy
          let d2 = dx * dx + dy * dy
          let blob = exp(-d2 / 30) - 0.4 * exp(-abs(d2 - 120) / 40)
          let v = blob + noise * rng.nextGaussian() + Double(c) * 0.01
          scalars.append(Float(v))
        }
      }
    }
    return Tensor(shape: [3, 32, 32], scalars: scalars)
  }

  static func document() -> ReportDocument {
    let methods = ["LRP α1β0", "LRP α2β1", "DeepLIFT rescale", "Gradient"]
    // 1 − CSC falls geometrically for the converging rules, stays near 0.7 for the gradient.
    let rates = [0.02, 0.15, 0.5, 1.0]
    let csc = methods.indices.map { m -> LineSeries in
      let y: [Double] = layers.indices.map { k -> Double in
        let kk = Double(k)
        return m == 3 ? 0.72 - 0.02 * kk : pow(rates[m], kk) * 0.8
      }
      return LineSeries(name: methods[m], y: y.map { $0 < 1e-13 ? 0 : $0 },
                        lower: y.map { max($0 * 0.5, 0) }, upper: y.map { min($0 * 1.6, 1) })
    }
    let cscChart = LineChart(title: "1 − CSC from the logits down (CIFAR CNN)", xLabel: "layer (injection at fc3)",
                             yLabel: "1 − median |cos|", categories: layers, yScale: .log10CSC, series: csc)
    let stages = ["original", "fc3", "fc2", "fc1", "conv4", "conv3", "conv2", "conv1"]
    let ssim = methods.indices.map { m -> LineSeries in
      let y: [Double] = stages.indices.map { k -> Double in
        let kk = Double(k)
        return m < 2 ? 1 - 0.02 * kk : exp(-0.5 * kk * Double(m))
      }
      return LineSeries(name: methods[m], y: y, lower: y.map { $0 - 0.05 }, upper: y.map { min($0 + 0.05, 1) })
    }
    let ssimChart = LineChart(title: "Cascading parameter randomization", xLabel: "randomized from the top down to",
                              yLabel: "SSIM (median, 99 % CI)", categories: stages, yRange: 0...1, series: ssim)
    var rng = SeededGenerator(seed: 3)
    var groups: [BoxPlot.Group] = []
    for (g, name) in ["VGG-16", "ResNet-50"].enumerated() {
      var samples: [[Double]] = []
      for m in methods.indices {
        let center: Double = (m < 2 ? 0.9 : 0.3) - 0.05 * Double(g)
        var sample: [Double] = []
        for _ in 0..<60 { sample.append(min(1, max(0, center + 0.08 * rng.nextGaussian()))) }
        samples.append(sample)
      }
      groups.append(BoxPlot.Group(name: name, values: samples))
    }
    let box = BoxPlot(title: "Random-logit test", xLabel: "method", yLabel: "SSIM(true class, random class)",
                      categories: methods, groups: groups, yRange: 0...1)
    let renderer = HeatmapRenderer(colorMap: .coldnhot)
    let input = HeatmapRenderer.inputImage(pattern(16, 16, seed: 1, noise: 0.3))
    var maps: [[RasterImage]] = []
    for m in methods.indices {
      var row: [RasterImage] = []
      for s in 0..<4 {
        let shift = Double(s * m)
        let noise = 0.05 * Double(s)
        row.append(renderer.image(pattern(12 + shift, 14, seed: UInt64(10 * m + s), noise: noise)))
      }
      maps.append(row)
    }
    let grid = HeatmapGrid.randomization(title: "Heatmaps under cascading randomization", input: input,
                                         methods: methods, stageLabels: ["original", "fc3", "conv4", "conv1"], maps: maps)
    // Numeric x: 1 − CSC after multiplying n random non-negative matrices, for three widths.
    let depth = (1...20).map(Double.init)
    let simulation = LineChart(
      title: "Random-matrix simulation", xLabel: "number of matrices multiplied", yLabel: "1 − CSC", yScale: .log10CSC,
      series: [10.0, 100, 1000].map { width in
        LineSeries(name: "width \(Int(width))", x: depth, y: depth.map { n in pow(2 / sqrt(width), n) * 0.5 }, style: nil)
      })
    let png = PNGEncoder().encodeData(renderer.image(pattern(16, 16, seed: 5, noise: 0.1)).upscaled(by: 4))
    return ReportDocument(
      title: "BackpropAudit sample report",
      lead: "Synthetic numbers that exercise every building block: tables, line charts on linear and log axes with confidence bands, box plots, heatmap grids, inline PNGs and JSON dumps.",
      sections: [
        ReportSection(title: "Theory versus experiment", blocks: [
          .paragraph("Each row states what the theory predicts and what the measurement found."),
          .table(ReportTable(header: ["method", "non-negative C_l", "1 − CSC at input", "verdict"],
                             alignments: [.left, .center, .right, .left],
                             rows: [["LRP α1β0 (z⁺)", "yes", "2.1e-11", "converges (theory + rank)"],
                                    ["LRP α2β1", "no", "3.4e-4", "converges (empirical)"],
                                    ["DeepLIFT rescale", "no", "0.031", "does not converge"],
                                    ["Gradient", "no", "0.58", "does not converge"]],
                             caption: "Verdicts")),
        ]),
        ReportSection(title: "CSC curves", blocks: [
          .svg(name: "csc-cifar", svg: cscChart.svg(), caption: "Median |cos| between relevance vectors of random starts, plotted as 1 − CSC."),
          .svg(name: "simulation", svg: simulation.svg(), caption: "Products of random non-negative matrices collapse to rank one."),
        ]),
        ReportSection(title: "Sanity checks", blocks: [
          .svg(name: "ssim-cascading", svg: ssimChart.svg(), caption: "SSIM to the original map after randomizing the top layers."),
          .svg(name: "random-logit", svg: box.svg(), caption: "SSIM between the maps of the true and a random class."),
        ]),
        ReportSection(title: "Heatmaps", blocks: [
          .svg(name: "heatmap-grid", svg: grid.svg(), caption: "Rows: methods; columns: input, original map, maps after randomization."),
          .png(name: "single-map", data: png, alt: "LRP α1β0 map", caption: "One map as a PNG, 4× nearest upscale."),
        ]),
        ReportSection(title: "Raw numbers", blocks: [
          .details(summary: "CSC medians (JSON)", text: "{\n  \"fc3\": 0.2,\n  \"conv1\": 0.99999999998\n}"),
          .code("bpaudit report --out report"),
        ]),
      ])
  }

  @Test("Writes index.html, report.md and the figure files; the PNGs decode")
  func writeSample() throws {
    let env = ProcessInfo.processInfo.environment["BPAUDIT_SAMPLE_REPORT_DIR"]
    let dir = env.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("reports-sample-\(UUID().uuidString)")
    defer { if env == nil { try? FileManager.default.removeItem(at: dir) } }
    let names = try SamplePageTests.document().write(to: dir)
    #expect(Set(names) == ["csc-cifar.svg", "simulation.svg", "ssim-cascading.svg", "random-logit.svg", "heatmap-grid.svg",
                           "single-map.png", "report.md", "index.html"])
    let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
    let xml = XMLCheck.parse(html)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    #expect(xml.elements.filter { $0 == "svg" }.count == 5)
    let png = try Data(contentsOf: dir.appendingPathComponent("single-map.png"))
    let decoded = try MiniPNGDecoder.decode([UInt8](png))
    #expect(decoded.width == 128 && decoded.height == 128)
  }

  /// Opens the sample page in headless Chromium and checks a screenshot of the expected size
  /// comes back. Skipped (with the reason in the test output) when no browser is installed.
  @Test("The sample page renders in headless Chromium", .enabled(if: BrowserScreenshot.findBrowser() != nil,
                                                                    "no chromium/google-chrome on PATH: screenshot skipped"))
  func screenshot() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-shot-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try SamplePageTests.document().write(to: dir)
    let shot = dir.appendingPathComponent("screenshot.png")
    try BrowserScreenshot.capture(page: dir.appendingPathComponent("index.html"), to: shot, width: 800, height: 600)
    let bytes = [UInt8](try Data(contentsOf: shot))
    #expect(bytes.starts(with: PNGEncoder.signature))
    // IHDR width and height, big-endian at offsets 16 and 20.
    let be = { (o: Int) in bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
    #expect(be(16) == 800 && be(20) == 600)
  }
}
