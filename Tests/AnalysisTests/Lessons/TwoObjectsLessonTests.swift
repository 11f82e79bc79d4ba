import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport
@testable import Analysis

@Suite struct TwoObjectsLessonTests {
  /// A random smallCNN: He weights, zero biases (the initialiser's), so every layer is bias-free.
  static let network = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: 11)
  static let images = SyntheticShapes.makeTwoObjects(count: 16, size: .small, seed: 12)

  @Test func erasingLeavesOnlyTheBackgroundWhereTheObjectWas() {
    // Noise-free images: the background is one exact colour, so after erasing object 1 every
    // pixel outside object 0 must hold that colour, and the pixels of object 0 are untouched.
    let clean = SyntheticShapes.makeTwoObjects(count: 5, size: .small, seed: 3, noise: 0)
    let erased = clean.erasing(object: 1)
    for i in 0..<5 {
      let keep = clean.mask(i, object: 0).scalars, gone = clean.mask(i, object: 1).scalars
      let original = Array(clean.inputs.scalars[(i * 256)..<((i + 1) * 256)])
      let after = Array(erased.inputs.scalars[(i * 256)..<((i + 1) * 256)])
      let background = original.indices.first { keep[$0] == 0 && gone[$0] == 0 }.map { original[$0] }
      let outside = after.indices.filter { keep[$0] == 0 }.map { after[$0] }
      #expect(outside.allSatisfy { abs($0 - background!) < 1e-6 }, "image \(i)")
      #expect(after.indices.filter { keep[$0] > 0 }.allSatisfy { after[$0] == original[$0] }, "image \(i)")
    }
    #expect(erased.labels == clean.labels && erased.masks == clean.masks)
  }

  @Test func theLessonsNumbersFollowTheTheoryOnARandomNetwork() throws {
    let methods = try TwoObjectsLesson.methods()
    let result = try TwoObjectsLesson.run(
      network: Self.network, heldOutAccuracy: .nan, images: Self.images, methods: methods)
    #expect(result.rows.map(\.method) == TwoObjectsLesson.registryMethods + ["deeplift-rescale"])
    let row = { (name: String) in result.rows.first { $0.method == name }! }

    // z⁺ and α1β0 are the same rule (paper-digest §3.3): identical maps, hence identical numbers.
    for (a, b) in zip(row("lrp-zplus").exampleMaps, row("lrp-alpha1-beta0").exampleMaps) {
      expectClose(a.scalars, b.scalars, rtol: 1e-4, atol: 1e-6)
    }
    expectClose(row("lrp-zplus").mapSimilarity, row("lrp-alpha1-beta0").mapSimilarity, atol: 1e-4)

    // Bias-free ReLU network, zero reference: DeepLIFT rescale multipliers are the gradient, and
    // LRP-0 is gradient × input, so DeepLIFT (seeded f_c·e_c, contribution m ⊙ x) = f_c · LRP-0
    // (seeded f_c·e_c, the f_c cancels in a_i w_ij / z_j). The logits come from the forward pass.
    let trace = Self.network.trace(Tensor(shape: [1, 1, 16, 16], scalars: Array(Self.images.inputs.scalars[0..<256])))
    for (k, c) in Self.images.labels[0].enumerated() {
      let fc = trace.output.scalars[c]
      let expected = row("lrp-0").exampleMaps[k].scalars.map { $0 * fc }
      let scale = expected.map(abs).max()!
      expectClose(row("deeplift-rescale").exampleMaps[k].scalars, expected, rtol: 1e-3, atol: 1e-4 * scale)
    }

    // Overlaps are fractions; chance is the mean pixel fraction of the objects, computed here from
    // the masks independently (ones counted per image).
    for r in result.rows {
      for v in [r.singleObjectOverlap, r.ownOverlap, r.otherOverlap] { #expect((0...1).contains(v), "\(r.method)") }
    }
    let fractions = (0..<16).map { i in Double(Self.images.mask(i, object: 0).scalars.reduce(0, +)) / 256 }
    expectClose(result.singleObjectChance, fractions.reduce(0, +) / 16, rtol: 1e-12)
  }

  @Test func zplusMapsOfTwoClassesAreAlikeOnRandomNetworks() throws {
    // Theorem 1: z⁺ maps of all classes approach f_c(x)·ĉ with one ĉ, so the two classes' maps are
    // alike; the gradient's and LRP-0's class maps differ through independent random rows of fc3.
    // Three weight layers give only a partial collapse, so we check the direction with a margin of
    // 0.2 (an SSIM gap well beyond the spread of a median over 12 images) and that z⁺ is "more
    // alike than not" (> 0.5), for several network seeds.
    let methods = try ["gradient", "lrp-0", "lrp-zplus"].map { try MethodRegistry.make($0) }
    for seed: UInt64 in [21, 31, 41] {
      let network = Network.smallCNN(inputShape: [1, 16, 16], classes: 10, seed: seed)
      let images = SyntheticShapes.makeTwoObjects(count: 12, size: .small, seed: seed &+ 1)
      let rows = try TwoObjectsLesson.run(network: network, heldOutAccuracy: .nan, images: images, methods: methods).rows
      let (gradient, lrp0, zplus) = (rows[0].mapSimilarity, rows[1].mapSimilarity, rows[2].mapSimilarity)
      #expect(zplus > gradient + 0.2, "seed \(seed): z⁺ \(zplus) vs gradient \(gradient)")
      #expect(zplus > lrp0 + 0.2, "seed \(seed): z⁺ \(zplus) vs LRP-0 \(lrp0)")
      #expect(zplus > 0.5, "seed \(seed): z⁺ \(zplus)")
    }
  }

  @Test func theTrainingEntryPointRunsAtTinySettings() throws {
    // 100 images, 20 pairs, one epoch: a smoke test of the path the example takes. Nothing here
    // depends on how well the network learned: identities and ranges only.
    let result = try TwoObjectsLesson.run(trainingImages: 100, pairTrainingImages: 20, epochs: 1, images: 6, seed: 2)
    #expect(result.rows.count == 6 && result.images.labels.count == 6)
    for v in [result.heldOutAccuracy, result.singleObjectAccuracy, result.topTwoAccuracy] { #expect((0...1).contains(v)) }
    // The explained pairs are seeded with seed + 1, the trained-on pairs with seed + 2.
    #expect(result.images == SyntheticShapes.makeTwoObjects(count: 6, size: .small, seed: 3))
    let zplus = result.rows[3], alpha1beta0 = result.rows[4]
    #expect(zplus.method == "lrp-zplus" && alpha1beta0.method == "lrp-alpha1-beta0")
    expectClose(zplus.ownOverlap, alpha1beta0.ownOverlap, atol: 1e-12)
  }

  @Test func lessonNetworkIsTheSeededSmallCNNUntilTrained() throws {
    // With zero epochs the lesson network is the seeded smallCNN itself.
    let random = try LessonNetwork(images: 30, epochs: 0, seed: 11, pairImages: 3)
    #expect(random.network.layers == Self.network.layers)
    // Balanced labels, 3 per class; round(0.2 · 3) = 1 held out per class.
    #expect(random.heldOut.count == 10)
    // One short epoch changes the weights (smoke test of the training path, incl. pair objects).
    let trained = try LessonNetwork(images: 30, epochs: 1, seed: 11, pairImages: 3)
    #expect(trained.network.layers != Self.network.layers)
  }
}
