import Foundation

/// A self-contained SVG box plot: one box per category, or side-by-side boxes per category when
/// there are several groups (e.g. categories = methods, groups = networks), with a legend for the
/// groups. Each box shows Q1–Q3, the median line, whiskers (1.5 IQR) and outlier circles
/// (see ``BoxStatistics``).
///
/// Typical use: the random-logit test, SSIM between the map of the true class and of a random
/// class per method, on a fixed `[0, 1]` y range. `Codable`, like ``LineChart``.
public struct BoxPlot: Sendable, Equatable, Codable {
  /// One group of boxes: a name for the legend and the sample of every category.
  public struct Group: Sendable, Equatable, Codable {
    /// Legend text (may be empty when there is one group).
    public var name: String
    /// `values[c]` is the sample of category `c`; an empty sample draws no box.
    public var values: [[Double]]
    /// Explicit style, or `nil` for ``SeriesStyle/automatic(_:)`` by position.
    public var style: SeriesStyle?

    /// A group from its samples.
    public init(name: String, values: [[Double]], style: SeriesStyle? = nil) {
      self.name = name
      self.values = values
      self.style = style
    }
  }

  /// Chart title.
  public var title: String
  /// x-axis label.
  public var xLabel: String
  /// y-axis label.
  public var yLabel: String
  /// Category names along x.
  public var categories: [String]
  /// The groups; each must have one sample per category.
  public var groups: [Group]
  /// A fixed linear y range, or `nil` to fit the data.
  public var yRange: ClosedRange<Double>?
  /// Total width in pixels.
  public var width: Double
  /// Total height in pixels.
  public var height: Double

  /// A box plot. - Precondition: every group has `categories.count` samples.
  public init(title: String, xLabel: String, yLabel: String, categories: [String], groups: [Group],
              yRange: ClosedRange<Double>? = nil, width: Double = 640, height: Double = 400) {
    precondition(groups.allSatisfy { $0.values.count == categories.count },
                 "box plot \(title): every group needs \(categories.count) samples")
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.categories = categories
    self.groups = groups
    self.yRange = yRange
    self.width = width
    self.height = height
  }

  /// The summary of every (group, category) sample; `nil` where the sample is empty.
  public func statistics() -> [[BoxStatistics?]] { groups.map { $0.values.map { BoxStatistics($0) } } }

  /// The SVG document. Complexity: O(n log n) in the total number of values.
  public func svg() -> String {
    let stats = statistics()
    let allValues = groups.flatMap { $0.values.joined() }.filter { $0.isFinite }
    let probe = ResolvedAxis(scale: .linear, values: allValues, range: yRange, pixels: (0, 1), tickStyle: .plain)
    let left = 28 + (probe.ticks.map { SVGCanvas.textWidth($0.label) }.max() ?? 0) + 8
    let showLegend = groups.count > 1 || !(groups.first?.name.isEmpty ?? true)
    let legendWidth = showLegend ? 40 + (groups.map { SVGCanvas.textWidth(LineChart.shortened($0.name)) }.max() ?? 0) : 0
    let plotX0 = left, plotX1 = width - 12 - legendWidth
    let step = categories.isEmpty ? 1 : (plotX1 - plotX0) / Double(categories.count)
    let catWidth = categories.map { SVGCanvas.textWidth($0, fontSize: 11) }.max() ?? 0
    let rotate = catWidth > step * 0.9
    let tickBand = rotate ? catWidth * 0.55 + 12 : 20
    let plotY0 = 40.0, plotY1 = height - (8 + tickBand + 22)
    precondition(plotX1 - plotX0 > 40 && plotY1 - plotY0 > 40, "box plot \(title) is too small for its labels")
    let axis = ResolvedAxis(scale: .linear, values: allValues, range: yRange, pixels: (plotY1, plotY0), tickStyle: .plain)
    func py(_ v: Double) -> Double {
      axis.pixel(yRange.map { min(max(v, $0.lowerBound), $0.upperBound) } ?? v)
    }

    var c = SVGCanvas(width: width, height: height)
    for t in axis.ticks {
      let y = py(t.value)
      c.line(plotX0, y, plotX1, y, [("stroke", "#e3e3e3")])
      c.text(plotX0 - 6, y + 4, t.label, anchor: "end", [("class", "tick-label")])
    }
    let slot = step * 0.8 / Double(max(groups.count, 1))
    let boxWidth = min(slot * 0.8, 60)
    for (ci, name) in categories.enumerated() {
      let center = plotX0 + (Double(ci) + 0.5) * step
      c.line(center, plotY1, center, plotY1 + 5, [("stroke", "#444444")])
      if rotate {
        c.text(center + 3, plotY1 + 14, name, anchor: "end", rotate: -40, [("class", "tick-label"), ("font-size", "11")])
      } else {
        c.text(center, plotY1 + 18, name, anchor: "middle", [("class", "tick-label"), ("font-size", "11")])
      }
      for (gi, group) in groups.enumerated() {
        guard let s = stats[gi][ci] else { continue }
        let color = (group.style ?? .automatic(gi)).color.hexString
        let x = center - step * 0.4 + (Double(gi) + 0.5) * slot
        let stroke: [(String, String)] = [("stroke", color), ("stroke-width", "1.5")]
        c.line(x, py(s.lowerWhisker), x, py(s.lowerQuartile), [("class", "whisker")] + stroke)
        c.line(x, py(s.upperQuartile), x, py(s.upperWhisker), [("class", "whisker")] + stroke)
        c.line(x - boxWidth / 4, py(s.lowerWhisker), x + boxWidth / 4, py(s.lowerWhisker), [("class", "whisker-cap")] + stroke)
        c.line(x - boxWidth / 4, py(s.upperWhisker), x + boxWidth / 4, py(s.upperWhisker), [("class", "whisker-cap")] + stroke)
        let top = py(s.upperQuartile), bottom = py(s.lowerQuartile)
        c.rect(x - boxWidth / 2, top, boxWidth, max(bottom - top, 0.5),
               [("class", "box"), ("fill", color), ("fill-opacity", "0.25")] + stroke)
        c.line(x - boxWidth / 2, py(s.median), x + boxWidth / 2, py(s.median),
               [("class", "median"), ("stroke", color), ("stroke-width", "2.5")])
        for o in s.outliers {
          c.circle(x, py(o), 2.5, [("class", "outlier"), ("fill", "none"), ("stroke", color)])
        }
      }
    }
    c.rect(plotX0, plotY0, plotX1 - plotX0, plotY1 - plotY0, [("fill", "none"), ("stroke", "#444444")])
    if showLegend {
      for (gi, group) in groups.enumerated() {
        let color = (group.style ?? .automatic(gi)).color.hexString
        let y = plotY0 + 10 + Double(gi) * 18
        c.rect(plotX1 + 12, y - 6, 24, 12, [("fill", color), ("fill-opacity", "0.25"), ("stroke", color)])
        c.text(plotX1 + 42, y + 4, LineChart.shortened(group.name), [("class", "legend-label")])
      }
    }
    c.text(width / 2, 22, title, anchor: "middle", [("class", "chart-title"), ("font-size", "15"), ("font-weight", "bold")])
    c.text((plotX0 + plotX1) / 2, plotY1 + tickBand + 22, xLabel, anchor: "middle", [("class", "axis-label")])
    c.text(16, (plotY0 + plotY1) / 2, yLabel, anchor: "middle", rotate: -90, [("class", "axis-label")])
    return c.finish(title: title, cssClass: "chart box-plot")
  }
}
