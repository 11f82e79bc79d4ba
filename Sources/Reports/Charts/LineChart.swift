import Foundation

/// A self-contained SVG line chart: title, axes with ticks and grid, linear or log10 y scale,
/// numeric or categorical x, several series with distinct colours and dash patterns, shaded
/// confidence bands, and a legend. No scripts; all text escaped; output is byte-stable.
///
/// Typical uses: `1 − CSC` per layer on ``AxisScale/log10CSC`` with layer names as categories;
/// SSIM against the number of randomized layers with bootstrap bands.
///
/// `Codable`, so a report can store the numbers behind each figure as JSON; NaN gaps need a
/// `JSONEncoder.nonConformingFloatEncodingStrategy`.
public struct LineChart: Sendable, Equatable, Codable {
  /// Chart title (top, bold).
  public var title: String
  /// x-axis label.
  public var xLabel: String
  /// y-axis label (rotated, left).
  public var yLabel: String
  /// Category names for a categorical x axis (series x values are then indices), or `nil` for
  /// a numeric x axis.
  public var categories: [String]?
  /// The y scale.
  public var yScale: AxisScale
  /// A fixed y range, or `nil` to fit the data (log: whole decades). Values outside are drawn at
  /// the nearest edge.
  public var yRange: ClosedRange<Double>?
  /// Decade label style on a log axis.
  public var logTickStyle: LogTickStyle
  /// The curves, drawn in order.
  public var series: [LineSeries]
  /// Total width in pixels.
  public var width: Double
  /// Total height in pixels.
  public var height: Double

