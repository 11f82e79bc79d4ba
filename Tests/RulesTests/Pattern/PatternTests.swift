import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// Pattern estimation (analytic signal recovery, a naive Double reference, streaming), the
/// pattern file, and the two propagators.
@Suite struct PatternTests {
  /// `x = a_s·s + a_d·d` with `w ⊥ a_d`, on a balanced grid of `(s, d)` so that the sample
  /// covariance of `s` and `d` is exactly 0 (also on the subsets `s > 0`, `s < 0`).
  /// Then `y = wᵀx = (wᵀa_s)·s` and every estimator recovers `a_s / (wᵀa_s)`.
  static let signal: [Float] = [2, 1]
  static let distractor: [Float] = [1, -1]
  static let filter: [Float] = [1, 1]

  static func gridSamples() -> [[Float]] {
    var rows: [[Float]] = []
    for s: Float in [-2, -1, 1, 2] {
      for d: Float in [-1.5, 1.5] {
        rows.append([signal[0] * s + distractor[0] * d, signal[1] * s + distractor[1] * d])
      }
    }
    return rows
  }

  @Test(arguments: PatternEstimatorKind.allCases)
  func recoversSignalDirectionDense(_ kind: PatternEstimatorKind) throws {
    let net = try Network(
      inputShape: [2],
      layers: [
        .dense(Dense(name: "fc1", weight: Tensor(shape: [1, 2], scalars: Self.filter), bias: nil)),
        .relu(name: "relu2"),
        .dense(Dense(name: "fc3", weight: Tensor(shape: [1, 1], scalars: [1]), bias: Tensor(shape: [1], scalars: [0.5]))),
      ])
    let rows = Self.gridSamples()
    var estimator = PatternEstimator(network: net, kind: kind)
    try estimator.accumulate(batch: Tensor(shape: [rows.count, 2], scalars: rows.flatMap { $0 }))
    let set = try estimator.patterns()
    let expected = Self.signal.map { $0 / 3 }  // wᵀa_s = 3
    expectClose(try #require(set.patterns["fc1"]).scalars, expected, rtol: 1e-6, "\(kind) a")
    if kind == .relu {
      expectClose(try #require(set.negativePatterns["fc1"]).scalars, expected, rtol: 1e-6, "a₋")
    }
    // fc3 sees relu(3s): a one-dimensional input, so the pattern is 1 / w = 1.
    expectClose(try #require(set.patterns["fc3"]).scalars, [1], rtol: 1e-6, "fc3")
    #expect(set.negativePatterns["fc3"] == nil)
  }

  /// The same signal at every pixel of a 1×1 convolution: the conv estimator pools positions.
  @Test func recoversSignalDirectionConv() throws {
    let conv = Conv2D(
      name: "conv1", weight: Tensor(shape: [1, 2, 1, 1], scalars: Self.filter), bias: nil,
      stride: Size2D(1, 1), padding: Size2D(0, 0))
    let net = try Network(inputShape: [2, 2, 2], layers: [.conv2d(conv), .relu(name: "relu2")])
    let rows = Self.gridSamples()  // 8 observations → 2 images of 2×2 pixels
    var x = Tensor(shape: [2, 2, 2, 2])
    for (k, row) in rows.enumerated() {
      let image = k / 4
      let pixel = k % 4
      for c in 0..<2 { x.scalars[((image * 2 + c) * 4) + pixel] = row[c] }
    }
    for kind in PatternEstimatorKind.allCases {
      var estimator = PatternEstimator(network: net, kind: kind)
      try estimator.accumulate(batch: x)
      let pattern = try #require(try estimator.patterns().patterns["conv1"])
      #expect(pattern.shape == [1, 2, 1, 1])
      expectClose(pattern.scalars, Self.signal.map { $0 / 3 }, rtol: 1e-6, "\(kind)")
    }
  }

  /// A padded, strided 2×2 conv on random data against a naive Double estimator over explicit
  /// patches; fed in one batch or in three, the result is the same.
  @Test func convMatchesNaiveReferenceAndStreams() throws {
    let conv = Conv2D(
      name: "conv1",
      weight: Tensor(shape: [3, 2, 2, 2], scalars: (0..<24).map { Float(($0 * 7) % 11) / 5 - 1 }),
      bias: Tensor(shape: [3], scalars: [0.1, -0.2, 0.05]), stride: Size2D(2, 1), padding: Size2D(1, 1))
    let net = try Network(inputShape: [2, 5, 4], layers: [.conv2d(conv), .relu(name: "relu2")])
    var g = SeededGenerator(seed: 5)
    let x = Tensor(shape: [6, 2, 5, 4], scalars: (0..<240).map { _ in Float(g.nextGaussian()) })
    let y = net.layers[0].forward(x)
    let (oh, ow) = (y.shape[2], y.shape[3])
    for kind in PatternEstimatorKind.allCases {
      var whole = PatternEstimator(network: net, kind: kind)
      try whole.accumulate(batch: x)
      var parts = PatternEstimator(network: net, kind: kind)
      for (first, count) in [(0, 1), (1, 3), (4, 2)] {
        try parts.accumulate(batch: x.rows(first..<(first + count)))
      }
      let ours = try #require(try whole.patterns().patterns["conv1"])
      expectClose(try #require(try parts.patterns().patterns["conv1"]).scalars, ours.scalars, rtol: 1e-6, "\(kind) streaming")
      var expected = [Float]()
      for o in 0..<3 {
        var n = 0.0, sy = 0.0
        var sx = [Double](repeating: 0, count: 8), sxy = sx
        for s in 0..<6 {
          for oy in 0..<oh {
            for ox in 0..<ow {
              let v = Double(y.scalars[((s * 3 + o) * oh + oy) * ow + ox])
              if kind == .relu && !(v > 0) { continue }
              n += 1
              sy += v
              for c in 0..<2 {
                for i in 0..<2 {
                  for j in 0..<2 {
                    let (row, col) = (oy * 2 - 1 + i, ox - 1 + j)
                    let p = row >= 0 && row < 5 && col >= 0 && col < 4 ? Double(x.scalars[((s * 2 + c) * 5 + row) * 4 + col]) : 0
                    sx[(c * 2 + i) * 2 + j] += p
                    sxy[(c * 2 + i) * 2 + j] += p * v
                  }
                }
              }
            }
          }
        }
        let cov = (0..<8).map { sxy[$0] / n - sx[$0] / n * sy / n }
        let denominator = (0..<8).reduce(0.0) { $0 + Double(conv.weight.scalars[o * 8 + $1]) * cov[$1] }
        expected += cov.map { Float($0 / denominator) }
      }
      expectClose(ours.scalars, expected, rtol: 1e-4, atol: 1e-6, "\(kind) naive")
    }
  }

  /// Save and load reproduce the set; a missing or misshaped key is a one-line `ModelFileError`.
  @Test func saveLoadRoundTripAndErrors() throws {
    let net = Network.smallCNN(inputShape: [1, 8, 8], classes: 3, seed: 2)
    var g = SeededGenerator(seed: 3)
    var estimator = PatternEstimator(network: net)
    try estimator.accumulate(batch: Tensor(shape: [5, 1, 8, 8], scalars: (0..<320).map { _ in Float(g.nextGaussian()) }))
    let set = try estimator.patterns()
    #expect(Set(set.patterns.keys) == ["conv1", "conv2", "fc3"])
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("patterns-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("p.safetensors")
    try set.save(to: url)
    #expect(try PatternSet.load(from: url, for: net) == set)

    var missing = set
    missing.patterns["conv2"] = nil
    try missing.save(to: url)
    #expect {
      try PatternSet.load(from: url, for: net)
    } throws: { error in
      guard case ModelFileError.missingTensor(_, "conv2.pattern", _) = error else { return false }
      return !"\(error)".contains("\n")
    }
    var misshaped = set
    misshaped.patterns["fc3"] = Tensor(shape: [2, 2])
    try misshaped.save(to: url)
    #expect {
      try PatternSet.load(from: url, for: net)
    } throws: { error in
      guard case ModelFileError.shapeMismatch(_, "fc3.pattern", _, [2, 2]) = error else { return false }
      return !"\(error)".contains("\n")
    }
  }

  /// PatternNet with `A = W` and PatternAttribution with `A = 1` are the gradient; a layer without
  /// a pattern is a one-line `unsupportedLayer`.
  @Test func propagatorsReduceToTheGradient() throws {
    let net = Network.smallCNN(inputShape: [2, 8, 8], classes: 4, seed: 6)
    var g = SeededGenerator(seed: 8)
    let trace = net.trace(Tensor(shape: [3, 2, 8, 8], scalars: (0..<384).map { _ in Float(g.nextGaussian()) }))
    let start = RelevanceStart(layer: net.layers.count - 1, relevance: MethodFixture.oneHot([0, 2, 3], classes: 4))
    let gradient = net.backward(trace: trace, upstream: start.relevance, at: start.layer, keepActivationGradients: true)
    var weights: [String: Tensor] = [:]
    var ones: [String: Tensor] = [:]
    for layer in net.layers {
      if let w = PatternSet.weight(of: layer) {
        weights[layer.name] = w
        ones[layer.name] = Tensor(shape: w.shape, repeating: 1)
      }
    }
    let net1 = try PatternNet(patterns: PatternSet(estimator: .linear, patterns: weights))
      .propagate(network: net, trace: trace, start: start)
    let attr = try PatternAttribution(patterns: PatternSet(estimator: .linear, patterns: ones))
      .propagate(network: net, trace: trace, start: start)
    for l in 0..<gradient.activationGradients.count {
      expectClose(net1.relevances[l].scalars, gradient.activationGradients[l].scalars, rtol: 1e-6, atol: 1e-7, "net \(l)")
      expectClose(attr.relevances[l].scalars, gradient.activationGradients[l].scalars, rtol: 1e-6, atol: 1e-7, "attr \(l)")
    }
    #expect(PatternNet(patterns: PatternSet(estimator: .linear, patterns: [:])).seed == .unit)
    #expect(PatternAttribution(patterns: PatternSet(estimator: .linear, patterns: [:])).seed == .logitValue)
    var partial = ones
    partial["conv2"] = nil
    #expect {
      try PatternAttribution(patterns: PatternSet(estimator: .relu, patterns: partial))
        .propagate(network: net, trace: trace, start: start)
    } throws: { error in
      guard case AttributionError.unsupportedLayer("pattern-attribution", "conv2", _) = error else { return false }
      return !"\(error)".contains("\n")
    }
  }
}
