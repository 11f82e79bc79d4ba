import Analysis
import Foundation

extension AuditReport {
  /// The section titles, in order (sections without data are left out, see ``document()``).
  public static let sectionTitles = [
    "What was run", "Theory versus experiment", "Cascading randomization", "Random logit",
    "Heatmap grids", "Two-object class sensitivity", "Proof obligations", "CSC curves", "σ₂/σ₁ profiles", "Random-matrix simulation",
  ]

  /// The report as a document: every section of ``sectionTitles`` that has data, each figure with
  /// a caption.
  public func document() -> ReportDocument {
    var sections = [whatWasRun()]
    if let table {
      sections.append(ReportSection(title: "Theory versus experiment", blocks: [
        .paragraph("One row per method. Algebraic: the sign of the local backward matrix entries of the method's catalogue rule (SignAnalysis; non-negative entries make Theorem 1 apply, so the backward products collapse to rank one). CSC / collapse: median CSC at the first layer above the input after injecting random vectors at the logits (≥ 0.99 collapses, ≥ 0.9 partial; — when not measured). Empirical: the sanity checks on \(table.network). Paper: the verdict of paper-digest §8.2. Every disagreement is named."),
        .table(table.reportTable),
      ]))
    }
    if !networks.isEmpty {
      sections.append(ReportSection(title: "Cascading randomization", blocks: networks.map { r in
        let chart = ReportFigures.randomizationChart(r)
        return .svg(name: "randomization-\(r.name.fileStem)", svg: chart.svg(),
                    caption: "SSIM_flip between each method's map and its original map as the layers of \(r.name) are re-initialised (Glorot, zero bias) from the top down; median over \(r.images) images with a \(Int(100 * (r.methods.first?.randomLogit.confidence ?? 0.99))) % bootstrap interval (\(settings.resamples) resamples).")
      }))
      sections.append(ReportSection(title: "Random logit", blocks: networks.map { r in
        .svg(name: "random-logit-\(r.name.fileStem)", svg: ReportFigures.randomLogitPlot(r).svg(),
             caption: "SSIM_flip between the map of the true class and the map of a random other class (seeded), \(r.images) images of \(r.name). Boxes: quartiles and median; whiskers to the minimum and maximum (circles when beyond 1.5 IQR).")
      }))
    }
    if !randomizationGrids.isEmpty {
      sections.append(ReportSection(title: "Heatmap grids", blocks: [
        .paragraph("As the paper's Figure 1: rows are methods, columns the input image, the original map and the map after each cascading randomization stage (→ layer: that layer and every layer above it are random). Channel sum or abs-max per method as the paper; each map is scaled to its own 99.5th percentile of |R|."),
      ] + randomizationGrids.enumerated().map { k, g in
        .svg(name: "grid-\(k)", svg: g.svg(), caption: "\(g.title). Rows: methods; columns: the input, the original map, then the map after randomizing every layer from the top down to the named one. Colour map coldnhot, each map scaled to its own 99.5th percentile of |R|.")
      }))
    }
    if !twoObjectGrids.isEmpty {
      sections.append(ReportSection(title: "Two-object class sensitivity", blocks: twoObjectBlocks()))
    }
    if !proofs.isEmpty {
      let met = proofs.filter(\.met).count
      sections.append(ReportSection(title: "Proof obligations", blocks: [
        .paragraph("\(met) of \(proofs.count) obligations met (bpaudit prove). Proved: by sign analysis or normal forms; witness: a concrete layer with a negative entry, as claimed; holds numerically: checked on random layers, not proved."),
        .table(ReportTable(
          header: ["obligation", "claim", "status", "outcome", "detail"], alignments: [.left, .left, .center, .left, .left],
          rows: proofs.map { [$0.id, $0.statement, $0.met ? "met" : "NOT MET", $0.outcome, $0.detail] },
          caption: "Every obligation of ProofObligations.all with its checked outcome.")),
      ]))
    }
    if !csc.isEmpty {
      sections.append(ReportSection(title: "CSC curves", blocks: [
        .svg(name: "csc", svg: ReportFigures.cscChart(csc).svg(),
             caption: "Cosine similarity convergence on \(csc[0].network): \(CSCExperiment().vectors) random N(0, I) vectors injected at \(csc[0].injectionLayer) for each of \(settings.cscImages) images, propagated down by each method; median |cos| over pairs and positions, plotted as 1 − CSC on a log axis (ticks read as CSC). The dashed line is the chance baseline."),
      ]))
    }
    if !rank.isEmpty {
      sections.append(ReportSection(title: "σ₂/σ₁ profiles", blocks: rankBlocks()))
    }
    if !simulation.isEmpty {
      let rows = simulation.map { s in
        [s.family, s.median.last.map { String(format: "%.2e", $0) } ?? "—", s.collapseDepth.map(String.init) ?? "never"]
      }
      sections.append(ReportSection(title: "Random-matrix simulation", blocks: [
        .svg(name: "simulation", svg: ReportFigures.simulationChart(simulation, shapes: simulationShapesText).svg(),
             caption: "Median 1 − mean|cos| of \(settings.simulationVectors) random vectors after each multiplication by the family's random matrices on \(simulationShapesText), \(settings.simulationSamples) samples per family (paper notebook: 32 vectors, 20 samples). Families that reach 1e-12 have collapsed to one direction."),
        .table(ReportTable(
          header: ["family", "1 − mean|cos| at the end", "multiplications to < 1e-6"], alignments: [.left, .right, .right],
          rows: rows, caption: "Simulation summary per family.")),
      ]))
    }
    return ReportDocument(
      title: "BackpropAudit report",
      lead: "Do modified-backpropagation attributions depend on the later layers? Theory (sign analysis, proofs, simulation) beside experiment (sanity checks) as in Sixt et al., When Explanations Lie, ICML 2020.",
      sections: sections)
  }

