import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport

@testable import Analysis

@Suite struct QuantileTests {
  @Test func numpyLinearPercentilesAndMedian() {
    // numpy: percentile([1,2,3,4], 50) = 2.5; h = 3·0.1 = 0.3 → 1 + 0.3 = 1.3.
    expectClose(Quantiles.percentile([4, 1, 3, 2], 50), 2.5, rtol: 0)
    expectClose(Quantiles.percentile([4, 1, 3, 2], 10), 1.3, rtol: 1e-15)
    // h = 0.995 ≥ 0.5: b − (b − a)(1 − t) = 20 − 10·0.005.
    expectClose(Quantiles.percentile([10, 20], 99.5), 19.95, rtol: 1e-15)
    #expect(Quantiles.percentile([10, 20], 100) == 20)
    #expect(Quantiles.percentile([10, 20], 0) == 10)
    #expect(Quantiles.median([3, 1, 2, 4]) == 2.5)
    #expect(Quantiles.median([3, 1, 2]) == 2)
    #expect(Quantiles.median([1, .nan]).isNaN)
  }
}

@Suite struct StructuralSimilarityTests {
  /// One 5×5 window (the 2-pixel crop leaves exactly one pixel). x has ones on 10 pixels, y on
  /// 10 pixels of which 5 coincide with x's. Hand derivation, N = 25, factor N/(N−1) = 25/24:
  /// μx = μy = 10/25 = 0.4; mean(x²) = 0.4 → σx² = 25/24·(0.4 − 0.16) = 0.25 = σy²;
  /// mean(xy) = 5/25 = 0.2 → σxy = 25/24·(0.2 − 0.16) = 1/24;
  /// C1 = (0.01·2)² = 0.0004, C2 = (0.03·2)² = 0.0036;
  /// S = (2·0.16 + C1)(2/24 + C2) / ((0.32 + C1)(0.5 + C2)) = (1/12 + 0.0036)/0.5036.
  @Test func handComputedSingleWindow() {
    let x = Matrix(rows: 5, columns: 5, scalars: (0..<25).map { $0 < 10 ? 1 : 0 })           // pixels 0…9
    let y = Matrix(rows: 5, columns: 5, scalars: (0..<25).map { $0 >= 5 && $0 < 15 ? 1 : 0 })  // 5…14: overlap 5…9
    let expected = (1.0 / 12 + 0.0036) / 0.5036
    expectClose(StructuralSimilarity.paper.similarity(x, y), expected, rtol: 1e-14)
    // Population covariance (factor 1): σ² = 0.24, σxy = 0.04.
    let population = StructuralSimilarity(sampleCovariance: false)
    expectClose(population.similarity(x, y), (0.08 + 0.0036) / (0.48 + 0.0036), rtol: 1e-14)
  }

  /// The separable window sums against a naive per-pixel loop over the 5×5 window.
  @Test func agreesWithNaiveWindowLoop() {
    for seed in UInt64(1)...3 {
      var g = SeededGenerator(seed: seed)
      let x = Matrix.gaussian(rows: 9, columns: 11, using: &g)
      let y = Matrix.gaussian(rows: 9, columns: 11, using: &g)
      var total = 0.0
      for i in 2..<7 {
        for j in 2..<9 {
          var a: [Double] = [], b: [Double] = []
          for di in -2...2 { for dj in -2...2 { a.append(x[i + di, j + dj]); b.append(y[i + di, j + dj]) } }
          let mx = a.reduce(0, +) / 25, my = b.reduce(0, +) / 25
          var vx = 0.0, vy = 0.0, vxy = 0.0
          for k in 0..<25 { vx += (a[k] - mx) * (a[k] - mx); vy += (b[k] - my) * (b[k] - my); vxy += (a[k] - mx) * (b[k] - my) }
          vx /= 24; vy /= 24; vxy /= 24
          total += (2 * mx * my + 0.0004) * (2 * vxy + 0.0036) / ((mx * mx + my * my + 0.0004) * (vx + vy + 0.0036))
        }
      }
      expectClose(StructuralSimilarity.paper.similarity(x, y), total / 35, rtol: 1e-12, "seed \(seed)")
    }
  }

