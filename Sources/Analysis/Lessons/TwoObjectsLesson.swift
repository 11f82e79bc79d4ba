import Matrices
import Networks
import Rules

/// One method's numbers in the two-objects lesson.
public struct TwoObjectsLessonRow: Sendable, Equatable {
  /// The method's registry name.
  public var method: String
  /// Single-object images: mean over images of `|top-k(map_true) ∩ object| / k` (k = object size).
  /// High for every method that looks at the object at all: one object cannot reveal a
  /// class-insensitive map.
  public var singleObjectOverlap: Double
  /// Two-object images: mean own-object overlap (`ClassSensitivityScores.ownOverlap`).
  public var ownOverlap: Double
  /// Two-object images: mean other-object overlap (`ClassSensitivityScores.otherOverlap`).
  public var otherOverlap: Double
  /// Two-object images: median over images of SSIM_flip(map of class 1, map of class 2)
  /// (NaN scores of constant maps dropped).
  public var mapSimilarity: Double
  /// The maps of image 0 of the two-object set for its two classes, `[C, H, W]` each.
  public var exampleMaps: [Tensor]

  /// `ownOverlap − otherOverlap`: 0 for a class-insensitive method, up to 1 for a perfect one.
  public var overlapGap: Double { ownOverlap - otherOverlap }
}

/// What the two-objects lesson measured.
public struct TwoObjectsLessonResult: Sendable {
  /// Held-out accuracy on single-object images (chance 0.1).
  public var heldOutAccuracy: Double
  /// Accuracy on the two-object images with object 1 erased, against object 0's class.
  public var singleObjectAccuracy: Double
  /// How often the network's two largest logits on a two-object image are exactly its two classes.
  public var topTwoAccuracy: Double
  /// The overlap a map of random pixel order would get: mean over images of object 0's pixel
  /// fraction `k / (H·W)` (compare with `singleObjectOverlap`).
  public var singleObjectChance: Double
  /// The same for both objects (mean over images and objects; compare with the two-object overlaps).
  public var twoObjectChance: Double
  /// The two-object images explained (image 0 is the one in `exampleMaps`).
  public var images: TwoObjectImages
  /// One row per method, in the order of `TwoObjectsLesson.methods()`.
  public var rows: [TwoObjectsLessonRow]
}

/// Lesson `Examples/two-objects`: why class-insensitive maps go unnoticed on single-object images
/// (paper-digest §6.5).
///
/// On an image with one object, a map that highlights "the object" looks right whether or not it
/// depends on the explained class. On an image with two objects of different classes, explaining
/// each class in turn separates the methods: a class-sensitive map moves to the explained object,
/// a collapsed one (Theorem 1: z⁺ maps are `f_c(x) · ĉ` with ĉ common to all classes) stays put,
/// so its own- and other-object overlaps are equal and the two maps are nearly identical.
public enum TwoObjectsLesson {
  /// The registry methods compared: the gradient, LRP-0, Guided BP, z⁺ and α1β0.
  public static let registryMethods = ["gradient", "lrp-0", "guided-backprop", "lrp-zplus", "lrp-alpha1-beta0"]

  /// The methods compared: `registryMethods` followed by DeepLIFT rescale (`DeepLIFT(.rescale)`,
  /// zero reference).
  /// - Throws: `AttributionError` if a registry name is unknown.
  public static func methods() throws -> [any RelevancePropagator] {
    try registryMethods.map { try MethodRegistry.make($0) } + [DeepLIFT(.rescale)]
  }

