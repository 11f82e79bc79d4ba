import Foundation
import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport

@testable import Analysis

@Suite struct CSCTests {
  /// Every method and point of both CSC fixtures (Zennit/Captum vectors stored in float32,
  /// reference statistics from numpy in float64): median, mean, p10, p90, n and n_nan.
  @Test(arguments: ["tiny_mlp@fc3", "small_cnn_strided@fc1"])
  func matchesTheReferenceStatistics(run: String) throws {
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("csc_example.json"))) as! [String: Any]
    let entry = (json["results"] as! [String: Any])[run] as! [String: Any]
    let model = entry["model"] as! String
    let injection = entry["injection_point"] as! String
    let k = entry["k"] as! Int
    let file = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).csc.safetensors"))
    let methods = entry["methods"] as! [String: Any]
    var checked = 0
    for (method, points) in methods {
      for (point, reference) in points as! [String: Any] {
        let r = reference as! [String: Any]
        let key = point == injection ? "csc_vectors" : "\(method)/\(point)"
        let sample = CosineSample(vectors: try file.tensor(named: key), vectorsPerInput: k)
        let stats = CSCStatistics(sample)
        let label: Comment = "\(run) \(method) \(point)"
        #expect(stats.count == r["n"] as! Int, label)
        #expect(stats.nanCount == r["n_nan"] as! Int, label)
        expectClose(stats.median, r["median"] as! Double, rtol: 1e-14, label)
        expectClose(stats.mean, r["mean"] as! Double, rtol: 1e-14, label)
        expectClose(stats.percentile(10)!, r["p10"] as! Double, rtol: 1e-14, label)
        // p90 is not one of the paper's levels: computed from the pooled sample.
        expectClose(Quantiles.percentile(sample.values, 90), r["p90"] as! Double, rtol: 1e-14, label)
        checked += 1
      }
    }
    #expect(checked >= 40)
  }

  /// Rank-one backward maps `P = c γᵀ` send every vector to a multiple of `c`: CSC is 1.
  @Test func rankOneMapsGiveOne() {
    var g = SeededGenerator(seed: 31)
    let (inputs, v, channels, positions) = (3, 5, 6, 4)
    var scalars: [Float] = []
    for _ in 0..<inputs {
      let c = (0..<(channels * positions)).map { _ in g.nextGaussian() }  // one direction per input
      for _ in 0..<v {
        let lambda = g.nextGaussian()
        scalars += c.map { Float($0 * lambda) }
      }
    }
    let sample = CosineSample(vectors: Tensor(shape: [inputs * v, channels, 2, 2], scalars: scalars), vectorsPerInput: v)
    #expect(sample.values.count == inputs * 10 * positions && sample.nanCount == 0)
    #expect(sample.values.allSatisfy { abs($0 - 1) < 1e-6 })
    let stats = CSCStatistics(sample)
    #expect(stats.histogram.last == stats.count)
  }

  /// Identity backward maps pass the injected Gaussians unchanged: CSC is the chance level.
  /// 200 inputs × 10 pairs = 2000 values at width 64; the median's standard error is about
  /// 1/(2 f(m) √n) ≈ 0.0022 (density of |cos| at the median f ≈ 2φ(0.674)√64 ≈ 5.1); allow 4σ.
  @Test func identityMapsGiveTheGaussianBaseline() {
    var g = SeededGenerator(seed: 32)
    let (inputs, v, width) = (200, 5, 64)
    let scalars = (0..<(inputs * v * width)).map { _ in Float(g.nextGaussian()) }
    let stats = CSCStatistics(CosineSample(vectors: Tensor(shape: [inputs * v, width], scalars: scalars), vectorsPerInput: v))
    #expect(abs(stats.median - stats.baseline) < 0.009, "median \(stats.median) baseline \(stats.baseline)")
  }

  @Test func zeroVectorsAreDroppedAndCounted() {
    // One input, V = 3: vectors (1,0), (0,0), (2,0) → pairs (0,1) NaN, (0,2) = 1, (1,2) NaN.
    let sample = CosineSample(vectors: Tensor(shape: [3, 2], scalars: [1, 0, 0, 0, 2, 0]), vectorsPerInput: 3)
    #expect(sample.values == [1] && sample.nanCount == 2)
  }

  @Test func chanceBaselineClosedFormsAndTable() {
    #expect(ChanceBaseline.median(width: 1) == 1)
    expectClose(ChanceBaseline.median(width: 2), 0.5.squareRoot(), rtol: 1e-12)
    expectClose(ChanceBaseline.median(width: 3), 0.5, rtol: 1e-12)
    // The digest's table (§5 step 7, two significant digits) and 0.6745/√C for large C.
    let table: [(Int, Double)] = [(10, 0.23), (32, 0.12), (64, 0.085), (128, 0.060), (256, 0.043), (512, 0.030), (1000, 0.021), (2048, 0.015), (4096, 0.011)]
    for (c, m) in table { expectClose(ChanceBaseline.median(width: c), m, rtol: 0.05, "C = \(c)") }
    expectClose(ChanceBaseline.median(width: 4096), 0.6745 / 64, rtol: 1e-3)
    var g = SeededGenerator(seed: 33)
    // 4000 pairs at C = 16: standard error ≈ 1/(2·2φ(0.67)·4·√4000) ≈ 0.0016.
    expectClose(ChanceBaseline.monteCarlo(width: 16, pairs: 4000, using: &g), ChanceBaseline.median(width: 16), atol: 0.0065)
  }
}

@Suite struct CSCInjectionTests {
  @Test func repeatInterleaveLayout() {
    let x = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
    let r = CSCInjection.repeatInputs(x, vectorsPerInput: 3)
    #expect(r.shape == [6, 1, 2] && r.scalars == [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4])
    var g = SeededGenerator(seed: 1)
    let v = CSCInjection.gaussianVectors(shape: [4, 2, 2], inputs: 2, vectorsPerInput: 5, using: &g)
    #expect(v.shape == [10, 4, 2, 2])
  }

  @Test func statisticsPerBoundary() {
    let top = Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0 % 7) - 3 })
    let bottom = Tensor(shape: [5, 2, 1, 1], scalars: [1, 2, 2, 4, -1, -2, 3, 6, 0.5, 1])
    let stats = CSCInjection.statistics(of: Attribution(relevances: [bottom, top], stabilisedCount: 0), vectorsPerInput: 5)
    #expect(stats.count == 2 && stats[0].count == 10)
    expectClose(stats[0].median, 1, rtol: 1e-15)
    #expect(stats[1] == CSCStatistics(CosineSample(vectors: top, vectorsPerInput: 5)))
  }
}
