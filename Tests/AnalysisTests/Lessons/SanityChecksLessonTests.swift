import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport
@testable import Analysis

@Suite struct SanityChecksLessonTests {
  @Test func cascadingRandomizationFollowsTheTheoryOnARandomNetwork() throws {
    // A random smallCNN (epochs 0): the theory needs no training. 60 images → 10 held out
    // (round(0.2 · 6) = 1 per class).
    for seed: UInt64 in [5, 6] {
      let result = try SanityChecksLesson.run(trainingImages: 60, epochs: 0, images: 12, seed: seed)
      // smallCNN's weight layers, top first (Network+Architectures.swift): fc3, conv2, conv1.
      #expect(result.cutPoints == ["fc3", "conv2", "conv1"])
      #expect(result.methods == SanityChecksLesson.registryMethods + ["deeplift-rescale"])
      #expect(result.randomization.allSatisfy { $0.count == 3 })
      let zplus = try #require(result.row("lrp-zplus")), gradient = try #require(result.row("gradient"))

      // Theorem 1: after randomizing fc3 the z⁺ map is still f'_c(x)·ĉ with the same ĉ (made by
      // conv1, conv2), so it stays like the original; the gradient's map is a new random combination
      // of the lower Jacobian rows. Same for a random logit. Direction with a 0.2 margin (partial
      // collapse in three layers; median over 10 images).
      #expect(zplus.randomization[0] > gradient.randomization[0] + 0.2, "seed \(seed): \(zplus) vs \(gradient)")
      #expect(zplus.randomLogit > gradient.randomLogit + 0.2, "seed \(seed): \(zplus) vs \(gradient)")
      // Randomizing conv2 as well changes ĉ itself: the z⁺ map moves further from the original.
      #expect(zplus.randomization[1] < zplus.randomization[0], "seed \(seed): \(zplus)")
      // Every score is an SSIM of [0, 1] images: at most 1.
      #expect(result.randomization.joined().allSatisfy { $0 <= 1 + 1e-12 })
    }
  }
}
