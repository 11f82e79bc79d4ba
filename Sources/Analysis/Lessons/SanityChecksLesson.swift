import Matrices
import Networks
import Rules

/// What the sanity-checks lesson measured.
public struct SanityChecksLessonResult: Sendable, Equatable {
  /// Held-out accuracy of the network (chance 0.1).
  public var heldOutAccuracy: Double
  /// The methods, in row order.
  public var methods: [String]
  /// The cascading randomization cut points, top (logits) first.
  public var cutPoints: [String]
  /// `randomization[m][s]`: median over images of SSIM_flip(original map, map after stage `s`) of
  /// method `m` (NaN scores of constant maps dropped).
  public var randomization: [[Double]]
  /// `randomLogit[m]`: median over images of SSIM_flip(map of the true class, map of a random other class).
  public var randomLogit: [Double]

  /// The row of `method`.
  public func row(_ method: String) -> (randomization: [Double], randomLogit: Double)? {
    methods.firstIndex(of: method).map { (randomization[$0], randomLogit[$0]) }
  }
}

/// Lesson `Examples/sanity-checks`: train, randomize the weights from the top down, and compare
/// maps (paper-digest §6.3, §6.4).
///
/// Theorem 1 predicts what the numbers do. A z⁺ map is `f_c(x) · ĉ`, where `ĉ` is the direction
/// the backward product of the lower layers collapses to; randomizing the top layer only changes
/// the scalar in front (including its sign, which SSIM_flip ignores), so the SSIM stays high until
/// the randomization reaches the layers that make `ĉ`. The random-logit test changes only `c`, so it
/// stays high too. The gradient has no such collapse: its maps change at the first cut and differ
/// between classes.
public enum SanityChecksLesson {
  /// The registry methods compared.
  public static let registryMethods = ["gradient", "guided-backprop", "lrp-0", "lrp-zplus", "lrp-alpha2-beta1"]

  /// `registryMethods` followed by DeepLIFT rescale (`DeepLIFT(.rescale)`, zero reference).
  /// - Throws: `AttributionError` if a registry name is unknown.
  public static func methods() throws -> [any RelevancePropagator] {
    try registryMethods.map { try MethodRegistry.make($0) } + [DeepLIFT(.rescale)]
  }

  /// Trains the lesson network and runs both checks on the first `images` held-out images.
  /// - Parameters:
  ///   - trainingImages: synthetic images generated (80 % trained on, 20 % held out).
  ///   - epochs: training epochs (0: random network).
  ///   - images: held-out images explained (at most 20 % of `trainingImages`).
  ///   - seed: seeds the data, the weights, the randomization and the random classes.
  ///   - onEpoch: progress of training.
  /// - Throws: `AttributionError` from a method.
  public static func run(
    trainingImages: Int, epochs: Int, images: Int, seed: UInt64, onEpoch: (EpochReport) -> Void = { _ in }
  ) throws -> SanityChecksLessonResult {
    let lesson = try LessonNetwork(images: trainingImages, epochs: epochs, seed: seed, onEpoch: onEpoch)
    let n = min(images, lesson.heldOut.count)
    let chosen = lesson.heldOut.subset(Array(0..<n))
    return try run(
      network: lesson.network, heldOutAccuracy: lesson.heldOutAccuracy, inputs: chosen.inputs,
      labels: chosen.labels, methods: methods(), seed: seed)
  }

  /// Runs cascading randomization (Glorot-uniform re-initialisation, zero biases, as the paper) and
  /// the random-logit test, both scored with SSIM_flip.
  /// - Parameters:
  ///   - network, inputs, labels: the classifier and the labelled images explained.
  ///   - heldOutAccuracy: reported as is.
  ///   - methods: the methods compared.
  ///   - seed: seeds the randomization and the random classes.
  /// - Throws: `AttributionError` from a method.
  /// - Complexity: (cut points + 3) maps per method and image.
  public static func run(
    network: Network, heldOutAccuracy: Double, inputs: Tensor, labels: [Int],
    methods: [any RelevancePropagator], seed: UInt64
  ) throws -> SanityChecksLessonResult {
    let checks = SanityChecks(network: network, inputs: inputs, labels: labels)
    let randomized = try checks.randomization(
      methods, plan: ParameterRandomization(seed: seed), similarity: .ssimFlip)
    let logit = try checks.randomLogit(methods, seed: seed, similarity: .ssimFlip)
    return SanityChecksLessonResult(
      heldOutAccuracy: heldOutAccuracy, methods: methods.map(\.name),
      cutPoints: ParameterRandomization.cutPoints(of: network),
      randomization: randomized.map { $0.scores.map(median) }, randomLogit: logit.map { median($0.scores) })
  }

  private static func median(_ values: [Double]) -> Double {
    let finite = values.filter { !$0.isNaN }
    return finite.isEmpty ? .nan : Quantiles.median(finite)
  }
}
