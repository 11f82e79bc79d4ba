/// A compact printout of ``Matrix``.
extension Matrix: CustomStringConvertible {
  /// `"3×4 [[1.0, 2.0, …], …]"`: the shape, then at most 6 rows and 6 columns of entries
  /// (the first 5 and the last), with `…` where entries are omitted; `%.4g`-style short numbers.
  public var description: String {
    func pick(_ n: Int) -> [Int?] {
      n <= 6 ? Array(0..<n) : [0, 1, 2, 3, 4, nil, n - 1]
    }
    func short(_ x: Double) -> String {
      if x == x.rounded() && abs(x) < 1e6 { return String(Int(x)) }
      let s = String(x)
      if s.count <= 9 { return s }
      // Keep 4 significant digits: round in decimal without Foundation formatting.
      let e = x == 0 ? 0 : Int((_log10(abs(x))).rounded(.down))
      let scale = _pow10(3 - e)
      let r = (x * scale).rounded() / scale
      let t = String(r)
      return t.count <= 12 ? t : String(t.prefix(12))
    }
    let rowText = pick(rows).map { i -> String in
      guard let i else { return "…" }
      let entries = pick(columns).map { j in j.map { short(scalars[i * columns + $0]) } ?? "…" }
      return "[" + entries.joined(separator: ", ") + "]"
    }
    return "\(rows)×\(columns) [" + rowText.joined(separator: ", ") + "]"
  }
}
