// Codable conformances of the theory and experiment findings, so a `ResultStore` can keep them
// between runs (`bpaudit check --resume`). Decoding restores every field exactly.

extension TheoryPoint: Codable {
  private enum CodingKeys: String, CodingKey { case depth, sigmaRatio, cscMedian }

  /// Decodes a point written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    depth = try c.decode(Int.self, forKey: .depth)
    sigmaRatio = try c.decode(Double.self, forKey: .sigmaRatio)
    cscMedian = try c.decode(Double.self, forKey: .cscMedian)
  }

  /// Encodes every field.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(depth, forKey: .depth)
    try c.encode(sigmaRatio, forKey: .sigmaRatio)
    try c.encode(cscMedian, forKey: .cscMedian)
  }
}

extension TheoryFindings: Codable {
  private enum CodingKeys: String, CodingKey { case width, points, collapseDepth }

  /// Decodes findings written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    width = try c.decode(Int.self, forKey: .width)
    points = try c.decode([TheoryPoint].self, forKey: .points)
    collapseDepth = try c.decodeIfPresent(Int.self, forKey: .collapseDepth)
  }

  /// Encodes every field (`collapseDepth` only when present).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(width, forKey: .width)
    try c.encode(points, forKey: .points)
    try c.encodeIfPresent(collapseDepth, forKey: .collapseDepth)
  }
}

extension ExperimentFindings: Codable {
  private enum CodingKeys: String, CodingKey {
    case network, images, lowestConv, injectedAt, cscMedian, topLayer, topRandomizationSSIM, randomLogitSSIM
  }

  /// Decodes findings written by `encode(to:)`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    network = try c.decode(String.self, forKey: .network)
    images = try c.decode(Int.self, forKey: .images)
    lowestConv = try c.decode(String.self, forKey: .lowestConv)
    injectedAt = try c.decode(String.self, forKey: .injectedAt)
    cscMedian = try c.decode(Double.self, forKey: .cscMedian)
    topLayer = try c.decode(String.self, forKey: .topLayer)
    topRandomizationSSIM = try c.decode(Double.self, forKey: .topRandomizationSSIM)
    randomLogitSSIM = try c.decode(Double.self, forKey: .randomLogitSSIM)
  }

  /// Encodes every field.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(network, forKey: .network)
    try c.encode(images, forKey: .images)
    try c.encode(lowestConv, forKey: .lowestConv)
    try c.encode(injectedAt, forKey: .injectedAt)
    try c.encode(cscMedian, forKey: .cscMedian)
    try c.encode(topLayer, forKey: .topLayer)
    try c.encode(topRandomizationSSIM, forKey: .topRandomizationSSIM)
    try c.encode(randomLogitSSIM, forKey: .randomLogitSSIM)
  }
}
