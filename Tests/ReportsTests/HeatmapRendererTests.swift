import Testing
import Analysis
import Networks
@testable import Reports

@Suite("Heatmap post-processing")
struct HeatmapRendererTests {
  @Test("Percentile clipping: the limit is the 99.5th percentile of |x|, outliers saturate")
  func clipping() {
    // 199 values ±1 and one outlier 1000: |x| sorted has h = 199 · 0.995 = 198.005 →
    // 1 + 0.005 · 999 = 5.995.
    var values = [Double](repeating: 1, count: 199)
    for k in stride(from: 0, to: 199, by: 2) { values[k] = -1 }
    values.append(1000)
    let r = HeatmapRenderer(colorMap: .bwr)
    #expect(abs(r.limit(of: values) - 5.995) < 1e-9)
    let t = Tensor(shape: [1, 200], scalars: values.map(Float.init))
    let image = r.image(t)
    #expect(Array(image[199, 0]) == [255, 0, 0], "the outlier saturates at the top colour")
    let expectedOne = ColorMap.bwr.color(forSigned: 1, limit: 5.995)
    #expect(Array(image[1, 0]) == [expectedOne.red, expectedOne.green, expectedOne.blue])
  }

  @Test("Channel sum vs abs-max reductions on a [2, 1, 4] map, coloured by hand")
  func reductions() {
    // channel 0: 1, −2, 0, 3; channel 1: 1, 0, 0, 1.
    let t = Tensor(shape: [2, 1, 4], scalars: [1, -2, 0, 3, 1, 0, 0, 1])
    let sum = HeatmapRenderer(reduction: .sum, clipPercentile: 100, colorMap: .bwr)
    #expect(sum.reduce(t).values == [2, -2, 0, 4])
    // L = 4: t = 0.75, 0.25, 0.5, 1.
    #expect(sum.image(t).samples == [255, 128, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0])
    let absMax = HeatmapRenderer(reduction: .absMax, clipPercentile: 100, colorMap: .hot)
    #expect(absMax.reduce(t).values == [1, 2, 0, 3])
    // L = 3: t = ⅓ red, ⅔ yellow, 0 black, 1 white.
    #expect(absMax.image(t).samples == [255, 0, 0, 255, 255, 0, 0, 0, 0, 255, 255, 255])
  }

  @Test("Sparse maps: when the percentile is 0 the limit falls back to max |x|")
  func sparse() {
    // 1000 pixels, two non-zero: P99.5 of |x| is 0 (h = 999 · 0.995 = 994.005 < 998).
    var values = [Double](repeating: 0, count: 1000)
    values[3] = -0.5
    values[700] = 2
    let r = HeatmapRenderer(colorMap: .bwr)
    #expect(Quantiles.percentile(values.map { abs($0) }, 99.5) == 0)
    #expect(r.limit(of: values) == 2)
    let image = r.image(Tensor(shape: [1, 1000], scalars: values.map(Float.init)))
    #expect(Array(image[700, 0]) == [255, 0, 0])
    #expect(Array(image[3, 0]) == [191, 191, 255])  // t = (−0.25 + 1)/2 = 0.375 → 0.75 · 255 = 191.25
  }

  @Test("All-zero maps render as the centre colour; [1, C, H, W] and upscaling")
  func degenerate() {
    let zero = Tensor(shape: [1, 3, 2, 2], repeating: 0)
    let image = HeatmapRenderer(colorMap: .coldnhot, upscale: 3).image(zero)
    #expect(image.width == 6 && image.height == 6)
    #expect(image.samples.allSatisfy { $0 == 0 })
  }

  @Test("Input image: per-channel min-max to 0…255, gray for one channel")
  func inputImage() {
    // R: −1, 0, 1 → 0, 128, 255; G: constant → 0; B: 10, 20, 30 → 0, 128, 255.
    let t = Tensor(shape: [3, 1, 3], scalars: [-1, 0, 1, 5, 5, 5, 10, 20, 30])
    let image = HeatmapRenderer.inputImage(t)
    #expect(image.format == .rgb8)
    #expect(image.samples == [0, 0, 0, 128, 0, 128, 255, 0, 255])
    let gray = HeatmapRenderer.inputImage(Tensor(shape: [2, 2], scalars: [0, 1, 2, 4]), upscale: 2)
    #expect(gray.format == .gray8 && gray.width == 4)
    #expect(Array(gray[2, 0]) == [64])  // 1/4 · 255 = 63.75 → 64
  }
}
