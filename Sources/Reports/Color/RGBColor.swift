/// An 8-bit sRGB colour.
public struct RGBColor: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Red, 0…255.
  public var red: UInt8
  /// Green, 0…255.
  public var green: UInt8
  /// Blue, 0…255.
  public var blue: UInt8

  /// A colour from its three 8-bit components.
  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// A colour from a 24-bit `0xRRGGBB` literal.
  public init(hex: UInt32) {
    precondition(hex <= 0xFF_FFFF, "RGB hex literal must fit 24 bits")
    self.init(red: UInt8(hex >> 16), green: UInt8(truncatingIfNeeded: hex >> 8), blue: UInt8(truncatingIfNeeded: hex))
  }

  /// A colour from unit-interval components, each clamped to [0, 1] and rounded to the nearest
  /// of 0…255 (`round(255·c)`); NaN maps to 0.
  public init(unitRed r: Double, green g: Double, blue b: Double) {
    func byte(_ c: Double) -> UInt8 { c.isNaN ? 0 : UInt8((min(max(c, 0), 1) * 255).rounded()) }
    self.init(red: byte(r), green: byte(g), blue: byte(b))
  }

  /// The CSS/SVG form `#rrggbb`, lower-case.
  public var hexString: String {
    let digits = Array("0123456789abcdef")
    var s = "#"
    for c in [red, green, blue] {
      s.append(digits[Int(c >> 4)])
      s.append(digits[Int(c & 15)])
    }
    return s
  }

  /// Same as ``hexString``.
  public var description: String { hexString }
}
