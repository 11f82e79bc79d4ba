import Matrices
import Networks
import Rules
import Testing
@testable import Analysis

@Suite struct ClassSensitivityTests {
  @Test func topKOverlapCountsTheLargestPixelsInsideTheMask() {
    // Map values 0…8 on a 3×3 grid; the mask covers the top row (indices 0, 1, 2) and the size
    // mask has 3 pixels, so top-3 = indices 8, 7, 6 (bottom row): overlap 0.
    let map = Tensor(shape: [3, 3], scalars: (0..<9).map(Float.init))
    let top = Tensor(shape: [3, 3], scalars: [1, 1, 1, 0, 0, 0, 0, 0, 0])
    let bottom = Tensor(shape: [3, 3], scalars: [0, 0, 0, 0, 0, 0, 1, 1, 1])
    #expect(ClassSensitivity.topKOverlap(map, top, k: top) == 0)
    #expect(ClassSensitivity.topKOverlap(map, bottom, k: bottom) == 1)
    // k = 3 from `top`, scored against a mask holding 8 and 5: top-3 = {8, 7, 6} holds one of them.
    let mixed = Tensor(shape: [3, 3], scalars: [0, 0, 0, 0, 0, 1, 0, 0, 1])
    #expect(abs(ClassSensitivity.topKOverlap(map, mixed, k: top) - 1.0 / 3) < 1e-15)
  }

  @Test func tiesAreBrokenByPixelIndex() {
    let flat = Tensor(shape: [2, 2], repeating: 0)
    let first = Tensor(shape: [2, 2], scalars: [1, 0, 0, 0])
    let last = Tensor(shape: [2, 2], scalars: [0, 0, 0, 1])
    #expect(ClassSensitivity.topKOverlap(flat, first, k: first) == 1)
    #expect(ClassSensitivity.topKOverlap(flat, last, k: last) == 0)
  }
}

/// A method with another seed: the same propagation started from `e_c` instead of `f_c(x)·e_c`.
private struct UnitSeeded: RelevancePropagator {
  var base: any RelevancePropagator
  var name: String { base.name }
  var seed: LogitSeed { .unit }
  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try base.propagate(network: network, trace: trace, start: start)
  }
}

@Suite struct ClassSensitivityEndToEndTests {
  @Test func negativeLogitsDoNotTurnLRPMapsUpsideDown() throws {
    // z⁺ is linear in the start relevance, so seeding with f_c(x)·e_c or e_c gives maps that differ
    // by the factor f_c(x); once oriented by sign f_c(x), both rank the pixels alike.
    let images = SyntheticShapes.makeTwoObjects(count: 12, size: .small, seed: 8)
    let network = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: 9)
    let logits = network.trace(Tensor(shape: [12, 1, 16, 16], scalars: images.inputs.scalars)).output
    let negative = (0..<12).flatMap { i in images.labels[i].map { logits.scalars[i * 10 + $0] < 0 } }.filter { $0 }.count
    #expect(negative > 0, "the test needs explained classes with negative logits")
    let zplus = try MethodRegistry.make("lrp-zplus")
    let scores = try ClassSensitivity(network: network, images: images).scores([zplus, UnitSeeded(base: zplus)], similarity: .ssimFlip)
    let mean = { (x: [Double]) in x.reduce(0, +) / Double(x.count) }
    #expect(abs(mean(scores[0].ownOverlap) - mean(scores[1].ownOverlap)) < 0.02, "\(scores[0].ownOverlap) vs \(scores[1].ownOverlap)")
    #expect(abs(mean(scores[0].otherOverlap) - mean(scores[1].otherOverlap)) < 0.02)
  }

  @Test func scoresEveryImageOfEveryMethod() throws {
    let images = SyntheticShapes.makeTwoObjects(count: 6, size: .small, seed: 4)
    let network = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: 5)
    let methods = try ["gradient", "lrp-zplus"].map { try MethodRegistry.make($0) }
    let scores = try ClassSensitivity(network: network, images: images).scores(methods, similarity: .ssimFlip)
    #expect(scores.map(\.method) == ["gradient", "lrp-zplus"])
    for s in scores {
      #expect(s.ownOverlap.count == 6 && s.otherOverlap.count == 6 && s.mapSimilarity.count == 6)
      #expect(s.ownOverlap.allSatisfy { (0...1).contains($0) })
      #expect(s.mapSimilarity.allSatisfy { $0 <= 1 + 1e-12 })
    }
  }

  @Test func ssimFlipOfAMapWithItselfIsOne() {
    var g = SeededGenerator(seed: 3)
    let map = Tensor(shape: [1, 16, 16], scalars: (0..<256).map { _ in Float(g.nextGaussian()) })
    for method in ["gradient", "lrp-zplus", "rectgrad"] {
      let s = SimilarityMeasure.ssimFlip.score(method: method, map, map, imageShape: [1, 16, 16])
      #expect(abs(s - 1) < 1e-12, "\(method): \(s)")
    }
  }

  @Test func cosineIsSignedAndAbsoluteCosineIsNot() {
    for seed: UInt64 in [1, 2, 3] {
      var g = SeededGenerator(seed: seed)
      let map = Tensor(shape: [1, 4, 4], scalars: (0..<16).map { _ in Float(g.nextGaussian()) })
      let negated = Tensor(shape: [1, 4, 4], scalars: map.scalars.map { -2 * $0 })
      let shape = [1, 4, 4]
      #expect(abs(SimilarityMeasure.cosine.score(method: "gradient", map, negated, imageShape: shape) + 1) < 1e-12, "seed \(seed)")
      #expect(abs(SimilarityMeasure.absoluteCosine.score(method: "gradient", map, negated, imageShape: shape) - 1) < 1e-12, "seed \(seed)")
    }
    // Orthogonal maps: e₀ and e₁ as flat vectors have cosine 0.
    let e0 = Tensor(shape: [1, 1, 2], scalars: [1, 0]), e1 = Tensor(shape: [1, 1, 2], scalars: [0, 3])
    #expect(SimilarityMeasure.cosine.score(method: "lrp-zplus", e0, e1, imageShape: [1, 1, 2]) == 0)
  }
}
