import Foundation
import Networks
import Rules
import Symbolic

extension RuleAudit {
  /// Every experiment of the settings, in order (`experiment(on:)` each).
  /// - Throws: `AttributionError`; zoo cache errors.
  public func experiments() throws -> [ExperimentFindings] {
    try settings.experiments.map { try experiment(on: $0) }
  }

  /// One experiment: on the source's first `images` images, the CSC median at the lowest conv
  /// layer's output (injection at `injectionLayer(of:)`), the SSIM_flip median between input maps
  /// before and after re-initialising the top dense layer, and the random-logit SSIM_flip median
  /// (`SanityChecks`), run by `kernelName`'s fast kernel when there is one. Independent of the other steps, so it can be run, stored and resumed alone.
  /// - Complexity: `5 · images` propagations for the CSC, `3 · images` explanations.
  /// - Throws: `AttributionError`; zoo cache errors.
  public func experiment(on source: ExperimentSource) throws -> ExperimentFindings {
    let (name, network, all, allLabels) = try Self.resolve(source)
    let n = min(settings.images, allLabels.count)
    let inputs = all.rows(0..<n)
    let labels = Array(allLabels[0..<n])
    let propagator = try networkPropagator(network: network, inputs: inputs)
    let linear = Self.linearLayers(of: network)
    let lowest = linear.first { if case .conv2d = $0 { true } else { false } } ?? linear[0]
    let top = linear[linear.count - 1].name
    let inject = Self.injectionLayer(of: network)
    let csc = try CSCExperiment(vectors: 5, seed: settings.seed).profile(
      method: propagator, network: network, inputs: inputs, injectAt: inject)
    let cscMedian = csc.points.first { $0.name == lowest.name }?.statistics.median ?? .nan
    let checks = SanityChecks(network: network, inputs: inputs, labels: labels)
    let randomized = ParameterRandomization(seed: settings.seed).randomizing([top], in: network)
    let before = try checks.maps([propagator], on: network, classes: labels)[0]
    let after = try checks.maps([propagator], on: randomized, classes: labels)[0]
    let ssim = zip(before, after).map {
      SimilarityMeasure.ssimFlip.score(method: self.name, $0, $1, imageShape: checks.imageShape)
    }
    let logit = try checks.randomLogit([propagator], seed: settings.seed, similarity: .ssimFlip)[0].scores
    return ExperimentFindings(
      network: name, images: n, lowestConv: lowest.name, injectedAt: inject, cscMedian: cscMedian, topLayer: top,
      topRandomizationSSIM: Self.median(ssim), randomLogitSSIM: Self.median(logit))
  }

  /// The zoo network `.zoo` stands for: `trained-cifar-cnn` when `zoo` holds it with its standard
  /// recipe (no training is started for it), else `trained-cnn` (trained and cached on first use).
  public static func zooNetwork(in zoo: ModelZoo = ModelZoo()) -> ZooNetwork {
    guard let directory = zoo.cacheDirectory else { return .trainedCNN }
    let kind = ZooNetwork.trainedCIFARCNN
    let files = ["json", "safetensors", "recipe.json"].map { directory.appendingPathComponent("\(kind.rawValue).\($0)") }
    guard files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }),
      let data = try? Data(contentsOf: files[2]),
      let record = try? JSONDecoder().decode(CachedRecipe.self, from: data), record.recipe == .standard(for: kind)
    else { return .trainedCNN }
    return kind
  }

  /// The recipe part of a zoo cache record.
  private struct CachedRecipe: Decodable {
    var recipe: ZooRecipe
  }

  /// Name, network, inputs and labels of a source.
  static func resolve(_ source: ExperimentSource) throws -> (String, Network, Tensor, [Int]) {
    switch source {
    case .zoo:
      let kind = zooNetwork()
      let model = try ModelZoo().model(kind)
      return (kind.rawValue, model.network, model.inputs, model.heldOut.labels)
    case .prebuilt(let name, let network, let inputs, let labels):
      return (name, network, inputs, labels)
    }
  }

  /// What a method may read beyond the trace, built only for the quantities its rules use:
  /// `a0`/`z0` — the trace of the all-zero input (DeepLIFT's default reference); `l`/`h` — the
  /// constant bounds `low`/`high`; `p` — PatternNet's two-component patterns estimated on `inputs`.
  /// - Throws: `AttributionError` from the pattern estimator; `InputShapeError`.
  public static func bindings(
    for method: NetworkRule, network: Network, inputs: Tensor, low: Float, high: Float
  ) throws -> RuleBindings {
    let rules = [method.linear, method.first, method.last, method.dense, method.conv, method.activation, method.averagePool]
      .compactMap { $0 }
    let reads = { (q: Quantity) in rules.contains { $0.body.contains(q) } }
    var bindings = RuleBindings()
    if reads(.a0) || reads(.z0) {
      let count = network.inputShape.reduce(1, *)
      bindings.reference = network.trace(Tensor(shape: [1] + network.inputShape, scalars: [Float](repeating: 0, count: count)))
    }
    if reads(.l) || reads(.h) {
      bindings.low = [low]
      bindings.high = [high]
    }
    if reads(.p) {
      var estimator = PatternEstimator(network: network)
      try estimator.accumulate(batch: inputs)
      bindings.patterns = try estimator.patterns().patterns
    }
    return bindings
  }
}
