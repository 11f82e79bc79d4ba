extension ReportFigures {
  /// The σ₂/σ₁ chart: one series per method, σ₂/σ₁ of the backward product from the injection
  /// layer down to each point (top first) on a log axis from 1e-12 to 1; smaller values (a product
  /// of rank one to rounding) are drawn at 1e-12 and counted under the chart.
  public static func rankChart(_ profiles: [RankSummary]) -> LineChart {
    let first = profiles.first
    return LineChart(
      title: "σ₂/σ₁ of the backward products on \(first?.network ?? "")",
      xLabel: "product from \(first?.injectionLayer ?? "the top") down to the output of",
      yLabel: "σ₂/σ₁ (log)", categories: first?.points, yScale: .log10CSC, yRange: 1e-12...1,
      series: profiles.map { LineSeries(name: $0.method, y: $0.ratio) }, width: 760, height: 460)
  }
}