  /// A chart; see the properties for the meaning of each argument.
  public init(title: String, xLabel: String, yLabel: String, categories: [String]? = nil,
              yScale: AxisScale = .linear, yRange: ClosedRange<Double>? = nil,
              logTickStyle: LogTickStyle = .plain, series: [LineSeries] = [],
              width: Double = 640, height: Double = 400) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.categories = categories
    self.yScale = yScale
    self.yRange = yRange
    self.logTickStyle = logTickStyle
    self.series = series
    self.width = width
    self.height = height
  }

  /// Clamps a y value into what the axis can show; returns the value and whether it was moved
  /// up to a log floor (NaN stays NaN).
  private func visible(_ v: Double) -> (Double, Bool) {
    guard !v.isNaN else { return (v, false) }
    var x = v
    var clipped = false
    if case .log10(let floor) = yScale, !(x >= floor) { x = floor; clipped = true }
    if let r = yRange { x = min(max(x, r.lowerBound), r.upperBound) }
    return (x, clipped)
  }

  /// The SVG document. Complexity: O(total points).
  public func svg() -> String {
    var clippedCount = 0, nonPositiveCount = 0
    var allY: [Double] = []
    for s in series {
      for v in s.y + (s.lower ?? []) + (s.upper ?? []) {
        let (c, clipped) = visible(v)
        if clipped { clippedCount += 1 }
        if v <= 0 { nonPositiveCount += 1 }
        allY.append(c)
      }
    }
    let floorNote: String? = {
      guard clippedCount > 0, case .log10(let floor) = yScale else { return nil }
      let e = log10(floor)
      let label = e == e.rounded() ? ResolvedAxis.decadeLabel(Int(e), style: .plain) : "\(floor)"
      let plural = clippedCount == 1 ? "value" : "values"
      let zeros = nonPositiveCount == 0 ? "" : " (\(nonPositiveCount) of them ≤ 0)"
      return "\(clippedCount) \(plural) below \(label)\(zeros) drawn at \(label), the axis floor."
    }()
    // Horizontal layout: y label, tick labels, plot, legend.
    let probeAxis = ResolvedAxis(scale: yScale, values: allY, range: yRange, pixels: (0, 1), tickStyle: logTickStyle)
    let tickWidth = probeAxis.ticks.map { SVGCanvas.textWidth($0.label) }.max() ?? 0
    let left = 28 + tickWidth + 8
    let legendNames = series.map { LineChart.shortened($0.name) }
    let legendWidth = series.isEmpty ? 0 : 40 + (legendNames.map { SVGCanvas.textWidth($0) }.max() ?? 0)
    let plotX0 = left, plotX1 = width - 12 - legendWidth
    // Vertical layout: title, plot, x tick labels (rotated if crowded), x label, note.
    let cats = categories ?? []
    let step = cats.isEmpty ? 0 : (plotX1 - plotX0) / Double(cats.count)
    let catWidth = cats.map { SVGCanvas.textWidth($0, fontSize: 11) }.max() ?? 0
    let rotate = !cats.isEmpty && catWidth > step * 0.9
    let tickBand = rotate ? catWidth * 0.55 + 12 : 20
    let bottom = 8 + tickBand + 22 + (floorNote == nil ? 0 : 18)
    let plotY0 = 40.0, plotY1 = height - bottom
    precondition(plotX1 - plotX0 > 40 && plotY1 - plotY0 > 40, "chart \(title) is too small for its labels")

    let yAxis = ResolvedAxis(scale: yScale, values: allY, range: yRange, pixels: (plotY1, plotY0), tickStyle: logTickStyle)
    let xValues = series.flatMap { $0.x }.filter { $0.isFinite }
    // Numeric x keeps a small margin inside the frame so end markers are not cut by it.
    let xAxis = ResolvedAxis(scale: .linear, values: xValues, range: nil, pixels: (plotX0 + 8, plotX1 - 8), tickStyle: .plain)
    func px(_ x: Double) -> Double { cats.isEmpty ? xAxis.pixel(x) : plotX0 + (x + 0.5) * step }
    func py(_ y: Double) -> Double { yAxis.pixel(y) }

    var c = SVGCanvas(width: width, height: height)
    // Grid and y ticks.
    for t in yAxis.ticks {
      let y = py(t.value)
      c.line(plotX0, y, plotX1, y, [("stroke", "#e3e3e3"), ("stroke-width", "1")])
      c.text(plotX0 - 6, y + 4, t.label, anchor: "end", [("class", "tick-label")])
    }
    // x ticks.
    if cats.isEmpty {
      for t in xAxis.ticks {
        let x = px(t.value)
        c.line(x, plotY1, x, plotY1 + 5, [("stroke", "#444444")])
        c.text(x, plotY1 + 18, t.label, anchor: "middle", [("class", "tick-label")])
      }
    } else {
      for (i, name) in cats.enumerated() {
        let x = px(Double(i))
        c.line(x, plotY0, x, plotY1, [("stroke", "#f0f0f0")])
        c.line(x, plotY1, x, plotY1 + 5, [("stroke", "#444444")])
        if rotate {
          c.text(x + 3, plotY1 + 14, name, anchor: "end", rotate: -40, [("class", "tick-label"), ("font-size", "11")])
        } else {
          c.text(x, plotY1 + 18, name, anchor: "middle", [("class", "tick-label"), ("font-size", "11")])
        }
      }
    }
    c.rect(plotX0, plotY0, plotX1 - plotX0, plotY1 - plotY0, [("fill", "none"), ("stroke", "#444444")])
    // Bands, then lines and markers on top.
    for (i, s) in series.enumerated() {
      guard let lower = s.lower, let upper = s.upper else { continue }
      let style = s.style ?? .automatic(i)
      var runs: [[(Double, Double)]] = [[]]
      var lowerRuns: [[(Double, Double)]] = [[]]
      for k in s.x.indices {
        let (l, _) = visible(lower[k]), (u, _) = visible(upper[k])
        if l.isNaN || u.isNaN || !s.x[k].isFinite {
          runs.append([]); lowerRuns.append([])
          continue
        }
        runs[runs.count - 1].append((px(s.x[k]), py(u)))
        lowerRuns[lowerRuns.count - 1].append((px(s.x[k]), py(l)))
      }
      let polygons = zip(runs, lowerRuns).filter { !$0.0.isEmpty }.map { $0.0 + $0.1.reversed() }
      c.path(polygons, closed: true, [("class", "band"), ("fill", style.color.hexString), ("fill-opacity", "0.18"), ("stroke", "none")])
    }
    for (i, s) in series.enumerated() {
      let style = s.style ?? .automatic(i)
      var runs: [[(Double, Double)]] = [[]]
      for k in s.x.indices {
        let (y, _) = visible(s.y[k])
        if y.isNaN || !s.x[k].isFinite { runs.append([]); continue }
        runs[runs.count - 1].append((px(s.x[k]), py(y)))
      }
      var attrs: [(String, String)] = [("class", "series"), ("fill", "none"), ("stroke", style.color.hexString),
                                       ("stroke-width", "2"), ("stroke-linejoin", "round")]
      if !style.dash.isEmpty { attrs.append(("stroke-dasharray", style.dash)) }
      c.path(runs, attrs)
      if style.markers {
        for p in runs.joined() { c.circle(p.0, p.1, 3, [("class", "marker"), ("fill", style.color.hexString)]) }
      }
    }
    // Legend.
    for (i, s) in series.enumerated() {
      let style = s.style ?? .automatic(i)
      let y = plotY0 + 10 + Double(i) * 18
      let x = plotX1 + 12
      var attrs: [(String, String)] = [("stroke", style.color.hexString), ("stroke-width", "2")]
      if !style.dash.isEmpty { attrs.append(("stroke-dasharray", style.dash)) }
      if s.lower != nil { c.rect(x, y - 6, 24, 12, [("fill", style.color.hexString), ("fill-opacity", "0.18")]) }
      c.line(x, y, x + 24, y, attrs)
      c.text(x + 30, y + 4, legendNames[i], [("class", "legend-label")])
    }
    // Title, axis labels, note.
    c.text(width / 2, 22, title, anchor: "middle", [("class", "chart-title"), ("font-size", "15"), ("font-weight", "bold")])
    c.text((plotX0 + plotX1) / 2, plotY1 + tickBand + 22, xLabel, anchor: "middle", [("class", "axis-label")])
    c.text(16, (plotY0 + plotY1) / 2, yLabel, anchor: "middle", rotate: -90, [("class", "axis-label")])
    if let note = floorNote {
      c.text(plotX0, height - 8, note, [("class", "chart-note"), ("font-size", "11"), ("fill", "#555555")])
    }
    return c.finish(title: title, cssClass: "chart line-chart")
  }

  /// Legend names longer than 40 characters end in "…".
  static func shortened(_ name: String) -> String { name.count > 40 ? String(name.prefix(39)) + "…" : name }
}
