import Foundation
import Testing
@testable import Reports

@Suite("SVG charts")
struct ChartTests {
  @Test("Line chart: one path per series, bands, legend, escaped text, well-formed XML")
  func lineChart() throws {
    let chart = LineChart(
      title: "SSIM <after> randomization & \"friends\"", xLabel: "randomized layers", yLabel: "SSIM",
      categories: ["orig", "fc3", "conv5_3", "conv4_1"], yRange: 0...1,
      series: [
        LineSeries(name: "LRP α1β0", y: [1, 0.9, 0.85, 0.8], lower: [0.95, 0.85, 0.8, 0.7], upper: [1, 0.95, 0.9, 0.85]),
        LineSeries(name: "Gradient", y: [1, 0.3, .nan, 0.1]),
        LineSeries(name: "Guided BP <GBP>", y: [1, 0.7, 0.6, 0.5]),
      ])
    let svg = chart.svg()
    let xml = XMLCheck.parse(svg)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    #expect(xml.count("path", class: "series") == 3)
    #expect(xml.count("path", class: "band") == 1)
    #expect(xml.count("circle", class: "marker") == 4 + 3 + 4, "NaN points get no marker")
    #expect(svg.contains("SSIM &lt;after&gt; randomization &amp; &quot;friends&quot;"))
    #expect(svg.contains("Guided BP &lt;GBP&gt;"))
    #expect(!svg.contains("<after>") && !svg.contains("<GBP>"))
    // The NaN splits the Gradient line into two runs: two "M" commands in its path.
    let gradientPath = String(svg.split(separator: "\n").filter { $0.contains("class=\"series\"") }[1])
    #expect(gradientPath.occurrences(of: "M") == 2)
    // Linear ticks 0, 0.2, …, 1 on the fixed range.
    for label in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"] { #expect(svg.contains(">\(label)</text>"), "tick \(label)") }
  }

