import Foundation
import Testing
import _BPTestSupport
import Networks
@testable import Reports

@Suite("Heatmap grids")
struct HeatmapGridTests {
  @Test("Randomization grid: input in the first column, PNG cells decode to the rendered pixels")
  func grid() throws {
    let input = HeatmapRenderer.inputImage(Tensor(shape: [3, 4, 4], scalars: (0..<48).map(Float.init)))
    let renderer = HeatmapRenderer(colorMap: .coldnhot)
    var maps: [[RasterImage]] = []
    for r in 0..<2 {
      var row: [RasterImage] = []
      for s in 0..<3 {
        var scalars: [Float] = []
        for k in 0..<48 { scalars.append(Float((k * (r + 2) + s * 7) % 11) - 5) }
        row.append(renderer.image(Tensor(shape: [3, 4, 4], scalars: scalars)))
      }
      maps.append(row)
    }
    let grid = HeatmapGrid.randomization(title: "Cascading randomization <VGG-16>", input: input,
                                         methods: ["LRP α1β0", "Gradient & co"], stageLabels: ["original", "fc3", "conv5_3"],
                                         maps: maps)
    let svg = grid.svg()
    let xml = XMLCheck.parse(svg)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    #expect(xml.count("image", class: "cell") == 2 * 4)
    #expect(xml.count("image", class: "color-bar") == 1)
    #expect(svg.contains("xmlns:xlink=\"http://www.w3.org/1999/xlink\""))
    #expect(svg.contains("Cascading randomization &lt;VGG-16&gt;") && svg.contains("Gradient &amp; co"))
    for label in ["image", "original", "fc3", "conv5_3"] { #expect(svg.contains(">\(label)</text>")) }
    // Cells in reading order: row 0 = input, maps[0][0…2]; row 1 = input, maps[1][0…2].
    let hrefs = zip(xml.elements, xml.attributes).filter { $0.0 == "image" && $0.1["class"] == "cell" }.map { $0.1["href"]! }
    let expected = [input] + maps[0] + [input] + maps[1]
    for (href, image) in zip(hrefs, expected) {
      let prefix = "data:image/png;base64,"
      #expect(href.hasPrefix(prefix))
      #expect(svg.contains("xlink:href=\"\(href)\""), "SVG 1.1 readers get the same URI")
      let bytes = try #require(Data(base64Encoded: String(href.dropFirst(prefix.count))))
      let decoded = try MiniPNGDecoder.decode([UInt8](bytes))
      #expect(decoded.width == image.width && decoded.samples == image.samples)
    }
  }

  @Test("Missing cells are gray squares; no colour bar when none is asked for")
  func missing() {
    let one = RasterImage(width: 1, height: 1, format: .gray8, samples: [9])
    let svg = HeatmapGrid(title: "t", rowLabels: ["a", "b"], columnLabels: ["x"], cells: [[one], [nil]]).svg()
    let xml = XMLCheck.parse(svg)
    #expect(xml.error == nil)
    #expect(xml.count("rect", class: "cell-missing") == 1)
    #expect(xml.count("image", class: "color-bar") == 0)
  }
}
