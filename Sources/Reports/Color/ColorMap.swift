/// A piecewise-linear colour map from [0, 1] to RGB, defined by anchor colours.
///
/// Between two anchors at positions `p₀ < p₁` the colour is interpolated linearly per channel in
/// the unit interval and rounded to 8 bits at the end. Positions outside [0, 1] are clamped; NaN
/// maps to the colour at 0.5 (the centre of a diverging map, i.e. "no relevance").
///
/// Diverging maps (``isDiverging``) are meant for signed data with symmetric limits: use
/// ``color(forSigned:limit:)``, which maps `−limit → 0`, `0 → 0.5`, `+limit → 1`.
public struct ColorMap: Sendable, Hashable {
  /// One anchor: a position in [0, 1] and its colour as unit-interval RGB.
  public struct Anchor: Sendable, Hashable {
    /// Where the anchor sits, 0…1.
    public var position: Double
    /// Red, green, blue in [0, 1].
    public var red: Double, green: Double, blue: Double

    /// An anchor at `position` with unit-interval components.
    public init(_ position: Double, _ red: Double, _ green: Double, _ blue: Double) {
      self.position = position
      self.red = red
      self.green = green
      self.blue = blue
    }
  }

  /// The map's name as used on the command line and in reports (`seismic`, `bwr`, …).
  public let name: String
  /// Anchors sorted by position; the first at 0, the last at 1.
  public let anchors: [Anchor]
  /// Whether the map is meant for signed data centred at 0.
  public let isDiverging: Bool

  /// A map from its anchors.
  /// - Precondition: at least two anchors, positions non-decreasing from exactly 0 to exactly 1.
  public init(name: String, anchors: [Anchor], isDiverging: Bool) {
    precondition(anchors.count >= 2, "colour map \(name) needs at least two anchors")
    precondition(anchors.first?.position == 0 && anchors.last?.position == 1, "colour map \(name) must span [0, 1]")
    precondition(zip(anchors, anchors.dropFirst()).allSatisfy { $0.position <= $1.position },
                 "colour map \(name) anchors must be sorted")
    self.name = name
    self.anchors = anchors
    self.isDiverging = isDiverging
  }

  /// The colour at `t` ∈ [0, 1] (clamped; NaN → 0.5). Complexity: O(anchors).
  public func color(at t: Double) -> RGBColor {
    let x = t.isNaN ? 0.5 : min(max(t, 0), 1)
    var k = 1
    while k < anchors.count - 1 && anchors[k].position < x { k += 1 }
    let lo = anchors[k - 1], hi = anchors[k]
    let span = hi.position - lo.position
    let f = span > 0 ? (x - lo.position) / span : 1
    return RGBColor(
      unitRed: lo.red + f * (hi.red - lo.red),
      green: lo.green + f * (hi.green - lo.green),
      blue: lo.blue + f * (hi.blue - lo.blue))
  }

  /// The colour of a signed value under symmetric limits: `t = (value / limit + 1) / 2`, so
  /// `−limit` → `color(at: 0)`, `0` → `color(at: 0.5)`, `+limit` → `color(at: 1)`; values beyond
  /// the limits saturate. A non-positive limit maps everything to the centre.
  public func color(forSigned value: Double, limit: Double) -> RGBColor {
    guard limit > 0 else { return color(at: 0.5) }
    return color(at: (value / limit + 1) / 2)
  }

  /// A 256-entry lookup table, `table[i] = color(at: i / 255)`.
  public func lookupTable() -> [RGBColor] { (0..<256).map { color(at: Double($0) / 255) } }
}