  /// Trains the lesson network and runs the lesson on `images` two-object images.
  /// - Parameters:
  ///   - trainingImages: single-object images generated for training (80 %) and held-out accuracy.
  ///   - pairTrainingImages: two-object images whose objects are trained on one at a time
  ///     (`LessonNetwork`), so the network knows objects of two-object size.
  ///   - epochs: training epochs (0: random network).
  ///   - images: two-object images explained.
  ///   - seed: seeds everything (two-object images use `seed + 1`, so they are not training images).
  ///   - onEpoch: progress of training.
  /// - Throws: `AttributionError` from a method.
  public static func run(
    trainingImages: Int, pairTrainingImages: Int, epochs: Int, images: Int, seed: UInt64,
    onEpoch: (EpochReport) -> Void = { _ in }
  ) throws -> TwoObjectsLessonResult {
    let lesson = try LessonNetwork(
      images: trainingImages, epochs: epochs, seed: seed, pairImages: pairTrainingImages, onEpoch: onEpoch)
    let pairs = SyntheticShapes.makeTwoObjects(count: images, size: .small, seed: seed &+ 1)
    return try run(network: lesson.network, heldOutAccuracy: lesson.heldOutAccuracy, images: pairs, methods: methods())
  }

  /// Runs the lesson on a given network and two-object images.
  /// - Parameters:
  ///   - network: a classifier of the images (input `[C, H, W]` of the images).
  ///   - heldOutAccuracy: reported as is.
  ///   - images: at least one two-object image.
  ///   - methods: the methods compared.
  /// - Throws: `AttributionError` from a method.
  /// - Complexity: 3 maps per method and image (true class on the single-object version, both classes
  ///   on the two-object image), each one backward pass.
  public static func run(
    network: Network, heldOutAccuracy: Double, images: TwoObjectImages, methods: [any RelevancePropagator]
  ) throws -> TwoObjectsLessonResult {
    let n = images.labels.count
    precondition(n >= 1, "TwoObjectsLesson: needs at least one image")
    let single = images.erasing(object: 1)
    let firstLabels = images.labels.map { $0[0] }
    let singleInputs = Tensor(shape: [n] + network.inputShape, scalars: single.inputs.scalars)
    let singleChecks = SanityChecks(network: network, inputs: singleInputs, labels: firstLabels)
    let singleMaps = try singleChecks.maps(methods, on: network, classes: firstLabels)
    let sensitivity = ClassSensitivity(network: network, images: images)
    let scores = try sensitivity.scores(methods, similarity: .ssimFlip)
    let rowSize = network.inputShape.reduce(1, *)
    let trace = network.trace(Tensor(shape: [1] + network.inputShape, scalars: Array(images.inputs.scalars[0..<rowSize])))
    var rows: [TwoObjectsLessonRow] = []
    for (m, method) in methods.enumerated() {
      let single = (0..<n).map { i in
        ClassSensitivity.topKOverlap(
          sensitivity.heatmap(singleMaps[m][i], method: method.name), images.mask(i, object: 0), k: images.mask(i, object: 0))
      }
      let example = try images.labels[0].map { c in
        let input = try method.explain(network: network, trace: trace, classes: [c]).input
        return Tensor(shape: network.inputShape, scalars: input.scalars)
      }
      rows.append(
        TwoObjectsLessonRow(
          method: method.name, singleObjectOverlap: mean(single), ownOverlap: mean(scores[m].ownOverlap),
          otherOverlap: mean(scores[m].otherOverlap), mapSimilarity: median(scores[m].mapSimilarity),
          exampleMaps: example))
    }
    let fraction = { (i: Int) in
      let mask = images.mask(i, object: 0).scalars
      return Double(mask.filter { $0 > 0 }.count) / Double(mask.count)
    }
    return TwoObjectsLessonResult(
      heldOutAccuracy: heldOutAccuracy,
      singleObjectAccuracy: try Trainer.accuracy(of: network, on: singleInputs, labels: firstLabels),
      topTwoAccuracy: sensitivity.topTwoAccuracy(), singleObjectChance: mean((0..<n).map(fraction)),
      twoObjectChance: sensitivity.chanceOverlap(), images: images, rows: rows)
  }

  private static func mean(_ values: [Double]) -> Double {
    let finite = values.filter { !$0.isNaN }
    return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
  }

  private static func median(_ values: [Double]) -> Double {
    let finite = values.filter { !$0.isNaN }
    return finite.isEmpty ? .nan : Quantiles.median(finite)
  }
}
