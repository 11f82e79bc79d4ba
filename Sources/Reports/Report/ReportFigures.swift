import Analysis
import Networks
import Rules

/// The figures of an audit report, built from results: heatmap grids (which need the network to
/// compute maps), SSIM curves, random-logit boxplots and the simulation chart.
public enum ReportFigures {
  /// Displayed size of a grid cell in pixels.
  static let cellSize = 64.0

  /// The paper's heatmap of one input map: the method's channel reduction (`HeatmapReduction.paper`),
  /// 99.5th-percentile symmetric limit, `coldnhot`.
  static func heatmap(_ map: Tensor, method: String, imageShape: [Int]) -> RasterImage {
    let renderer = HeatmapRenderer(reduction: HeatmapReduction.paper(forMethod: method))
    return renderer.image(Tensor(shape: imageShape, scalars: map.scalars))
  }

  /// Figure-1-style grids of one network, one per image among its first `images` inputs: rows are
  /// methods, columns the input, the original map and the map after each cascading randomization
  /// stage (the plan of `SanitySuite` with `seed`, so the maps are those the SSIM curves score).
  /// - Complexity: `(stages + 1) · images` explanations per method.
  public static func randomizationGrids(
    _ net: ReportNetwork, methods: [any RelevancePropagator], images: Int, seed: UInt64
  ) throws -> [HeatmapGrid] {
    let n = min(images, net.labels.count)
    guard n > 0 else { return [] }
    let rowSize = net.inputs.count / net.labels.count
    let inputs = Tensor(shape: [n] + net.inputs.shape.dropFirst(), scalars: Array(net.inputs.scalars[0..<(n * rowSize)]))
    let checks = SanityChecks(network: net.network, inputs: inputs, labels: Array(net.labels[0..<n]))
    let stages = ParameterRandomization(seed: seed).stages(of: net.network)
    var maps = [try checks.maps(methods, on: net.network, classes: checks.labels)]
    for stage in stages { maps.append(try checks.maps(methods, on: stage.network, classes: checks.labels)) }
    let shape = checks.imageShape
    return (0..<n).map { i in
      let input = HeatmapRenderer.inputImage(Tensor(shape: shape, scalars: checks.inputs.scalars[(i * rowSize)..<((i + 1) * rowSize)].map { $0 }))
      let cells = methods.indices.map { m in maps.map { heatmap($0[m][i], method: methods[m].name, imageShape: shape) } }
      return HeatmapGrid.randomization(
        title: "\(net.name), image \(i) (class \(checks.labels[i])): maps after cascading randomization",
        input: input, methods: methods.map(\.name), stageLabels: ["original"] + stages.map { "→ \($0.cutPoint)" },
        maps: cells, cellSize: cellSize)
    }
  }

  /// The two-object figure: for each of the first `count` images, the input and every method's
  /// map for the image's class A and class B.
  public static func twoObjectGrid(
    _ net: ReportNetwork, images: TwoObjectImages, methods: [any RelevancePropagator], count: Int
  ) throws -> HeatmapGrid {
    let n = min(count, images.labels.count)
    let shape = SimilarityMeasure.imageShape(forInput: net.network.inputShape)
    let rowSize = shape.reduce(1, *)
    let inputs = Tensor(shape: [n] + net.network.inputShape, scalars: Array(images.inputs.scalars[0..<(n * rowSize)]))
    let labels = Array(images.labels[0..<n])
    let checks = SanityChecks(network: net.network, inputs: inputs, labels: labels.map { $0[0] })
    let first = try checks.maps(methods, on: net.network, classes: labels.map { $0[0] })
    let second = try checks.maps(methods, on: net.network, classes: labels.map { $0[1] })
    var columns: [String] = []
    for i in 0..<n {
      columns += ["image \(i)", "class A = \(labels[i][0])", "class B = \(labels[i][1])"]
    }
    let cells: [[RasterImage?]] = methods.indices.map { m in
      (0..<n).flatMap { i -> [RasterImage?] in
        let input = HeatmapRenderer.inputImage(Tensor(shape: shape, scalars: Array(inputs.scalars[(i * rowSize)..<((i + 1) * rowSize)])))
        return [
          input, heatmap(first[m][i], method: methods[m].name, imageShape: shape),
          heatmap(second[m][i], method: methods[m].name, imageShape: shape),
        ]
      }
    }
    return HeatmapGrid(
      title: "\(net.name): two-object images, maps for class A and class B", rowLabels: methods.map(\.name),
      columnLabels: columns, cells: cells, cellSize: cellSize, colorBar: .coldnhot)
  }

