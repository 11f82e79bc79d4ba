import Testing
@testable import Reports

@Suite("Colour maps")
struct ColorMapTests {
  private func rgb(_ c: RGBColor) -> [Int] { [Int(c.red), Int(c.green), Int(c.blue)] }

  @Test("seismic: dark blue (0,0,0.3·255) at 0, white centre, dark red (0.5·255,0,0) at 1, blue/red at ¼ ¾")
  func seismic() {
    let m = ColorMap.seismic
    #expect(rgb(m.color(at: 0)) == [0, 0, 77])  // 0.3 · 255 = 76.5 → 77
    #expect(rgb(m.color(at: 0.25)) == [0, 0, 255])
    #expect(rgb(m.color(at: 0.5)) == [255, 255, 255])
    #expect(rgb(m.color(at: 0.75)) == [255, 0, 0])
    #expect(rgb(m.color(at: 1)) == [128, 0, 0])  // 127.5 → 128
    #expect(m.isDiverging)
  }

  @Test("bwr: blue, white, red; the quarter points are half-saturated")
  func bwr() {
    let m = ColorMap.bwr
    #expect(rgb(m.color(at: 0)) == [0, 0, 255])
    #expect(rgb(m.color(at: 0.5)) == [255, 255, 255])
    #expect(rgb(m.color(at: 1)) == [255, 0, 0])
    #expect(rgb(m.color(at: 0.25)) == [128, 128, 255])
    #expect(rgb(m.color(at: 0.75)) == [255, 128, 128])
  }

  /// The LRP-toolbox definition: s = 2t − 1; s ≥ 0: hot(s) = clamp(3s, 3s−1, 3s−2);
  /// s < 0: cold(|s|) = clamp(0, 2|s|−1, 2|s|). Checked at 101 points against the anchors.
  @Test("coldnhot: cyan → blue → black (centre) → red → yellow → white, equal to the toolbox formula")
  func coldnhot() {
    let m = ColorMap.coldnhot
    #expect(rgb(m.color(at: 0)) == [0, 255, 255])
    #expect(rgb(m.color(at: 0.5)) == [0, 0, 0])
    #expect(rgb(m.color(at: 1)) == [255, 255, 255])
    func clamp(_ x: Double) -> Double { min(max(x, 0), 1) }
    for k in 0...100 {
      let t = Double(k) / 100
      let s = 2 * t - 1
      let ref = s >= 0 ? [clamp(3 * s), clamp(3 * s - 1), clamp(3 * s - 2)] : [0, clamp(-2 * s - 1), clamp(-2 * s)]
      let got = rgb(m.color(at: t))
      for ch in 0..<3 { #expect(abs(got[ch] - Int((ref[ch] * 255).rounded())) <= 1, "t = \(t) channel \(ch)") }
    }
  }

  @Test("gray, hot, viridis endpoints; NaN and out-of-range inputs")
  func sequential() {
    #expect(rgb(ColorMap.gray.color(at: 0)) == [0, 0, 0])
    #expect(rgb(ColorMap.gray.color(at: 0.5)) == [128, 128, 128])
    #expect(rgb(ColorMap.gray.color(at: 1)) == [255, 255, 255])
    #expect(rgb(ColorMap.hot.color(at: 1.0 / 3)) == [255, 0, 0])
    #expect(rgb(ColorMap.hot.color(at: 2.0 / 3)) == [255, 255, 0])
    #expect(rgb(ColorMap.viridis.color(at: 0)) == [68, 1, 84])
    #expect(rgb(ColorMap.viridis.color(at: 1)) == [253, 231, 37])
    #expect(rgb(ColorMap.gray.color(at: -3)) == [0, 0, 0])
    #expect(rgb(ColorMap.gray.color(at: 7)) == [255, 255, 255])
    #expect(rgb(ColorMap.bwr.color(at: .nan)) == [255, 255, 255])
    #expect(ColorMap.builtins.map(\.name) == ["seismic", "bwr", "coldnhot", "gray", "hot", "viridis"])
    #expect(ColorMap.named("coldnhot") == .coldnhot)
  }

  @Test("Signed values under symmetric limits: −L → start, 0 → centre, +L → end, beyond saturates")
  func signed() {
    let m = ColorMap.bwr
    #expect(m.color(forSigned: -2, limit: 2) == m.color(at: 0))
    #expect(m.color(forSigned: 0, limit: 2) == m.color(at: 0.5))
    #expect(m.color(forSigned: 2, limit: 2) == m.color(at: 1))
    #expect(m.color(forSigned: 50, limit: 2) == m.color(at: 1))
    #expect(m.color(forSigned: 1, limit: 0) == m.color(at: 0.5))
    #expect(RGBColor(hex: 0x0072B2).hexString == "#0072b2")
  }
}