  @Test func identityAndSymmetry() {
    for seed in UInt64(10)...13 {
      var g = SeededGenerator(seed: seed)
      let x = Matrix.gaussian(rows: 12, columns: 8, using: &g)
      let y = Matrix.gaussian(rows: 12, columns: 8, using: &g)
      expectClose(StructuralSimilarity.paper.similarity(x, x), 1, rtol: 1e-14, "seed \(seed)")
      expectClose(StructuralSimilarity.paper.similarity(x, y), StructuralSimilarity.paper.similarity(y, x), rtol: 1e-14, "seed \(seed)")
    }
  }
}

@Suite struct SaliencySimilarityTests {
  /// x = 0…10, p = 90: P90 = 9, P10 = 1, so n(x) = clip((x − 9)/(1 − 9), 0, 1) = clip((9 − x)/8).
  @Test func normalizeSanityIsTheInvertedRobustMinMax() {
    let x = Matrix(rows: 1, columns: 11, scalars: (0...10).map(Double.init))
    let n = SaliencySimilarity.normalizeSanity(x, percentile: 90)
    expectClose(n.scalars, [1, 1, 7.0 / 8, 6.0 / 8, 5.0 / 8, 0.5, 3.0 / 8, 2.0 / 8, 1.0 / 8, 0, 0], rtol: 1e-15)
    let constant = SaliencySimilarity.normalizeSanity(Matrix(rows: 2, columns: 2, repeating: 3))
    #expect(constant.scalars.allSatisfy { $0.isNaN })
  }

  @Test func flippedSSIMOfANegatedMapIsOne() {
    for seed in UInt64(20)...23 {
      var g = SeededGenerator(seed: seed)
      let x = Matrix.gaussian(rows: 16, columns: 16, using: &g)
      expectClose(SaliencySimilarity.ssimFlipped(x, -x), 1, rtol: 1e-14, "seed \(seed)")
      expectClose(SaliencySimilarity.ssimFlipped(x, 3 * x), 1, rtol: 1e-14, "seed \(seed)")
      let y = Matrix.gaussian(rows: 16, columns: 16, using: &g)
      #expect(SaliencySimilarity.ssimFlipped(x, y) < 0.5, "seed \(seed)")
    }
  }

  @Test func spearmanKnownValues() {
    // Ranks of y = [5,6,7,8,7] are [1,2,3.5,5,3.5]; Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → 8/√95.
    expectClose(SaliencySimilarity.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 8 / 95.0.squareRoot(), rtol: 1e-15)
    expectClose(SaliencySimilarity.spearman([1, 2, 3], [10, 100, 1000]), 1, rtol: 1e-15)
    expectClose(SaliencySimilarity.spearman([1, 2, 3], [3, 2, 1]), -1, rtol: 1e-15)
    #expect(SaliencySimilarity.averageRanks([2, 1, 2, 2]) == [3, 1, 3, 3])
    expectClose(SaliencySimilarity.cosine(Matrix([[1, 0]]), Matrix([[1, 1]])), 0.5.squareRoot(), rtol: 1e-15)
  }

  @Test func heatmapReductions() {
    // One input, two channels of a 1×2 image: channel 0 = [1, −3], channel 1 = [−2, 2].
    let t = Tensor(shape: [1, 2, 1, 2], scalars: [1, -3, -2, 2])
    #expect(HeatmapReduction.sum.heatmaps(t)[0].scalars == [-1, -1])
    #expect(HeatmapReduction.absMax.heatmaps(t)[0].scalars == [2, 3])
    #expect(HeatmapReduction.absSum.heatmaps(t)[0].scalars == [3, 5])
    #expect(HeatmapReduction.paper(forMethod: "guided-backprop") == .absMax)
    #expect(HeatmapReduction.paper(forMethod: "Gradient") == .absMax)
    #expect(HeatmapReduction.paper(forMethod: "lrp-alpha1beta0") == .sum)
  }

