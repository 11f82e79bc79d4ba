/// How one series is drawn: stroke colour, dash pattern, markers.
public struct SeriesStyle: Sendable, Hashable, Codable {
  /// Line (and marker, band, box) colour.
  public var color: RGBColor
  /// SVG `stroke-dasharray` (e.g. `"6 3"`); empty for a solid line.
  public var dash: String
  /// Whether each data point gets a small circle.
  public var markers: Bool

  /// A style from its parts.
  public init(color: RGBColor, dash: String = "", markers: Bool = true) {
    self.color = color
    self.dash = dash
    self.markers = markers
  }

  /// The Okabe–Ito colour-blind-safe palette (yellow replaced by gray for contrast on white).
  public static let palette: [RGBColor] = [
    RGBColor(hex: 0x0072B2), RGBColor(hex: 0xD55E00), RGBColor(hex: 0x009E73), RGBColor(hex: 0xCC79A7),
    RGBColor(hex: 0xE69F00), RGBColor(hex: 0x56B4E9), RGBColor(hex: 0x000000), RGBColor(hex: 0x888888),
  ]

  /// Dash patterns cycled alongside the colours, so series stay apart in grayscale print.
  public static let dashes: [String] = ["", "6 3", "2 3", "8 3 2 3"]

  /// The default style of the `index`-th series: colour `palette[i mod 8]`, dash
  /// `dashes[(i + ⌊i/8⌋) mod 4]`: the first eight as colour and dash pairs, each further eight
  /// with the dashes shifted by one, so the first 32 series (8 colours × 4 dashes) are all distinct.
  /// Markers on.
  public static func automatic(_ index: Int) -> SeriesStyle {
    SeriesStyle(color: palette[index % palette.count], dash: dashes[(index + index / palette.count) % dashes.count])
  }
}
