import Analysis
import Foundation

/// Everything a BackpropAudit report shows: the results of a run (``run(networks:settings:onProgress:)``)
/// and its rendered figures. Turn it into a document with ``document()``, into JSON with
/// ``jsonData()`` (every number behind every figure; the heatmap pixels are not included).
public struct AuditReport: Sendable, Encodable {
  /// ``BackpropAuditVersion/string``.
  public var version: String
  /// The sizes used.
  public var settings: ReportSettings
  /// Per network, the sanity-check results.
  public var networks: [NetworkResult]
  /// The theory-versus-experiment table (on the primary network), when any network was checked.
  public var table: TheoryExperimentTable?
  /// CSC profiles (injection at the logits) on the primary network, one per method.
  public var csc: [CSCSummary]
  /// σ₂/σ₁ profiles of the backward products on the random MLP, one per method with a catalogue rule.
  public var rank: [RankSummary]
  /// Methods left out of ``rank``, as `method: reason`.
  public var rankSkipped: [String]
  /// The random-matrix simulation, one entry per family (empty when skipped).
  public var simulation: [SimulationSummary]
  /// The status of every proof obligation (empty when skipped).
  public var proofs: [ProofRow]
  /// Wall-clock time of every step.
  public var timings: [SectionTiming]
  /// Figure-1-style grids (methods × randomization stages), per network and grid image.
  public var randomizationGrids: [HeatmapGrid]
  /// Two-object grids (input, map for class A, map for class B, per method).
  public var twoObjectGrids: [HeatmapGrid]

  private enum CodingKeys: String, CodingKey {
    case version, settings, networks, table, csc, rank, rankSkipped, simulation, proofs, timings
  }

  /// Creates a report from its parts.
  public init(
    settings: ReportSettings, networks: [NetworkResult], table: TheoryExperimentTable?, csc: [CSCSummary] = [],
    rank: [RankSummary] = [], rankSkipped: [String] = [], simulation: [SimulationSummary],
    proofs: [ProofRow], timings: [SectionTiming], randomizationGrids: [HeatmapGrid], twoObjectGrids: [HeatmapGrid]
  ) {
    version = BackpropAuditVersion.string
    self.settings = settings
    self.networks = networks
    self.table = table
    self.csc = csc
    self.rank = rank
    self.rankSkipped = rankSkipped
    self.simulation = simulation
    self.proofs = proofs
    self.timings = timings
    self.randomizationGrids = randomizationGrids
    self.twoObjectGrids = twoObjectGrids
  }

  /// Pretty, key-sorted JSON; NaN and infinities as the strings `nan`, `inf`, `-inf`.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return try encoder.encode(self)
  }
}
