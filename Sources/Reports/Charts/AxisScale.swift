import Foundation

/// The value scale of a chart's y axis.
public enum AxisScale: Sendable, Equatable, Codable {
  /// Linear; ticks at "nice" steps (1, 2 or 5 × 10ᵏ), about five of them.
  case linear
  /// Base-10 logarithmic with ticks at every decade (every 2nd/3rd/… when there are more than
  /// 13). Values below `floor` — including zero and negative values, which a log axis cannot show —
  /// are drawn at `floor` and counted in a note under the chart. The paper plots `1 − CSC` this
  /// way down to `1e-12`.
  case log10(floor: Double)

  /// The log scale used for `1 − CSC`: floor `1e-12`.
  public static let log10CSC = AxisScale.log10(floor: 1e-12)
}

/// How log-axis decade ticks are labelled.
public enum LogTickStyle: Sendable, Equatable, Codable {
  /// `1e-12`, …, `1e-3`, `0.01`, `0.1`, `1`, `10`, `100`, `1e3`, …
  case plain
  /// `1 − 1e-12`, …, `1 − 0.1`, `0`: for axes that plot `1 − y` but want `y` read off (the paper's
  /// CSC figures). The decade 10⁰ is labelled `0`.
  case oneMinus
}

/// A resolved axis: the data-to-pixel map and its ticks. Internal to the charts.
struct ResolvedAxis {
  let scale: AxisScale
  /// Domain in scale units (log10 of the value for log scales).
  let lo: Double, hi: Double
  /// Pixel positions of `lo` and `hi`.
  let pixelLo: Double, pixelHi: Double
  /// Tick positions (values, not scale units) with labels.
  let ticks: [(value: Double, label: String)]

  /// Resolves an axis covering `values` (already clipped for log), or `range` when given.
  init(scale: AxisScale, values: [Double], range: ClosedRange<Double>?, pixels: (Double, Double), tickStyle: LogTickStyle) {
    self.scale = scale
    pixelLo = pixels.0
    pixelHi = pixels.1
    let finite = values.filter { $0.isFinite }
    switch scale {
    case .linear:
      var a = range?.lowerBound ?? finite.min() ?? 0
      var b = range?.upperBound ?? finite.max() ?? 1
      if a == b { a -= 0.5; b += 0.5 }
      let step = ResolvedAxis.niceStep((b - a) / 5)
      if range == nil {
        a = (a / step).rounded(.down) * step
        b = (b / step).rounded(.up) * step
      }
      lo = a
      hi = b
      let decimals = max(0, -Int(Foundation.log10(step).rounded(.down)))
      var t: [(Double, String)] = []
      var k = (a / step).rounded(.up)
      while k * step <= b + step * 1e-9 {
        let v = k * step
        t.append((v, ResolvedAxis.fixed(v, decimals)))
        k += 1
      }
      ticks = t
    case .log10(let floor):
      precondition(floor > 0, "log axis floor must be positive, got \(floor)")
      let logs = finite.filter { $0 > 0 }.map { Foundation.log10($0) }
      var a = range.map { Foundation.log10(max($0.lowerBound, floor)) } ?? (logs.min() ?? Foundation.log10(floor))
      var b = range.map { Foundation.log10($0.upperBound) } ?? (logs.max() ?? 0)
      a = a.rounded(.down)
      b = b.rounded(.up)
      if a >= b { b = a + 1 }
      lo = a
      hi = b
      let decades = Int(b - a)
      let every = max(1, Int((Double(decades) / 12).rounded(.up)))
      var t: [(Double, String)] = []
      var e = Int(b)
      while e >= Int(a) {
        if (Int(b) - e) % every == 0 { t.append((Foundation.pow(10, Double(e)), ResolvedAxis.decadeLabel(e, style: tickStyle))) }
        e -= 1
      }
      ticks = t.reversed()
    }
  }

  /// The pixel coordinate of a value (log values below the floor must be clipped beforehand).
  func pixel(_ value: Double) -> Double {
    let u: Double
    switch scale {
    case .linear: u = value
    case .log10: u = Foundation.log10(value)
    }
    return pixelLo + (u - lo) / (hi - lo) * (pixelHi - pixelLo)
  }

  /// The smallest of 1, 2, 5 × 10ᵏ that is ≥ `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0 && raw.isFinite else { return 1 }
    let p = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * p >= raw * (1 - 1e-12) { return m * p }
    return 10 * p
  }

  /// `v` with `decimals` digits after the point, `-0` as `0`.
  static func fixed(_ v: Double, _ decimals: Int) -> String {
    let s = String(format: "%.\(decimals)f", v)
    return Double(s) == 0 ? String(format: "%.\(decimals)f", 0.0) : s
  }

  /// The label of 10ᵉ: decimals for −2 ≤ e ≤ 2, `1eN` otherwise; under `.oneMinus`, `1 − …`
  /// (and `0` for e = 0).
  static func decadeLabel(_ e: Int, style: LogTickStyle) -> String {
    let plain: String
    switch e {
    case -2: plain = "0.01"
    case -1: plain = "0.1"
    case 0: plain = "1"
    case 1: plain = "10"
    case 2: plain = "100"
    default: plain = "1e\(e)"
    }
    switch style {
    case .plain: return plain
    case .oneMinus: return e == 0 ? "0" : "1 − \(plain)"
    }
  }
}