  @Test func bootstrapIntervalOfTheMedian() {
    var g = SeededGenerator(seed: 5)
    let constant = BootstrapInterval(medianOf: [0.7, 0.7, 0.7], resamples: 200, using: &g)
    #expect(constant.lower == 0.7 && constant.upper == 0.7 && constant.median == 0.7)
    // Two values: resampled medians are 0, 0.5, 1 with probabilities ¼, ½, ¼, so the 0.5 % and
    // 99.5 % percentiles of 10,000 of them are 0 and 1.
    let two = BootstrapInterval(medianOf: [0, 1], using: &g)
    #expect(two.lower == 0 && two.upper == 1 && two.median == 0.5)
    var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
    let values = (0..<50).map { Double($0 * $0 % 17) }
    let first = BootstrapInterval(medianOf: values, resamples: 500, using: &a)
    let second = BootstrapInterval(medianOf: values, resamples: 500, using: &b)
    #expect(first == second)
    let ci = BootstrapInterval(medianOf: values, resamples: 500, using: &a)
    #expect(ci.lower <= ci.median && ci.median <= ci.upper)
  }

  /// The naive bootstrap: copy each resample, sort it, take numpy's median (an independent path to
  /// the rank-counting implementation, drawing the same indices).
  static func naiveBootstrap(_ values: [Double], resamples: Int, confidence: Double, seed: UInt64) -> (Double, Double) {
    var g = SeededGenerator(seed: seed)
    var medians: [Double] = []
    for _ in 0..<resamples {
      let draw = (0..<values.count).map { _ in values[Int(g.next().multipliedFullWidth(by: UInt64(values.count)).high)] }
      medians.append(Quantiles.median(draw))
    }
    medians.sort()
    return (Quantiles.percentile(sorted: medians, 50 * (1 - confidence)), Quantiles.percentile(sorted: medians, 50 * (1 + confidence)))
  }

  @Test func bootstrapMatchesTheNaiveSortPath() {
    for seed: UInt64 in 0..<6 {
      var data = SeededGenerator(seed: 100 + seed)
      let n = 1 + Int(seed) * 7  // odd and even counts, n = 1 included
      // Rounded Gaussians: many ties.
      let values = (0..<n).map { _ in (data.nextGaussian() * 4).rounded() / 4 }
      var g = SeededGenerator(seed: seed)
      let fast = BootstrapInterval(medianOf: values, resamples: 300, confidence: 0.9, using: &g)
      let naive = Self.naiveBootstrap(values, resamples: 300, confidence: 0.9, seed: seed)
      #expect(fast.lower == naive.0 && fast.upper == naive.1, "seed \(seed), n \(n)")
    }
  }
}

/// Against an independent implementation: scikit-image 0.26.0 `structural_similarity(x, y,
/// win_size=5, data_range=2)` (the same formula and defaults as 0.16's `compare_ssim`, uniform
/// window, sample covariance), numpy 2.4.6 `percentile` for `normalize_sanity`, scipy 1.17.1
/// `spearmanr`; run once on x = sin(1.3 i + 0.7 j), y = cos(0.4 i − 1.1 j) + 0.1 i, 9 × 11.
@Suite struct ScikitImageReferenceTests {
  static func image(_ f: (Double, Double) -> Double) -> Matrix {
    var values: [Double] = []
    for i in 0..<9 { for j in 0..<11 { values.append(f(Double(i), Double(j))) } }
    return Matrix(rows: 9, columns: 11, scalars: values)
  }
  static let x = image { i, j in sin(i * 1.3 + j * 0.7) }
  static let y = image { i, j in
    let c: Double = cos(i * 0.4 - j * 1.1)
    return c + 0.1 * i
  }

  @Test func ssimAndFlippedSSIMMatchScikitImage() {
    expectClose(StructuralSimilarity.paper.similarity(Self.x, Self.y), -0.004142485079300041, rtol: 1e-11)
    let nx = SaliencySimilarity.normalizeSanity(Self.x)
    expectClose(StructuralSimilarity.paper.similarity(nx, SaliencySimilarity.normalizeSanity(Self.y)), -0.012863157514160404, rtol: 1e-11)
    expectClose(SaliencySimilarity.ssimFlipped(Self.x, Self.y), 0.04754396435048858, rtol: 1e-11)
    expectClose(SaliencySimilarity.ssimFlipped(Self.x, Self.y, percentile: 100), 0.04788206511391029, rtol: 1e-11)
  }

  @Test func spearmanWithTiesMatchesScipy() {
    // y rounded to one decimal has ties.
    let rounded = Self.y.scalars.map { ($0 * 10).rounded() / 10 }
    expectClose(SaliencySimilarity.spearman(Self.x.scalars, rounded), -0.06566289238115575, rtol: 1e-12)
  }
}
