import Foundation

/// A minimal SVG writer shared by the charts: escapes all text, formats coordinates with at most
/// two decimals (byte-stable output), and wraps the elements in a root `<svg>`.
struct SVGCanvas {
  let width: Double
  let height: Double
  private(set) var body: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// A number with at most two decimals, trailing zeros removed, `-0` printed as `0`.
  static func num(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var s = String(format: "%.2f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
  }

  private static func attributes(_ attrs: [(String, String)]) -> String {
    attrs.map { " \($0.0)=\"\(TextEscaping.xml($0.1))\"" }.joined()
  }

  mutating func raw(_ element: String) { body.append(element) }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attrs: [(String, String)]) {
    body.append("<line x1=\"\(Self.num(x1))\" y1=\"\(Self.num(y1))\" x2=\"\(Self.num(x2))\" y2=\"\(Self.num(y2))\"\(Self.attributes(attrs))/>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ attrs: [(String, String)]) {
    body.append("<rect x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" width=\"\(Self.num(w))\" height=\"\(Self.num(h))\"\(Self.attributes(attrs))/>")
  }

  mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, _ attrs: [(String, String)]) {
    body.append("<circle cx=\"\(Self.num(cx))\" cy=\"\(Self.num(cy))\" r=\"\(Self.num(r))\"\(Self.attributes(attrs))/>")
  }

  /// A path from point runs: each run becomes `M x,y L x,y …`; `closed` appends `Z` to each run.
  mutating func path(_ runs: [[(Double, Double)]], closed: Bool = false, _ attrs: [(String, String)]) {
    let d = runs.filter { !$0.isEmpty }.map { run in
      run.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(Self.num($0.element.0)),\(Self.num($0.element.1))" }
        .joined(separator: " ") + (closed ? " Z" : "")
    }.joined(separator: " ")
    body.append("<path d=\"\(d)\"\(Self.attributes(attrs))/>")
  }

  /// Text anchored at (x, y); `rotate` turns it about its anchor (degrees, clockwise).
  mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start",
                     rotate: Double = 0, _ attrs: [(String, String)] = []) {
    var all: [(String, String)] = [("text-anchor", anchor)]
    if rotate != 0 { all.append(("transform", "rotate(\(Self.num(rotate)) \(Self.num(x)) \(Self.num(y)))")) }
    body.append("<text x=\"\(Self.num(x))\" y=\"\(Self.num(y))\"\(Self.attributes(all + attrs))>\(TextEscaping.xml(content))</text>")
  }

  /// The finished document: root element with size, viewBox, an accessible `<title>`, a white
  /// background and the body.
  /// `xlink` declares the XLink namespace for `xlink:href` attributes.
  func finish(title: String, cssClass: String, xlink: Bool = false) -> String {
    let xlinkNamespace = xlink ? " xmlns:xlink=\"http://www.w3.org/1999/xlink\"" : ""
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\"\(xlinkNamespace) class=\"\(TextEscaping.xml(cssClass))\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" viewBox=\"0 0 \(Self.num(width)) \(Self.num(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n"
    s += "<title>\(TextEscaping.xml(title))</title>\n"
    s += "<rect x=\"0\" y=\"0\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" fill=\"#ffffff\"/>\n"
    s += body.joined(separator: "\n")
    s += "\n</svg>"
    return s
  }

  /// Approximate rendered width of `text` at 12 px sans-serif (0.6 em per character).
  static func textWidth(_ text: String, fontSize: Double = 12) -> Double { Double(text.count) * fontSize * 0.6 }
}
