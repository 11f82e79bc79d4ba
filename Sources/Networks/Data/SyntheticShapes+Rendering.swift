import Foundation
import Matrices

extension SyntheticShapes {
  /// One object to paint: its class, square box, colours and texture phase.
  struct Object {
    var label: Int
    var top: Int
    var left: Int
    var side: Int
    var colour: [Float]
    /// The second colour of the textured classes: halfway between object and background.
    var alternate: [Float]
    var phase: Int

    /// Whether pixel `(i, j)` of the box (row, column from its top-left) belongs to the object,
    /// and with which of its two colours (`true` = main colour).
    /// Coordinates normalised to the box centre: `x, y ∈ (−½, ½)`.
    func paint(_ i: Int, _ j: Int) -> Bool? {
      let s = Float(side)
      let x = (Float(j) + 0.5) / s - 0.5
      let y = (Float(i) + 0.5) / s - 0.5
      let r2 = x * x + y * y
      let period = SyntheticShapes.texturePeriod(side: side)
      switch label {
      case 0: return true  // filled square
      case 1: return r2 <= 0.25 ? true : nil  // disk
      case 2: return abs(x) <= (y + 0.5) / 2 ? true : nil  // upward triangle
      case 3: return abs(x) <= 1 / 6 || abs(y) <= 1 / 6 ? true : nil  // plus
      case 4: return abs(x - y) <= 0.18 || abs(x + y) <= 0.18 ? true : nil  // X
      case 5: return r2 <= 0.25 && r2 >= 0.09 ? true : nil  // ring, radii 0.3…0.5
      case 6: return ((i + phase) / period) % 2 == 0  // horizontal stripes
      case 7: return ((j + phase) / period) % 2 == 0  // vertical stripes
      case 8: return ((i + j + phase) / period) % 2 == 0  // diagonal stripes
      default: return (((i + phase) / period) + ((j + phase) / period)) % 2 == 0  // checkerboard
      }
    }
  }

  /// Draws an object of class `label` in the box of side `side` at `(top, left)`, with a colour
  /// whose mean absolute difference from `background` is at least 0.35.
  static func drawObject(
    label: Int, top: Int, left: Int, side: Int, background: [Float], generator g: inout SeededGenerator
  ) -> Object {
    var colour = background
    repeat {
      colour = background.map { _ in unit(&g) }
    } while zip(colour, background).map { abs($0 - $1) }.reduce(0, +) / Float(background.count) < 0.35
    let alternate = zip(colour, background).map { ($0 + $1) / 2 }
    return Object(
      label: label, top: top, left: left, side: side, colour: colour, alternate: alternate,
      phase: Int(g.next() % UInt64(2 * texturePeriod(side: side))))
  }

  /// The stripe width (and checkerboard cell side) of the textured classes for an object of side
  /// `side`: `max(2, ⌊side / 6⌋)`.
  ///
  /// At least 2 because with period 1 diagonal stripes (`(i + j + φ) mod 2`) and the checkerboard
  /// (`(i + φ) + (j + φ) mod 2`) are the same pixel pattern, so the two classes could not be told
  /// apart; this happened for the small objects (sides below 12) of the 16×16 images.
  static func texturePeriod(side: Int) -> Int { max(2, side / 6) }

  /// Paints `objects` over a uniform `background` into one CHW image, adds N(0, noise²) noise
  /// clamped to [0, 1], and marks each object's pixels in `masks` (`objects.count × H × W`).
  static func render(
    objects: [Object], background: [Float], size: Size, noise: Float, generator g: inout SeededGenerator,
    image: UnsafeMutableBufferPointer<Float>, masks: UnsafeMutableBufferPointer<Float>?
  ) {
    let (c, h, w) = (size.channels, size.height, size.width)
    for ch in 0..<c {
      for p in 0..<(h * w) { image[ch * h * w + p] = background[ch] }
    }
    for (k, object) in objects.enumerated() {
      for i in 0..<object.side {
        for j in 0..<object.side {
          guard let main = object.paint(i, j) else { continue }
          let pixel = (object.top + i) * w + object.left + j
          let colour = main ? object.colour : object.alternate
          for ch in 0..<c { image[ch * h * w + pixel] = colour[ch] }
          masks?[k * h * w + pixel] = 1
        }
      }
    }
    if noise > 0 {
      // Box–Muller, both outputs of each pair used: r = √(−2 ln u₁), (r cos 2πu₂, r sin 2πu₂).
      var p = 0
      while p < image.count {
        let u1 = Double(g.next() >> 11 &+ 1) * 0x1.0p-53
        let u2 = Double(g.next() >> 11) * 0x1.0p-53
        let r = (-2 * log(u1)).squareRoot()
        image[p] = min(1, max(0, image[p] + noise * Float(r * cos(2 * Double.pi * u2))))
        if p + 1 < image.count {
          image[p + 1] = min(1, max(0, image[p + 1] + noise * Float(r * sin(2 * Double.pi * u2))))
        }
        p += 2
      }
    }
  }

  /// A uniform draw in [0, 1) with 24 random bits.
  static func unit(_ g: inout SeededGenerator) -> Float { Float(g.next() >> 40) * 0x1p-24 }

  /// A uniform draw from `range`.
  static func uniform(_ range: ClosedRange<Int>, _ g: inout SeededGenerator) -> Int {
    range.lowerBound + Int(g.next() % UInt64(range.count))
  }

  /// Balanced labels: each block of 10 consecutive images is a seeded permutation of the classes.
  static func balancedLabels(count: Int, generator g: inout SeededGenerator) -> [Int] {
    var labels: [Int] = []
    labels.reserveCapacity(count + classCount)
    while labels.count < count {
      var block = Array(0..<classCount)
      seededShuffle(&block, using: &g)
      labels += block
    }
    return Array(labels.prefix(count))
  }
}
