import Analysis

/// The sizes of an audit report run: every number that decides its cost, printed in the report's
/// "What was run" section.
public struct ReportSettings: Sendable, Equatable, Codable {
  /// `MethodRegistry` names, in table order.
  public var methods: [String]
  /// Held-out images per sanity check (paper: 200).
  public var images: Int
  /// Two-object images for the class-sensitivity check (0 skips it).
  public var twoObjectImages: Int
  /// Bootstrap resamples of every median (paper: 10,000).
  public var resamples: Int
  /// Images shown in the Figure-1-style heatmap grids, per network.
  public var gridImages: Int
  /// Samples per family of the random-matrix simulation (paper notebook: 20; 0 skips it).
  public var simulationSamples: Int
  /// Random vectors per simulation sample (notebook: 32).
  public var simulationVectors: Int
  /// The simulation's backward shapes `[rows, columns]`, top first (default: VGG-16's,
  /// `RandomMatrixSimulation.vgg16Shapes`).
  public var simulationShapes: [[Int]]
  /// Images of the CSC measurement on the primary network (paper: 200; 0 skips it).
  public var cscImages: Int
  /// Whether the σ₂/σ₁ profiles of the backward products are measured (on the random MLP).
  public var rankProfiles: Bool
  /// Whether every proof obligation is checked.
  public var checkProofs: Bool
  /// Seed of the randomization, random classes, bootstrap and simulation.
  public var seed: UInt64

  /// Explicit settings.
  public init(
    methods: [String], images: Int, twoObjectImages: Int, resamples: Int, gridImages: Int,
    simulationSamples: Int, simulationVectors: Int = 32,
    simulationShapes: [[Int]] = RandomMatrixSimulation.vgg16Shapes.map { [$0.rows, $0.columns] },
    cscImages: Int = 0, rankProfiles: Bool = true, checkProofs: Bool = true, seed: UInt64 = 0
  ) {
    precondition(simulationShapes.allSatisfy { $0.count == 2 }, "ReportSettings: simulation shapes are [rows, columns]")
    precondition(images >= 1 && resamples >= 1 && gridImages >= 0 && twoObjectImages >= 0, "ReportSettings: sizes must be positive")
    precondition(simulationSamples >= 0 && simulationVectors >= 2, "ReportSettings: simulation sizes")
    self.methods = methods
    self.images = images
    self.twoObjectImages = twoObjectImages
    self.resamples = resamples
    self.gridImages = gridImages
    self.simulationSamples = simulationSamples
    self.simulationVectors = simulationVectors
    self.simulationShapes = simulationShapes
    self.cscImages = cscImages
    self.rankProfiles = rankProfiles
    self.checkProofs = checkProofs
    self.seed = seed
  }

  /// The default run, sized to finish within 10 minutes on 2 cores including first-time training:
  /// 32 images per check, 32 two-object images, 2,000 resamples, 2 grid images, 5 simulation
  /// samples, CSC on 10 images.
  public static func standard(methods: [String]) -> ReportSettings {
    ReportSettings(methods: methods, images: 32, twoObjectImages: 32, resamples: 2000, gridImages: 2, simulationSamples: 5, cscImages: 10)
  }

  /// The paper's sizes: 200 images, 10,000 resamples, 20 simulation samples, CSC on 200 images.
  public static func full(methods: [String]) -> ReportSettings {
    ReportSettings(methods: methods, images: 200, twoObjectImages: 200, resamples: 10_000, gridImages: 3, simulationSamples: 20, cscImages: 200)
  }

  /// A smoke-test run: 8 images, 200 resamples, one grid image, simulation of 2 samples × 8
  /// vectors on ten 32 × 32 matrices.
  public static func quick(methods: [String]) -> ReportSettings {
    ReportSettings(
      methods: methods, images: 8, twoObjectImages: 8, resamples: 200, gridImages: 1, simulationSamples: 2,
      simulationVectors: 8, simulationShapes: Array(repeating: [32, 32], count: 10), cscImages: 4)
  }
}
