import Analysis
import Foundation
import Networks
import Rules
import Symbolic

extension AuditReport {
  /// Runs every part of the report on prebuilt networks (no training happens here).
  ///
  /// Steps, each timed: per network the sanity suite (cascading Glorot randomization, random logit,
  /// two-object class sensitivity; `SanitySuite`) and its heatmap grids; the theory-versus-experiment
  /// table on the *primary* network (the last trained network with two-object images, else the
  /// last trained one, else the first); the random-matrix simulation on `settings.simulationShapes`; every proof
  /// obligation; CSC (injection at the logits, `settings.cscImages` images) on the primary network;
  /// σ₂/σ₁ profiles of every method's backward products on the random MLP (``rankProfiles(networks:methods:seed:)``).
  /// - Parameters:
  ///   - networks: the networks to audit (their two-object images are used whole; make
  ///     `settings.twoObjectImages` of them, 0 skips the check).
  ///   - settings: the sizes (``ReportSettings``).
  ///   - store: per-item results of an earlier run to reuse, and where new ones are kept (each
  ///     network's sanity suite, each method's CSC profile); `ResultStore.disabled` computes all.
  ///   - onProgress: one short line per finished step.
  /// - Throws: `AttributionError` from a method or `MethodRegistry.make` (nothing is written).
  public static func run(
    networks: [ReportNetwork], settings: ReportSettings, store: ResultStore = .disabled,
    onProgress: (String) -> Void = { _ in }
  ) throws -> AuditReport {
    let methods = try settings.methods.map { try MethodRegistry.make($0) }
    var timings: [SectionTiming] = []
    var results: [NetworkResult] = []
    var grids: [HeatmapGrid] = []
    var twoObjectGrids: [HeatmapGrid] = []
    let suite = SanitySuite(
      images: settings.images, seed: settings.seed, plan: ParameterRandomization(seed: settings.seed),
      resamples: settings.resamples)
    for net in networks {
      let start = Date()
      let twoObjects = settings.twoObjectImages > 0 ? net.twoObjects : nil
      let sanity = try store.value("sanity-\(net.name)") {
        try suite.run(
          methods: methods, network: net.network, inputs: net.inputs, labels: net.labels,
          twoObjects: twoObjects) { onProgress("\(net.name): \($0)") }
      }
      grids += try ReportFigures.randomizationGrids(net, methods: methods, images: settings.gridImages, seed: settings.seed)
      if let t = twoObjects, settings.gridImages > 0 {
        twoObjectGrids.append(try ReportFigures.twoObjectGrid(net, images: t, methods: methods, count: settings.gridImages))
      }
      let seconds = Date().timeIntervalSince(start)
      timings.append(SectionTiming(step: "sanity checks and grids: \(net.name)", seconds: seconds))
      results.append(
        NetworkResult(
          name: net.name, summary: net.summary, heldOutAccuracy: net.heldOutAccuracy,
          images: min(settings.images, net.labels.count),
          twoObjectImages: twoObjects?.labels.count ?? 0,
          cutPoints: sanity.first?.cutPoints ?? ParameterRandomization.cutPoints(of: net.network), methods: sanity,
          setupSeconds: net.setupSeconds, seconds: seconds))
      onProgress("\(net.name): done in \(String(format: "%.1f", seconds)) s")
    }

    var start = Date()
    var csc: [CSCSummary] = []
    let main = primary(results)
    if settings.cscImages > 0, let main, let net = networks.first(where: { $0.name == main.name }),
      let top = CSCExperiment.defaultInjectionLayers(of: net.network).first
    {
      let n = min(settings.cscImages, net.labels.count)
      let rowSize = net.inputs.count / max(net.labels.count, 1)
      let inputs = Tensor(shape: [n] + net.inputs.shape.dropFirst(), scalars: Array(net.inputs.scalars[0..<(n * rowSize)]))
      let experiment = CSCExperiment(seed: settings.seed)
      for method in methods {
        csc.append(try store.value("csc-\(net.name)-\(method.name)") {
          CSCSummary(network: net.name, try experiment.profile(method: method, network: net.network, inputs: inputs, injectAt: top))
        })
      }
      timings.append(SectionTiming(step: "CSC on \(net.name)", seconds: Date().timeIntervalSince(start)))
      onProgress("CSC")
    }
    var rank: [RankSummary] = []
    var rankSkipped: [String] = []
    if settings.rankProfiles {
      start = Date()
      (rank, rankSkipped) = try rankProfiles(networks: networks, methods: settings.methods, seed: settings.seed)
      timings.append(SectionTiming(step: "σ₂/σ₁ profiles on \(rank.first?.network ?? "the random MLP")", seconds: Date().timeIntervalSince(start)))
      onProgress("σ₂/σ₁ profiles")
    }
    start = Date()
    let table = main.map { m in
      TheoryExperimentTable(network: m.name, sanity: m.methods, rank: { name in csc.first { $0.method == name }?.verdictText })
    }
    timings.append(SectionTiming(step: "theory-versus-experiment table (sign analysis)", seconds: Date().timeIntervalSince(start)))

    var simulation: [SimulationSummary] = []
    if settings.simulationSamples > 0 {
      start = Date()
      let sim = RandomMatrixSimulation(
        shapes: settings.simulationShapes.map { RandomMatrixSimulation.Shape($0[0], $0[1]) },
        vectors: settings.simulationVectors, samples: settings.simulationSamples, seed: settings.seed)
      for family in SimulationFamily.paperFamilies {
        simulation.append(SimulationSummary(sim.run(family)))
        onProgress("simulation: \(family.name)")
      }
      timings.append(SectionTiming(step: "random-matrix simulation", seconds: Date().timeIntervalSince(start)))
    }

    var proofs: [ProofRow] = []
    if settings.checkProofs {
      start = Date()
      proofs = ProofObligations.all.map(ProofRow.init(checking:))
      timings.append(SectionTiming(step: "proof obligations", seconds: Date().timeIntervalSince(start)))
      onProgress("proofs")
    }
    return AuditReport(
      settings: settings, networks: results, table: table, csc: csc, rank: rank, rankSkipped: rankSkipped, simulation: simulation, proofs: proofs, timings: timings,
      randomizationGrids: grids, twoObjectGrids: twoObjectGrids)
  }

  /// The network the theory table reads: the last (in the zoo's order, the deepest: the paper's
  /// CIFAR architecture) trained network with two-object results, else the last trained one, else
  /// the first.
  static func primary(_ results: [NetworkResult]) -> NetworkResult? {
    results.last { $0.heldOutAccuracy != nil && $0.twoObjectImages > 0 }
      ?? results.last { $0.heldOutAccuracy != nil } ?? results.first
  }
}
