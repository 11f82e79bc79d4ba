// Codable conformances of the CSC results, so a `ResultStore` can keep them between runs
// (`bpaudit csc --resume`). Decoding restores every field exactly (`Double`s round-trip).

extension CSCStatistics: Codable {
  private enum CodingKeys: String, CodingKey {
    case median, mean, percentileLevels, percentileValues, histogram, count, nanCount, width, baseline
  }

  /// Decodes the statistics written by `encode(to:)`.
  /// - Throws: `DecodingError` for a missing field or percentile lists of different lengths.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    median = try c.decode(Double.self, forKey: .median)
    mean = try c.decode(Double.self, forKey: .mean)
    let levels = try c.decode([Double].self, forKey: .percentileLevels)
    let values = try c.decode([Double].self, forKey: .percentileValues)
    guard levels.count == values.count else {
      throw DecodingError.dataCorruptedError(
        forKey: .percentileValues, in: c, debugDescription: "expected \(levels.count) percentile values, got \(values.count)")
    }
    percentiles = zip(levels, values).map { ($0, $1) }
    histogram = try c.decode([Int].self, forKey: .histogram)
    count = try c.decode(Int.self, forKey: .count)
    nanCount = try c.decode(Int.self, forKey: .nanCount)
    width = try c.decode(Int.self, forKey: .width)
    baseline = try c.decode(Double.self, forKey: .baseline)
  }

  /// Encodes every field (the percentiles as two parallel lists).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(median, forKey: .median)
    try c.encode(mean, forKey: .mean)
    try c.encode(percentiles.map(\.level), forKey: .percentileLevels)
    try c.encode(percentiles.map(\.value), forKey: .percentileValues)
    try c.encode(histogram, forKey: .histogram)
    try c.encode(count, forKey: .count)
    try c.encode(nanCount, forKey: .nanCount)
    try c.encode(width, forKey: .width)
    try c.encode(baseline, forKey: .baseline)
  }
}

extension CSCPoint: Codable {
  private enum CodingKeys: String, CodingKey { case name, boundary, statistics }

  /// Decodes a point written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    boundary = try c.decode(Int.self, forKey: .boundary)
    statistics = try c.decode(CSCStatistics.self, forKey: .statistics)
  }

  /// Encodes every field.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(boundary, forKey: .boundary)
    try c.encode(statistics, forKey: .statistics)
  }
}

extension CSCProfile: Codable {
  private enum CodingKeys: String, CodingKey { case method, injectionLayer, points, stabilisedCount }

  /// Decodes a profile written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    method = try c.decode(String.self, forKey: .method)
    injectionLayer = try c.decode(String.self, forKey: .injectionLayer)
    points = try c.decode([CSCPoint].self, forKey: .points)
    stabilisedCount = try c.decode(Int.self, forKey: .stabilisedCount)
  }

  /// Encodes every field.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(method, forKey: .method)
    try c.encode(injectionLayer, forKey: .injectionLayer)
    try c.encode(points, forKey: .points)
    try c.encode(stabilisedCount, forKey: .stabilisedCount)
  }
}
