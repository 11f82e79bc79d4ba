import Testing

@testable import Networks

/// The textured classes must be distinguishable at every object size both image formats use.
@Suite struct SyntheticShapesTextureTests {
  /// The pixel pattern (`true` = main colour) of class `label` at side `side` and phase `phase`.
  func pattern(label: Int, side: Int, phase: Int) -> [Bool] {
    let object = SyntheticShapes.Object(
      label: label, top: 0, left: 0, side: side, colour: [1], alternate: [0.5], phase: phase)
    return (0..<side).flatMap { i in (0..<side).map { j in object.paint(i, j) ?? false } }
  }

  /// For every side from the smallest two-object side (5) to the largest single-object side (24),
  /// no phase of diagonal stripes (class 8) paints the same pattern as any phase of the
  /// checkerboard (class 9), nor of horizontal (6) or vertical (7) stripes. With a texture period of
  /// 1 (sides below 12 before the fix) diagonal stripes and checkerboard coincided pixel for pixel.
  @Test func texturesDifferAtEverySideAndPhase() {
    for side in 5...24 {
      let period = SyntheticShapes.texturePeriod(side: side)
      let phases = 0..<(2 * period)
      for label in 6...8 {
        for other in (label + 1)...9 {
          for p in phases {
            let a = pattern(label: label, side: side, phase: p)
            for q in phases {
              #expect(a != pattern(label: other, side: side, phase: q), "side \(side): classes \(label)/\(other), phases \(p)/\(q)")
            }
          }
        }
      }
    }
  }

  /// The period is ⌊side/6⌋ but never below 2 (the CIFAR-size objects, sides 12…24, are unchanged).
  @Test func texturePeriodValues() {
    #expect((5...11).allSatisfy { SyntheticShapes.texturePeriod(side: $0) == 2 })
    #expect(SyntheticShapes.texturePeriod(side: 12) == 2)
    #expect(SyntheticShapes.texturePeriod(side: 18) == 3)
    #expect(SyntheticShapes.texturePeriod(side: 24) == 4)
  }
}