  @Test("Log axis down to 1e-12: every decade labelled, values ≤ 0 clipped with a note")
  func logAxis() {
    let chart = LineChart(
      title: "1 − CSC", xLabel: "layer", yLabel: "1 − CSC", categories: ["fc3", "fc2", "conv5", "input"],
      yScale: .log10CSC,
      series: [LineSeries(name: "z+", y: [0.5, 1e-3, 0, -1]), LineSeries(name: "grad", y: [0.5, 0.4, 0.45, 0.3])])
    let svg = chart.svg()
    #expect(XMLCheck.parse(svg).error == nil)
    var expected = (3...12).map { "1e-\($0)" }
    expected += ["0.01", "0.1", "1"]
    for label in expected { #expect(svg.occurrences(of: ">\(label)</text>") == 1, "tick \(label)") }
    #expect(!svg.contains(">1e-13<") && !svg.contains(">10</text>"))
    #expect(svg.contains("2 values below 1e-12 (2 of them ≤ 0) drawn at 1e-12, the axis floor."))
    // The clipped points sit on the bottom edge: same y as the 1e-12 tick's grid line.
    let oneMinus = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: .log10CSC, logTickStyle: .oneMinus,
                             series: [LineSeries(name: "s", x: [0, 1], y: [1e-6, 0.1])]).svg()
    #expect(oneMinus.contains(">1 − 1e-6</text>") && oneMinus.contains(">1 − 0.1</text>"))
    #expect(!oneMinus.contains("drawn at"), "no note when nothing is clipped")
    let tiny = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: .log10CSC,
                         series: [LineSeries(name: "s", x: [0, 1], y: [1e-14, 0.1])]).svg()
    #expect(tiny.contains(">1 value below 1e-12 drawn at 1e-12, the axis floor.</text>"))
  }

  @Test("Axis helpers: nice steps and decade labels")
  func axisHelpers() {
    #expect(ResolvedAxis.niceStep(0.23) == 0.5)
    #expect(ResolvedAxis.niceStep(0.2) == 0.2)
    #expect(ResolvedAxis.niceStep(7) == 10)
    #expect(ResolvedAxis.decadeLabel(-12, style: .plain) == "1e-12")
    #expect(ResolvedAxis.decadeLabel(3, style: .plain) == "1e3")
    #expect(ResolvedAxis.decadeLabel(0, style: .oneMinus) == "0")
    // 20 decades: every 2nd labelled so the axis stays legible.
    let axis = ResolvedAxis(scale: .log10(floor: 1e-20), values: [1e-20, 1], range: nil, pixels: (0, 100), tickStyle: .plain)
    #expect(axis.ticks.count == 11)
  }

  @Test("Automatic styles: the first eight series differ in colour, and dash patterns cycle")
  func styles() {
    let styles = (0..<8).map(SeriesStyle.automatic)
    #expect(Set(styles.map(\.color)).count == 8)
    #expect(Set(styles.map(\.dash)).count == 4)
    // 8 colours × 4 dashes: the first 32 series (the report charts up to 27 methods) are all distinct.
    #expect(Set((0..<32).map(SeriesStyle.automatic)).count == 32)
  }

  @Test("Box statistics against hand-computed quartiles, whiskers and outliers")
  func boxStatistics() throws {
    // n = 10: Q1 at h = 2.25 → 3.25, median at 4.5 → 5.5, Q3 at 6.75 → 7.75; IQR 4.5;
    // fences −3.5 and 14.5 → whiskers 1 and 9, outlier 100.
    let a = try #require(BoxStatistics([100, 9, 8, 7, 6, 5, 4, 3, 2, 1]))
    #expect(a.count == 10)
    #expect(a.lowerQuartile == 3.25 && a.median == 5.5 && a.upperQuartile == 7.75)
    #expect(a.lowerWhisker == 1 && a.upperWhisker == 9 && a.outliers == [100])
    // n = 6: Q1 10.25, median 11.5, Q3 12.75; IQR 2.5; fences 6.5 and 16.5.
    let b = try #require(BoxStatistics([10, 11, 12, 13, 14, -50, .nan]))
    #expect(b.count == 6)
    #expect(b.lowerQuartile == 10.25 && b.median == 11.5 && b.upperQuartile == 12.75)
    #expect(b.lowerWhisker == 10 && b.upperWhisker == 14 && b.outliers == [-50])
    #expect(BoxStatistics([.nan]) == nil)
    let single = try #require(BoxStatistics([0.4]))
    #expect(single.median == 0.4 && single.lowerWhisker == 0.4 && single.outliers.isEmpty)
  }

  @Test("Box plot: one box per (group, category), outliers drawn, legend for groups, XML well-formed")
  func boxPlot() {
    let plot = BoxPlot(
      title: "Random logit: SSIM(true, random)", xLabel: "method", yLabel: "SSIM",
      categories: ["LRP α1β0", "Gradient", "DeepLIFT"],
      groups: [
        BoxPlot.Group(name: "VGG-16", values: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 100], [0.1, 0.2], [0.5]]),
        BoxPlot.Group(name: "ResNet-50", values: [[10, 11, 12, 13, 14, -50], [], [0.3, 0.3]]),
      ])
    let svg = plot.svg()
    let xml = XMLCheck.parse(svg)
    #expect(xml.error == nil, "\(xml.error ?? "")")
    #expect(xml.count("rect", class: "box") == 5, "the empty sample draws no box")
    #expect(xml.count("line", class: "median") == 5)
    #expect(xml.count("circle", class: "outlier") == 2)
    #expect(svg.contains(">VGG-16</text>") && svg.contains(">ResNet-50</text>"))
    #expect(plot.statistics()[1][0]?.outliers == [-50])
  }

  @Test("Degenerate inputs still give well-formed charts: no series, one point, all NaN, constant data")
  func degenerate() {
    let charts = [
      LineChart(title: "empty", xLabel: "x", yLabel: "y"),
      LineChart(title: "empty log", xLabel: "x", yLabel: "y", yScale: .log10CSC),
      LineChart(title: "one", xLabel: "x", yLabel: "y", series: [LineSeries(name: "a", x: [3], y: [7])]),
      LineChart(title: "all missing", xLabel: "x", yLabel: "y", categories: ["a", "b"],
                series: [LineSeries(name: "a", y: [.nan, .nan], lower: [.nan, 0], upper: [.nan, 1])]),
      LineChart(title: "constant log", xLabel: "x", yLabel: "y", yScale: .log10CSC,
                series: [LineSeries(name: "a", x: [1, 2], y: [0, 0])]),
    ]
    for chart in charts {
      let svg = chart.svg()
      let xml = XMLCheck.parse(svg)
      #expect(xml.error == nil, "\(chart.title): \(xml.error ?? "")")
      #expect(!svg.contains("nan") && !svg.contains("inf"), "\(chart.title) printed a non-finite coordinate")
    }
    let box = BoxPlot(title: "no groups", xLabel: "x", yLabel: "y", categories: ["a"], groups: []).svg()
    #expect(XMLCheck.parse(box).error == nil)
  }

  @Test("Charts round-trip through JSON (NaN as a string) and render the same SVG")
  func codable() throws {
    let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", categories: ["a", "b", "c"], yScale: .log10CSC,
                          series: [LineSeries(name: "s", y: [0.5, .nan, 1e-3], lower: [0.4, .nan, 1e-4], upper: [0.6, .nan, 1e-2],
                                              style: SeriesStyle(color: RGBColor(hex: 0x123456), dash: "4 2"))])
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let back = try decoder.decode(LineChart.self, from: encoder.encode(chart))
    #expect(back.svg() == chart.svg())
    let plot = BoxPlot(title: "b", xLabel: "x", yLabel: "y", categories: ["a"], groups: [BoxPlot.Group(name: "g", values: [[1, 2, 3]])])
    #expect(try decoder.decode(BoxPlot.self, from: encoder.encode(plot)) == plot)
  }
}