  /// "VGG-16 backward shapes" for the default chain, "10 matrices 32×32" for equal shapes, else the shapes.
  var simulationShapesText: String {
    let vgg = RandomMatrixSimulation.vgg16Shapes.map { [$0.rows, $0.columns] }
    if settings.simulationShapes == vgg { return "VGG-16 backward shapes" }
    if let first = settings.simulationShapes.first, settings.simulationShapes.allSatisfy({ $0 == first }) {
      return "\(settings.simulationShapes.count) matrices \(first[0])×\(first[1])"
    }
    return "\(settings.simulationShapes.count) matrices " + settings.simulationShapes.map { "\($0[0])×\($0[1])" }.joined(separator: ", ")
  }

  /// The "What was run" section: networks, accuracy, seeds, sizes, version, timings.
  func whatWasRun() -> ReportSection {
    let nets = ReportTable(
      header: ["network", "what it is", "held-out accuracy", "images", "two-object images", "setup s", "checks s"],
      alignments: [.left, .left, .right, .right, .right, .right, .right],
      rows: networks.map { r in
        [r.name, r.summary, r.heldOutAccuracy.map { String(format: "%.1f %%", 100 * $0) } ?? "— (random)",
         String(r.images), String(r.twoObjectImages), String(format: "%.1f", r.setupSeconds), String(format: "%.1f", r.seconds)]
      }, caption: "Networks audited.")
    let times = ReportTable(
      header: ["step", "seconds"], alignments: [.left, .right],
      rows: timings.map { [$0.step, String(format: "%.1f", $0.seconds)] }, caption: "Time per step.")
    return ReportSection(title: "What was run", blocks: [
      .list([
        "BackpropAudit \(version).",
        "Methods (\(settings.methods.count)): \(settings.methods.joined(separator: ", ")).",
        "Sizes: \(settings.images) images per check (paper: 200), \(settings.twoObjectImages) two-object images, \(settings.resamples) bootstrap resamples (paper: 10,000), \(settings.gridImages) grid image(s) per network, simulation \(settings.simulationSamples) samples × \(settings.simulationVectors) vectors (paper: 20 × 32). bpaudit report --full uses the paper's sizes.",
        "Seed \(settings.seed) for the randomization, random classes, bootstrap and simulation; randomization: cascading, Glorot-uniform kernels and zero biases (Keras defaults, as the paper); similarity: SSIM_flip (paper-digest §6.2).",
        "CSC: \(settings.cscImages) images × 5 vectors on the primary network, injection at the logits (paper: 200 images, five injection layers).",
        "σ₂/σ₁: " + (rank.first.map { "backward products of every method with a catalogue rule on \($0.network), from \($0.injectionLayer) down, at its first two inputs." } ?? "not measured."),
      ]),
      .table(nets), .table(times),
    ])
  }

