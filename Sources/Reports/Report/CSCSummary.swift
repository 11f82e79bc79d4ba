import Analysis

/// The CSC profile of one method on one network (injection at the logits), the numbers behind a
/// CSC curve: the median |cos| and the chance baseline at every point from the injection point
/// down to the input (`CSCExperiment`, paper-digest §5).
public struct CSCSummary: Sendable, Equatable, Codable {
  /// The network.
  public var network: String
  /// The method.
  public var method: String
  /// The injection layer.
  public var injectionLayer: String
  /// Point names, top (injection point) to bottom (`input`).
  public var points: [String]
  /// Median |cos| per point (NaN when every vector was zero).
  public var median: [Double]
  /// Chance baseline per point (median |cos| of independent Gaussians of that width).
  public var baseline: [Double]
  /// NaN pairs dropped per point.
  public var nanCount: [Int]

  /// The summary of a profile.
  public init(network: String, _ p: CSCProfile) {
    self.network = network
    method = p.method
    injectionLayer = p.injectionLayer
    points = p.points.map(\.name)
    median = p.points.map(\.statistics.median)
    baseline = p.points.map(\.statistics.baseline)
    nanCount = p.points.map(\.statistics.nanCount)
  }

  /// CSC at the first layer above the input (the paper's early-layer CSC; the input itself has only
  /// C channels per pixel), or the last point when there is no other.
  public var firstLayerCSC: Double {
    median.count >= 2 ? median[median.count - 2] : (median.last ?? .nan)
  }

  /// The table text: `0.998 ≥ 0.99: collapses`, `0.95: partial` (≥ 0.9), else `0.41: does not collapse`
  /// (issue 5 item 6 thresholds).
  public var verdictText: String {
    let c = firstLayerCSC
    let value = TheoryExperimentTable.format(c)
    if c.isNaN { return "nan" }
    if c >= 0.99 { return "\(value) ≥ 0.99: collapses" }
    if c >= 0.9 { return "\(value): partial" }
    return "\(value): does not collapse"
  }
}
