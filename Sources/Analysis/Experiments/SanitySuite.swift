import Matrices
import Networks
import Rules

/// Every sanity check of one method, summarised.
public struct MethodSanity: Sendable, Equatable, Codable {
  /// The method's registry name.
  public var method: String
  /// The randomization cut points, in stage order.
  public var cutPoints: [String]
  /// Similarity to the original map after each randomization stage.
  public var randomization: [SampleSummary]
  /// Similarity between the maps of the true and a random other class.
  public var randomLogit: SampleSummary
  /// Two-object images: own-object top-k overlap, other-object overlap, similarity of the two maps.
  public var ownObjectOverlap, otherObjectOverlap, twoClassSimilarity: SampleSummary?
}

/// The whole empirical suite (paper-digest §6) for a set of methods on one network.
public struct SanitySuite: Sendable {
  /// Images explained (the first `images` held-out images).
  public var images: Int
  /// Seed of the random classes and of the bootstrap.
  public var seed: UInt64
  /// The parameter randomization plan (seeded separately).
  public var plan: ParameterRandomization
  /// How maps are compared.
  public var similarity: SimilarityMeasure
  /// Bootstrap resamples of every median.
  public var resamples: Int

  /// Creates a suite with the paper's defaults (200 images, cascading Glorot re-initialisation,
  /// SSIM_flip, 10,000 bootstrap resamples).
  public init(
    images: Int = 200, seed: UInt64 = 0, plan: ParameterRandomization = ParameterRandomization(),
    similarity: SimilarityMeasure = .ssimFlip, resamples: Int = 10_000
  ) {
    self.images = images
    self.seed = seed
    self.plan = plan
    self.similarity = similarity
    self.resamples = resamples
  }

  /// Runs every check for every method.
  /// - Parameters:
  ///   - network, inputs, labels: the network and held-out inputs with their true labels (the
  ///     first `images` are used).
  ///   - twoObjects: two-object images fitting the network, for the class-sensitivity check.
  ///   - onProgress: a short description of each finished step.
  /// - Throws: `AttributionError` from a method.
  public func run(
    methods: [any RelevancePropagator], network: Network, inputs: Tensor, labels: [Int],
    twoObjects: TwoObjectImages? = nil, onProgress: (String) -> Void = { _ in }
  ) throws -> [MethodSanity] {
    let n = min(images, labels.count)
    let chosen = inputs.rows(0..<n)
    let checks = SanityChecks(network: network, inputs: chosen, labels: Array(labels[0..<n]))
    let original = try checks.maps(methods, on: network, classes: checks.labels)
    let randomized = try checks.randomization(methods, original: original, plan: plan, similarity: similarity) { stage, total in
      onProgress("randomization stage \(stage)/\(total)")
    }
    let logit = try checks.randomLogit(methods, truth: original, seed: seed, similarity: similarity)
    onProgress("random logit")
    let twoClass = try twoObjects.map { try ClassSensitivity(network: network, images: $0).scores(methods, similarity: similarity) }
    if twoClass != nil { onProgress("two-object images") }
    var generator = SeededGenerator(seed: seed).split(stream: 1)
    let summary = { (scores: [Double]) in SampleSummary(scores, resamples: resamples, using: &generator) }
    return methods.indices.map { m in
      MethodSanity(
        method: methods[m].name, cutPoints: randomized[m].cutPoints,
        randomization: randomized[m].scores.map(summary), randomLogit: summary(logit[m].scores),
        ownObjectOverlap: twoClass.map { summary($0[m].ownOverlap) },
        otherObjectOverlap: twoClass.map { summary($0[m].otherOverlap) },
        twoClassSimilarity: twoClass.map { summary($0[m].mapSimilarity) })
    }
  }
}
