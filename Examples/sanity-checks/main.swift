// Train, randomize, compare: the cascading parameter-randomization test (Adebayo et al. 2018) and
// the paper's random-logit test on the small CNN (paper-digest §6.3–6.4). The numbers come from
// `SanityChecksLesson` (Sources/Analysis/Lessons), which Tests/AnalysisTests/Lessons checks at
// small settings.
import BackpropAudit
import Foundation

func fmt(_ x: Double, _ width: Int = 7, _ digits: Int = 3) -> String { String(format: "%\(width).\(digits)f", x) }
func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }

print("""
  SANITY CHECKS
  =============
  Step 1. Train Network.smallCNN on 8000 generated shapes (80 % train) for 5 epochs.
  """)
let result = try SanityChecksLesson.run(trainingImages: 8000, epochs: 5, images: 200, seed: 1) {
  print("  epoch \($0.epoch): loss \(fmt($0.loss)), training accuracy \(fmt($0.trainAccuracy))")
}
print("""
  held-out accuracy: \(fmt(result.heldOutAccuracy))  (chance 0.100)

  Step 2. Cascading randomization: re-initialise the weights from the top down (Glorot uniform,
  zero bias, as the paper's Keras code), one more layer at each stage, and compare each method's
  map of the true class with its map on the original network. Median SSIM_flip over 200 held-out
  images (1 = unchanged; SSIM_flip ignores the sign of the map).
  Step 3. Random logit: SSIM_flip between the map of the true class and of a random other class.

  \(pad("method", 17)) \(result.cutPoints.map { String(repeating: " ", count: max(0, 7 - $0.count)) + "+" + $0 }.joined(separator: " "))   random logit
  """)
for (m, method) in result.methods.enumerated() {
  print("\(pad(method, 17)) \(result.randomization[m].map { fmt($0, 8) }.joined(separator: " "))   \(fmt(result.randomLogit[m], 8))")
}
let zplus = result.row("lrp-zplus")!
let gradient = result.row("gradient")!
print("""

  Reading the table in terms of Theorem 1.
  • The z⁺ rule's backward pass is a product of non-negative matrices C₁⋯Cₙ. Their columns align,
    so the map of class c is ≈ f_c(x)·ĉ with ĉ fixed by the lower layers. Randomizing the top layer
    (or explaining another class) changes mostly the scalar f_c(x), and SSIM_flip ignores its sign,
    so the SSIM stays high (z⁺: \(fmt(zplus.randomization[0], 5)) after +\(result.cutPoints[0]), \(fmt(zplus.randomLogit, 5)) for a random logit).
    The method passes a test it should fail.
  • When the randomization reaches the lower layers, ĉ itself changes and the SSIM drops. With every
    weight random (last column) a z⁺ map still resembles the original (\(fmt(zplus.randomization.last!, 5))): each z⁺ map
    carries the input factor x, so it keeps the image's outline whatever the weights.
  • The gradient's local matrices have both signs, nothing aligns, and the first cut already
    changes the map (\(fmt(gradient.randomization[0], 5))); a random class gives a different map (\(fmt(gradient.randomLogit, 5))).
    LRP-0 (= gradient × input) and DeepLIFT rescale behave like the gradient.
  • α2β1 is not non-negative. The mean-field argument (paper-digest §4.4) predicts alignment only
    over many wide layers; with three layers it stays with the gradient group here, while on
    VGG-16 the paper finds it converged.
  • Guided BP is outside Theorem 1 (nonlinear backward pass); it sits between the two groups here.
  """)
