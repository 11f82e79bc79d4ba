import Foundation

/// A labelled grid of images as one self-contained SVG figure (PNG cells embedded as
/// `data:image/png;base64,…`), like the paper's Figure 1: rows are methods, columns are the input
/// image, the original map and the maps after each randomization step.
///
/// Cells are drawn `cellSize × cellSize` (aspect preserved, pixelated scaling so small maps stay
/// crisp); a missing cell is a gray square. An optional colour bar explains the map's colours.
public struct HeatmapGrid: Sendable {
  /// Figure title (top).
  public var title: String
  /// One label per row (left).
  public var rowLabels: [String]
  /// One label per column (top).
  public var columnLabels: [String]
  /// `cells[r][c]`, or `nil` for an empty cell.
  public var cells: [[RasterImage?]]
  /// Displayed edge length of each cell in pixels.
  public var cellSize: Double
  /// The colour map of the heatmaps, drawn as a bar under the grid; `nil` for none.
  public var colorBar: ColorMap?
  /// Text beside the colour bar saying how each map's limit was chosen.
  public var colorBarCaption: String

  /// A grid. - Precondition: `cells` has `rowLabels.count` rows of `columnLabels.count` cells.
  public init(title: String, rowLabels: [String], columnLabels: [String], cells: [[RasterImage?]],
              cellSize: Double = 96, colorBar: ColorMap? = nil,
              colorBarCaption: String = "limit = 99.5th percentile of |R|, per map") {
    precondition(cells.count == rowLabels.count && cells.allSatisfy { $0.count == columnLabels.count },
                 "heatmap grid \(title): cells must be \(rowLabels.count) × \(columnLabels.count)")
    precondition(cellSize >= 8, "cellSize must be at least 8 px")
    self.title = title
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.cells = cells
    self.cellSize = cellSize
    self.colorBar = colorBar
    self.colorBarCaption = colorBarCaption
  }

  /// A randomization grid: the first column shows `input` in every row (labelled
  /// `inputLabel`), the others `maps[r][k]` under `stageLabels[k]`.
  /// - Precondition: `maps` has `methods.count` rows of `stageLabels.count` images.
  public static func randomization(title: String, input: RasterImage, inputLabel: String = "image",
                                   methods: [String], stageLabels: [String], maps: [[RasterImage]],
                                   colorBar: ColorMap? = .coldnhot, cellSize: Double = 96) -> HeatmapGrid {
    precondition(maps.count == methods.count, "need one row of maps per method")
    return HeatmapGrid(title: title, rowLabels: methods, columnLabels: [inputLabel] + stageLabels,
                       cells: maps.map { [input] + $0.map { Optional($0) } }, cellSize: cellSize, colorBar: colorBar)
  }

  /// `data:image/png;base64,…` for an image.
  public static func dataURI(_ image: RasterImage, encoder: PNGEncoder = PNGEncoder()) -> String {
    "data:image/png;base64," + encoder.encodeData(image).base64EncodedString()
  }

  /// ` href="…" xlink:href="…"` with the image's data URI: SVG 2 readers use `href`, older ones
  /// (SVG 1.1 tools, some converters) need `xlink:href`.
  static func hrefs(_ image: RasterImage) -> String {
    let uri = dataURI(image)
    return " href=\"\(uri)\" xlink:href=\"\(uri)\""
  }

  /// The SVG document. Complexity: PNG-encodes every cell once.
  public func svg() -> String {
    let gap = 6.0
    let labelWidth = (rowLabels.map { SVGCanvas.textWidth($0) }.max() ?? 0) + 14
    let longest = columnLabels.map { SVGCanvas.textWidth($0) }.max() ?? 0
    let rotate = longest > cellSize
    let header = 34 + (rotate ? longest * 0.6 + 6 : 18)
    let gridWidth = Double(columnLabels.count) * (cellSize + gap)
    let gridHeight = Double(rowLabels.count) * (cellSize + gap)
    let barHeight = colorBar == nil ? 0.0 : 44
    let barWidth = min(gridWidth - gap, 256)
    let captionWidth = colorBar.map { SVGCanvas.textWidth("\($0.name): \(colorBarCaption)", fontSize: 11) + 20 } ?? 0
    let width = max(labelWidth + gridWidth + 10, SVGCanvas.textWidth(title, fontSize: 15) + 20,
                    labelWidth + barWidth + captionWidth)
    let height = header + gridHeight + barHeight + 6
    var c = SVGCanvas(width: width, height: height)
    c.text(width / 2, 22, title, anchor: "middle", [("class", "chart-title"), ("font-size", "15"), ("font-weight", "bold")])
    for (k, label) in columnLabels.enumerated() {
      let x = labelWidth + Double(k) * (cellSize + gap) + cellSize / 2
      if rotate {
        c.text(x, header - 6, label, anchor: "start", rotate: -35, [("class", "column-label")])
      } else {
        c.text(x, header - 8, label, anchor: "middle", [("class", "column-label")])
      }
    }
    for (r, label) in rowLabels.enumerated() {
      let y = header + Double(r) * (cellSize + gap)
      c.text(labelWidth - 8, y + cellSize / 2 + 4, label, anchor: "end", [("class", "row-label")])
      for (k, cell) in cells[r].enumerated() {
        let x = labelWidth + Double(k) * (cellSize + gap)
        if let image = cell {
          c.raw("<image class=\"cell\" x=\"\(SVGCanvas.num(x))\" y=\"\(SVGCanvas.num(y))\" width=\"\(SVGCanvas.num(cellSize))\" height=\"\(SVGCanvas.num(cellSize))\" preserveAspectRatio=\"xMidYMid meet\" style=\"image-rendering:pixelated\"\(HeatmapGrid.hrefs(image))/>")
        } else {
          c.rect(x, y, cellSize, cellSize, [("class", "cell-missing"), ("fill", "#eeeeee")])
        }
      }
    }
    if let map = colorBar {
      let y = header + gridHeight + 6
      let x = labelWidth
      let row = map.lookupTable().flatMap { [$0.red, $0.green, $0.blue] }
      let bar = RasterImage(width: 256, height: 1, format: .rgb8, samples: row)
      c.raw("<image class=\"color-bar\" x=\"\(SVGCanvas.num(x))\" y=\"\(SVGCanvas.num(y))\" width=\"\(SVGCanvas.num(barWidth))\" height=\"12\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\"\(HeatmapGrid.hrefs(bar))/>")
      c.rect(x, y, barWidth, 12, [("fill", "none"), ("stroke", "#888888")])
      let labels = map.isDiverging ? ["−limit", "0", "+limit"] : ["0", "", "limit"]
      for (i, l) in labels.enumerated() where !l.isEmpty {
        c.text(x + barWidth * Double(i) / 2, y + 26, l, anchor: ["start", "middle", "end"][i], [("class", "tick-label"), ("font-size", "11")])
      }
      c.text(x + barWidth + 10, y + 10, "\(map.name): \(colorBarCaption)",
             [("class", "chart-note"), ("font-size", "11"), ("fill", "#555555")])
    }
    return c.finish(title: title, cssClass: "figure heatmap-grid", xlink: true)
  }
}
