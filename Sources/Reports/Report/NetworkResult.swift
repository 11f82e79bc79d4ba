import Analysis

/// The sanity-check results of one network (the numbers behind its SSIM curves and boxplots).
public struct NetworkResult: Sendable, Equatable, Codable {
  /// The network's name.
  public var name: String
  /// What it is (``ReportNetwork/summary``).
  public var summary: String
  /// Held-out accuracy when trained.
  public var heldOutAccuracy: Double?
  /// Images explained per check.
  public var images: Int
  /// Two-object images used (0 when not run).
  public var twoObjectImages: Int
  /// Randomization cut points, top first.
  public var cutPoints: [String]
  /// Per method: SSIM_flip summaries per stage, random logit, two-object overlaps.
  public var methods: [MethodSanity]
  /// Seconds spent building or loading the network.
  public var setupSeconds: Double
  /// Seconds spent on its sanity checks and grids.
  public var seconds: Double
}
