import Matrices
import Networks
import Rules

/// The scores of one method under parameter randomization: `scores[stage][image]`.
public struct RandomizationScores: Sendable, Equatable {
  /// The method's name.
  public var method: String
  /// The cut point of every stage, in stage order.
  public var cutPoints: [String]
  /// Similarity between the map of the randomized network and the original map, per stage and image.
  public var scores: [[Double]]
}

/// The scores of one method under the random-logit test.
public struct RandomLogitScores: Sendable, Equatable {
  /// The method's name.
  public var method: String
  /// The random other class drawn for every image.
  public var randomClasses: [Int]
  /// Similarity between the map of the true class and that of the random class, per image.
  public var scores: [Double]
}

/// The empirical sanity checks of paper-digest §6 on one network and a set of labelled inputs.
///
/// Maps explain the **true label** (as the paper). Every forward trace is computed once per network
/// and chunk and shared by all methods.
public struct SanityChecks: Sendable {
  /// The network under test.
  public var network: Network
  /// The inputs `[N] + network.inputShape`.
  public var inputs: Tensor
  /// The true label of every input.
  public var labels: [Int]
  /// Rows per forward trace.
  public var chunk: Int

  /// The `[C, H, W]` shape maps are compared in.
  public var imageShape: [Int] { SimilarityMeasure.imageShape(forInput: Array(inputs.shape.dropFirst())) }

  /// Creates the checks for a network and labelled inputs.
  public init(network: Network, inputs: Tensor, labels: [Int], chunk: Int = 32) {
    precondition(inputs.shape[0] == labels.count, "SanityChecks: one label per input")
    self.network = network
    self.inputs = inputs
    self.labels = labels
    self.chunk = chunk
  }

  /// Single-image input maps of every method for `classes`, on `net`: `maps[method][image]`.
  public func maps(
    _ methods: [any RelevancePropagator], on net: Network, classes: [Int]
  ) throws -> [[Tensor]] {
    let n = labels.count
    let rowShape = Array(inputs.shape.dropFirst())
    let rowSize = rowShape.reduce(1, *)
    var result = [[Tensor]](repeating: [], count: methods.count)
    var start = 0
    while start < n {
      let end = min(start + chunk, n)
      let rows = inputs.rows(start..<end)
      let trace = net.trace(rows)
      for (m, method) in methods.enumerated() {
        let relevance = try method.explain(network: net, trace: trace, classes: Array(classes[start..<end])).input
        for r in 0..<(end - start) {
          result[m].append(Tensor(shape: rowShape, scalars: Array(relevance.scalars[(r * rowSize)..<((r + 1) * rowSize)])))
        }
      }
      start = end
    }
    return result
  }

  /// Parameter randomization (cascading by default): for every stage, the similarity of each
  /// method's map on the randomized network to its map on the original network.
  /// - Parameter onStage: called after every stage with its index and the stage count.
  public func randomization(
    _ methods: [any RelevancePropagator], plan: ParameterRandomization, similarity: SimilarityMeasure,
    onStage: (Int, Int) -> Void = { _, _ in }
  ) throws -> [RandomizationScores] {
    try randomization(
      methods, original: try maps(methods, on: network, classes: labels), plan: plan, similarity: similarity, onStage: onStage)
  }

  /// ``randomization(_:plan:similarity:onStage:)`` with the maps of the true labels on the original
  /// network already computed (`maps(methods, on: network, classes: labels)`), so a suite computes
  /// them once for the randomization and the random-logit test.
  func randomization(
    _ methods: [any RelevancePropagator], original: [[Tensor]], plan: ParameterRandomization,
    similarity: SimilarityMeasure, onStage: (Int, Int) -> Void
  ) throws -> [RandomizationScores] {
    let stages = plan.stages(of: network)
    var scores = [[[Double]]](repeating: [], count: methods.count)
    for (s, stage) in stages.enumerated() {
      let randomized = try maps(methods, on: stage.network, classes: labels)
      for m in methods.indices {
        let name = methods[m].name
        scores[m].append(
          zip(original[m], randomized[m]).map { similarity.score(method: name, $0, $1, imageShape: imageShape) })
      }
      onStage(s + 1, stages.count)
    }
    return methods.indices.map {
      RandomizationScores(method: methods[$0].name, cutPoints: stages.map(\.cutPoint), scores: scores[$0])
    }
  }

  /// A random class other than the true one for every input, uniform over the others, seeded:
  /// the draw of `Attributor`'s `TargetSelection.randomOther(seed:)` (the one implementation of
  /// the random class), taken relative to the true label instead of the prediction.
  /// - Throws: `AttributionError.invalidParameter` on a network with fewer than two classes.
  public func randomOtherClasses(seed: UInt64) throws -> [Int] {
    let k = network.outputCount
    var oneHot = [Float](repeating: 0, count: labels.count * k)
    for (row, label) in labels.enumerated() { oneHot[row * k + label] = 1 }
    return try Attributor(network: network).classes(
      for: Tensor(shape: [labels.count, k], scalars: oneHot), target: .randomOther(seed: seed))
  }

  /// The random-logit test (paper-digest §6.4): similarity of the map of the true class to the map
  /// of a random other class, per image.
  public func randomLogit(
    _ methods: [any RelevancePropagator], seed: UInt64, similarity: SimilarityMeasure
  ) throws -> [RandomLogitScores] {
    try randomLogit(methods, truth: try maps(methods, on: network, classes: labels), seed: seed, similarity: similarity)
  }

  /// ``randomLogit(_:seed:similarity:)`` with the maps of the true labels already computed.
  func randomLogit(
    _ methods: [any RelevancePropagator], truth: [[Tensor]], seed: UInt64, similarity: SimilarityMeasure
  ) throws -> [RandomLogitScores] {
    let others = try randomOtherClasses(seed: seed)
    let random = try maps(methods, on: network, classes: others)
    return methods.indices.map { m in
      RandomLogitScores(
        method: methods[m].name, randomClasses: others,
        scores: zip(truth[m], random[m]).map {
          similarity.score(method: methods[m].name, $0, $1, imageShape: imageShape)
        })
    }
  }
}