  /// SSIM_flip median with its bootstrap interval against the cascading cut points, one series per
  /// method; x = "original" (1 by definition) then each cut point.
  public static func randomizationChart(_ r: NetworkResult) -> LineChart {
    let series = r.methods.map { m in
      LineSeries(
        name: m.method, y: [1] + m.randomization.map(\.median), lower: [1] + m.randomization.map(\.medianLower),
        upper: [1] + m.randomization.map(\.medianUpper))
    }
    return LineChart(
      title: "Cascading randomization on \(r.name) (\(r.images) images)", xLabel: "layers randomized, top down",
      yLabel: "SSIM_flip to the original map (median)", categories: ["none"] + r.cutPoints.map { "→ \($0)" },
      yScale: .linear, yRange: 0...1, series: series, width: 760, height: 460)
  }

  /// Random-logit boxplot of one network, from each method's five-number summary (the quartiles and
  /// median are exact; whiskers reach the minimum and maximum, or mark them as outliers beyond 1.5 IQR).
  public static func randomLogitPlot(_ r: NetworkResult) -> BoxPlot {
    let values = r.methods.map { m -> [Double] in
      let s = m.randomLogit
      return s.n == 0 ? [] : [s.minimum, s.lowerQuartile, s.median, s.upperQuartile, s.maximum]
    }
    return BoxPlot(
      title: "Random logit on \(r.name): SSIM_flip(true class, random class)", xLabel: "method", yLabel: "SSIM_flip",
      categories: r.methods.map(\.method), groups: [BoxPlot.Group(name: "", values: values)], yRange: 0...1,
      width: 760, height: 420)
  }

  /// The simulation chart: median `1 − mean|cos|` per multiplication on a log axis, one series per family.
  public static func simulationChart(_ s: [SimulationSummary], shapes: String) -> LineChart {
    LineChart(
      title: "Random-matrix simulation (\(shapes))", xLabel: "multiplications",
      yLabel: "mean |cos| (median), 1 − x on a log axis", categories: nil, yScale: .log10CSC,
      logTickStyle: .oneMinus, series: s.map { f in LineSeries(name: f.family, x: f.median.indices.map(Double.init), y: f.median) },
      width: 760, height: 460)
  }

  /// CSC curves: `1 − CSC` per point (top to input) on a log axis with `1 − 1e-k` ticks, one series
  /// per method, plus the chance baseline (dashed).
  public static func cscChart(_ profiles: [CSCSummary]) -> LineChart {
    let points = profiles.first?.points ?? []
    var series = profiles.map { p in LineSeries(name: p.method, y: p.median.map { 1 - $0 }) }
    if let first = profiles.first {
      series.append(LineSeries(name: "chance baseline", y: first.baseline.map { 1 - $0 }, style: SeriesStyle(color: RGBColor(red: 120, green: 120, blue: 120), dash: "4 4", markers: false)))
    }
    return LineChart(
      title: "CSC on \(profiles.first?.network ?? "")", xLabel: "point (injection at the top, input at the bottom)",
      yLabel: "CSC (median |cos|)", categories: points, yScale: .log10CSC, logTickStyle: .oneMinus, series: series,
      width: 760, height: 460)
  }
}
