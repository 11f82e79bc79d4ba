/// One curve of a ``LineChart``: points `(x[k], y[k])`, an optional confidence band
/// `[lower[k], upper[k]]`, and a legend name.
///
/// NaN `y` values leave a gap in the line; NaN band bounds leave a gap in the band. On a
/// categorical chart `x[k]` is the category index.
public struct LineSeries: Sendable, Equatable, Codable {
  /// Legend text.
  public var name: String
  /// x coordinates (category indices on a categorical chart).
  public var x: [Double]
  /// y values, same count as `x`.
  public var y: [Double]
  /// Lower band bounds, same count as `x`, or `nil` for no band.
  public var lower: [Double]?
  /// Upper band bounds, same count as `x`, or `nil` for no band.
  public var upper: [Double]?
  /// Explicit style, or `nil` for ``SeriesStyle/automatic(_:)`` by position.
  public var style: SeriesStyle?

  /// A series from coordinates.
  /// - Precondition: all given arrays have the same count; `lower` and `upper` are both given or
  ///   both `nil`.
  public init(name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
              style: SeriesStyle? = nil) {
    precondition(x.count == y.count, "series \(name): \(x.count) x values but \(y.count) y values")
    precondition((lower == nil) == (upper == nil), "series \(name): give both band bounds or neither")
    precondition(lower.map { $0.count == x.count } ?? true && upper.map { $0.count == x.count } ?? true,
                 "series \(name): band bounds need \(x.count) values")
    self.name = name
    self.x = x
    self.y = y
    self.lower = lower
    self.upper = upper
    self.style = style
  }

  /// A series over categories `0, 1, …, y.count − 1`.
  public init(name: String, y: [Double], lower: [Double]? = nil, upper: [Double]? = nil, style: SeriesStyle? = nil) {
    self.init(name: name, x: y.indices.map(Double.init), y: y, lower: lower, upper: upper, style: style)
  }
}
