// Module `Reports`: everything a BackpropAudit report is drawn with, on Foundation, `Networks.Tensor` and
// Analysis (heatmap reduction, quantiles, the results a report shows). See DESIGN.md §2 and issue 7.
//
// Layout
// - PNG/       `PNGEncoder` (8-bit gray/RGB/RGBA, adaptive row filters) over `ZlibEncoder` and
//              `DeflateEncoder` (stored blocks, or one fixed-Huffman block after hash-chain LZ77),
//              `CRC32`, `Adler32`; `RasterImage` is the pixel container.
// - Color/     `ColorMap` (piecewise-linear anchors; seismic, bwr, coldnhot, gray, hot, viridis),
//              `RGBColor`.
// - Heatmaps/  `HeatmapRenderer` (channel sum or abs-max, 99.5th-percentile symmetric clipping,
//              nearest upscale, input images min-max per channel), `HeatmapGrid` (labelled SVG
//              grid of PNG cells, the paper's Figure 1 layout). Channel reduction and
//              percentiles come from Analysis (`HeatmapReduction`, `Quantiles`).
// - Charts/    `LineChart` (linear / log10 down to 1e-12, categorical or numeric x, bands),
//              `BoxPlot` + `BoxStatistics` (Tukey 1.5 IQR), `SeriesStyle`; internal `SVGCanvas`
//              and `ResolvedAxis`.
// - Documents/ `ReportDocument` → `HTMLRenderer` (one self-contained, XML-well-formed HTML file,
//              no scripts) and `MarkdownRenderer` (text + figure files); `AtomicFileWriter`;
//              `TextEscaping`; `BrowserScreenshot` (headless Chromium, for tests).
// - Report/    `AuditReport` (run on prebuilt `ReportNetwork`s with `ReportSettings`, then
//              `document()` / `jsonData()`), `TheoryExperimentTable` (+ `AlgebraicVerdict`,
//              `PaperExpectation`), `ReportFigures`, the Codable summaries behind every figure.
//
// Design notes
// - Output is byte-stable: coordinates carry at most two decimals, no dates, no random ids, so
//   golden files of report fragments stay valid across runs.
// - SVG figures use no element ids (no clip paths, gradients or markers by reference): any number
//   of them can be inlined into one HTML page without collisions. Values outside a fixed range are
//   drawn at its edge instead of being clipped by a clip path.
// - All text passes through `TextEscaping`; SVG strings from this module are the only markup a
//   document inlines verbatim.
// - The heatmap limit is per map (as the paper's figures), so a grid shows shape, not scale.