  /// Blocks of the σ₂/σ₁ section: the chart, the table at the input, the methods left out.
  func rankBlocks() -> [ReportBlock] {
    let net = rank[0].network
    let f = { (x: Double?) in x.map { $0.isFinite ? String(format: "%.3f", $0) : "nan" } ?? "—" }
    var blocks: [ReportBlock] = [
      .paragraph("Theorem 1 measured (bpaudit rank): for every depth k, the product P_k = C_{k+1} ⋯ C_m of the method's local backward matrices at an input of \(net), from the logits layer m down to the output of layer k, rescaled at every step; exact SVD of every product. σ₂/σ₁ → 0 means every relevance vector injected at the top leaves layer k in one direction (rank one): the map no longer depends on the upper layers. Rules with non-negative local matrices (z⁺ = α1β0, Excitation BP, DTD, w², flat, DeepLIFT's ablation) fall by orders of magnitude within a few layers; the gradient and the rules with mixed signs (LRP-0, ε, DeepLIFT rescale) do not."),
      .svg(name: "rank-\(net.fileStem)", svg: ReportFigures.rankChart(rank).svg(),
           caption: "σ₂/σ₁ of P_k per method on \(net) (one curve per method; log axis, values below 1e-12 drawn at 1e-12). Injection at \(rank[0].injectionLayer), first held-out input."),
      .table(ReportTable(
        header: ["method", "catalogue rule", "σ₂/σ₁ at the input", "stable rank at the input", "top-direction |cos| (two inputs)"],
        alignments: [.left, .left, .right, .right, .right],
        rows: rank.map { r in
          [r.method, r.rule, r.inputRatio.isFinite ? String(format: "%.2e", r.inputRatio) : "nan",
           f(r.stableRank.last), f(r.topDirectionCosine.last)]
        }, caption: "The product from the logits down to the input of \(net). Stable rank ‖P‖_F²/σ₁² is 1 for rank one; |cos| near 1 means the collapsed direction is the same at both inputs.")),
    ]
    if !rankSkipped.isEmpty {
      blocks.append(.paragraph("Not profiled: " + rankSkipped.joined(separator: "; ") + "."))
    }
    return blocks
  }

  /// Blocks of the two-object section: the overlap table and the grids.
  func twoObjectBlocks() -> [ReportBlock] {
    var blocks: [ReportBlock] = [
      .paragraph("Images with two objects of different classes. A class-sensitive method puts the top of the map for class A on object A: its own-object overlap (top-k pixels of the map on the object's mask, k = object size) exceeds the other-object overlap, and the two maps differ (low SSIM_flip)."),
    ]
    for r in networks where r.twoObjectImages > 0 {
      blocks.append(.table(ReportTable(
        header: ["method", "own-object overlap", "other-object overlap", "SSIM_flip(map A, map B)"],
        alignments: [.left, .right, .right, .right],
        rows: r.methods.map { m in
          [m.method, TheoryExperimentTable.format(m.ownObjectOverlap?.median), TheoryExperimentTable.format(m.otherObjectOverlap?.median),
           TheoryExperimentTable.format(m.twoClassSimilarity?.median)]
        }, caption: "Medians over \(r.twoObjectImages) two-object images of \(r.name).")))
    }
    blocks += twoObjectGrids.enumerated().map { k, g in .svg(name: "two-objects-\(k)", svg: g.svg(), caption: "\(g.title). Per image: the input, then each method's map explaining class A and class B (channel reduction as the paper, each map scaled to its own 99.5th percentile of |R|).") }
    return blocks
  }
}

extension String {
  /// A file stem of letters, digits, `-`, `_`, `.` (others become `-`).
  var fileStem: String {
    String(map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
  }
}
