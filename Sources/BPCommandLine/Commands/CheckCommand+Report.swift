import BackpropAudit
import Foundation

extension CheckCommand {
  /// The audit as a report page in the style of `bpaudit report`: verdict, algebra, theory (MLP
  /// table, CSC-by-depth chart beside the closest catalogue rules, random CNN), experiments and
  /// the catalogue comparison. Built from `ReportDocument`, `ReportTable` and `LineChart`;
  /// written by `ReportDocument.write(to:)` (atomic, all files or none renamed).
  static func reportDocument(
    _ r: RuleAuditReport, entry: Expr, catalogue: [CatalogueProfile], paper: [String], seconds: Double,
    settings: RuleAudit.Settings
  ) -> ReportDocument {
    let t = RuleAudit.Thresholds.self
    var sections = [
      ReportSection(title: "Verdict", blocks: [
        .paragraph("\(r.name)" + (r.parameters.isEmpty ? "" : " (\(parameterText(r.parameters)))") + ": \(r.verdict.rawValue). Evidence: \(r.evidence.joined(separator: ", ")). Later-layer independent when the depth-\(r.theory.deepest.depth) random MLP's CSC at the input is ≥ \(t.collapse) and every experiment's SSIM_flip after randomizing the top layer is ≥ \(t.ssimIndependent); not independent when the CSC is < \(t.noCollapse) and every SSIM is < \(t.ssimDependent); inconclusive otherwise."),
        .list(r.reasons),
      ] + (paper.isEmpty ? [] : [.paragraph("Paper (paper-digest §8.2):"), .list(paper)])),
      ReportSection(title: "Algebra", blocks: [
        .table(ReportTable(
          header: ["finding", "value"],
          rows: algebraLines(r.algebra, entry: entry).map { line in
            let key = String(line.prefix(10)).trimmingCharacters(in: .whitespaces)
            return [key, String(line.dropFirst(10))]
          },
          caption: "The rule printed back, its local entry C_ij = ∂R[i]/∂R[j] under a ≥ 0, its sign (proof or witness), conservation and equality with catalogue rules (IdentityCheck, stabilisers dropped).")),
      ]),
      theorySection(r, catalogue: catalogue, settings: settings),
    ]
    if !r.experiments.isEmpty {
      sections.append(ReportSection(title: "Experiment", blocks: [
        .table(ReportTable(
          header: ["network", "images", "CSC at lowest conv", "SSIM_flip, top layer randomized", "SSIM_flip, random logit"],
          alignments: [.left, .right, .right, .right, .right],
          rows: r.experiments.map {
            [$0.network, "\($0.images)", "\(number($0.cscMedian)) (\($0.lowestConv), injected at \($0.injectedAt))",
             "\(number($0.topRandomizationSSIM)) (\($0.topLayer))", number($0.randomLogitSSIM)]
          },
          caption: "Medians over the images. SSIM_flip: the SSIM of the normalised maps, taking the better of the map and its sign flip (paper-digest §6).")),
      ]))
    }
    sections.append(ReportSection(title: "What was run", blocks: [
      .list([
        "random MLPs: width \(settings.width), depths \(settings.depths.map(String.init).joined(separator: ", ")), \(settings.theoryInputs) inputs uniform in [0, 1], 5 random vectors per input injected at the last hidden layer",
        "random CIFAR CNN: \(settings.cnnImages) synthetic images",
        "experiments: \(r.experiments.isEmpty ? "none" : r.experiments.map(\.network).joined(separator: ", ")), \(settings.images) images each",
        "seed \(settings.seed); total \(String(format: "%.1f", seconds)) s",
      ]),
    ]))
    return ReportDocument(
      title: "bpaudit check: \(r.name)",
      lead: "Does this backpropagation rule explain the later layers, or do they drop out (Sixt et al., When Explanations Lie, ICML 2020)? Algebra, theory on random networks and experiments on trained ones.",
      sections: sections)
  }

  /// The theory section: the MLP table, the CSC-by-depth chart with the closest catalogue rules,
  /// and the random CNN's CSC.
  static func theorySection(_ r: RuleAuditReport, catalogue: [CatalogueProfile], settings: RuleAudit.Settings)
    -> ReportSection
  {
    let deepest = r.theory.deepest
    var series = [LineSeries(name: r.name, y: deepest.cscCurve.map { 1 - $0 })]
    for match in r.closest {
      guard let profile = catalogue.first(where: { $0.id == match.id }) else { continue }
      series.append(LineSeries(name: "\(match.id) (\(String(format: "%.2f", match.distance)))", y: profile.cscCurve.map { 1 - $0 }))
    }
    let chart = LineChart(
      title: "CSC by depth on the depth-\(deepest.depth) random MLP", xLabel: "layers of local maps below the injection",
      yLabel: "CSC (median |cos|)", categories: deepest.cscCurve.indices.map(String.init), yScale: .log10CSC,
      logTickStyle: .oneMinus, series: series, width: 760, height: 460)
    var blocks: [ReportBlock] = [
      .table(ReportTable(
        header: ["hidden layers", "σ₂/σ₁ at input", "CSC at input", "Birkhoff bound on 1 − cos"],
        alignments: [.right, .right, .right, .right],
        rows: r.theory.points.map {
          [
            "\($0.depth)", String(format: "%.3e", $0.sigmaRatio), number($0.cscMedian),
            $0.bound.map { String(format: "%.1e", $0.misalignment) } ?? "n/a (a factor has negative entries)",
          ]
        },
        caption: "Random He-initialised ReLU MLPs of width \(r.theory.width). Collapse: "
          + (r.theory.collapseDepth.map { "after \($0) layers of the deepest MLP." } ?? "none within \(deepest.depth) layers."))),
      .svg(
        name: "csc-by-depth", svg: chart.svg(),
        caption: "1 − CSC after k layers of local maps on the deepest MLP (log axis, ticks read as CSC), for this rule and the closest catalogue rules by CSC profile (distance in decades, the mean |Δ log₁₀(1 − CSC)|)."),
    ]
    if let c = r.theory.cnn {
      blocks.append(.table(ReportTable(
        header: ["point", "CSC", "chance"], alignments: [.left, .right, .right],
        rows: c.points.indices.map { [c.points[$0], number(c.cscMedian[$0]), number(c.chance[$0])] },
        caption: "Random CIFAR-architecture CNN, \(c.images) images, random vectors injected at \(c.injectedAt) and propagated by the rule (matrix-free). Collapse: \(c.collapsePoint.map { "from \($0) down" } ?? "none").")))
    }
    if !r.closest.isEmpty {
      blocks.append(.table(ReportTable(
        header: ["catalogue rule", "distance (decades)", "paper (§8.2)"], alignments: [.left, .right, .left],
        rows: r.closest.map { m in
          [m.id, String(format: "%.2f", m.distance),
           PaperExpectation.forMethod(RuleCatalogue.entry(m.id)?.commandName ?? m.id).text]
        },
        caption: "The catalogue rules nearest by CSC-by-depth curve, with what the paper says about them.")))
    }
    return ReportSection(title: "Theory on random networks", blocks: blocks)
  }
}
