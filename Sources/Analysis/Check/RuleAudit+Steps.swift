import Matrices
import Networks
import Rules
import Symbolic

extension RuleAudit {
  /// The algebra step: printing, the local entry, its sign (proof or witness), conservation and
  /// equality with catalogue rules. Complexity: one identity check per catalogue rule (≤ 40
  /// random small layers each after a failed symbolic proof).
  public func algebra() -> AlgebraFindings {
    let entry = rule.localEntry
    let sign = SignAnalysis(assumptions: assumptions).verdict(forEntry: entry, seed: settings.seed &+ 1)
    let conservation = IdentityCheck.check(
      rule.columnSum, equals: .number(1), assumptions: assumptions, droppingStabilisers: true, seed: settings.seed &+ 2)
    var equal: [String] = []
    for candidate in RuleCatalogue.all {
      var merged = assumptions
      merged.nonNegativeActivations = candidate.assumptions.nonNegativeActivations
      merged.boundedInputs = candidate.assumptions.boundedInputs
      for (key, value) in candidate.defaults where parameters[key] == nil { merged.parameters[key] = .fixed(value) }
      let verdict = IdentityCheck.check(
        entry, equals: candidate.rule.localEntry, assumptions: merged, droppingStabilisers: true, samples: 40,
        seed: settings.seed &+ 3)
      if case .refuted = verdict { continue }
      equal.append(candidate.id)
    }
    return AlgebraFindings(
      plain: rule.description, unicode: rule.unicode, latex: rule.latex,
      localEntry: ExprPrinter(style: .unicode).render(entry), sign: sign, conservation: conservation,
      equalCatalogueRules: equal)
  }

  /// The theory step: for every depth, a random He-initialised ReLU MLP (`width` wide, 10
  /// classes, inputs uniform in [0, 1]); σ₂/σ₁ of the backward product from the injection layer
  /// (`injectionLayer(of:)`) to the input (`RankAnalyzer`, exact SVD) and the CSC median at the
  /// input (`CSCExperiment`, 5 vectors injected there). Complexity: O(depths · (inputs · depth · width² + depth · width³)).
  /// - Throws: `AttributionError` from running the rule.
  public func theory() throws -> TheoryFindings {
    let propagator = GenericRulePropagator(method: method)
    var points: [TheoryPoint] = []
    for depth in settings.depths {
      let seed = settings.seed &+ UInt64(depth)
      let network = Network.mlp(
        inputCount: settings.width, hidden: Array(repeating: settings.width, count: depth), classes: 10, seed: seed)
      var generator = SeededGenerator(seed: seed).split(stream: 7)
      let count = settings.theoryInputs * settings.width
      let inputs = Tensor(
        shape: [settings.theoryInputs, settings.width],
        scalars: (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53) })
      let inject = Self.injectionLayer(of: network)
      let rank = try RankAnalyzer(seed: seed).profile(method: method, network: network, inputs: inputs, injectAt: inject)
      let csc = try CSCExperiment(vectors: 5, seed: seed).profile(
        method: propagator, network: network, inputs: inputs, injectAt: inject)
      points.append(
        TheoryPoint(
          depth: depth, sigmaRatio: rank.depths.last?.ratio ?? .nan,
          cscMedian: csc.points.last?.statistics.median ?? .nan))
    }
    return TheoryFindings(
      width: settings.width, points: points,
      collapseDepth: points.first { $0.cscMedian >= Thresholds.collapse }?.depth)
  }

  /// The experiment step (nil when skipped): on the source's first `images` images, the CSC median
  /// at the lowest conv layer's output (injection at `injectionLayer(of:)`), the SSIM_flip median between
  /// input maps before and after re-initialising the top dense layer, and the random-logit
  /// SSIM_flip median (`SanityChecks`).
  /// - Throws: `AttributionError`; zoo cache errors.
  public func experiment() throws -> ExperimentFindings? {
    let name: String
    let network: Network
    let all: Tensor
    let allLabels: [Int]
    switch settings.experiment {
    case .skipped: return nil
    case .zoo:
      let model = try ModelZoo().model(.trainedCNN)
      (name, network, all, allLabels) = ("trained-cnn", model.network, model.inputs, model.heldOut.labels)
    case .prebuilt(let n, let net, let inputs, let labels):
      (name, network, all, allLabels) = (n, net, inputs, labels)
    }
    let n = min(settings.images, allLabels.count)
    let inputs = all.rows(0..<n)
    let labels = Array(allLabels[0..<n])
    let propagator = GenericRulePropagator(method: method)
    let linear = network.layers.filter {
      switch $0 {
      case .dense, .conv2d: true
      default: false
      }
    }
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

  /// Where random relevance is injected: the output of the last dense/conv layer below the logits.
  ///
  /// Not the logits themselves: a gradient-type text describes "linear layer + its ReLU" (e.g.
  /// `w[i,j]*step(z[j])*R[j]`), and `NetworkRule.user` runs it on the logit layer too, where it
  /// masks every negative logit; with 10 logits a random injection there is cut to the few
  /// positive ones, a rank collapse of the injection, not of the rule. Below the logits every
  /// layer has a ReLU above it, so the text means what it says.
  /// - Precondition: the network has at least two dense/conv layers.
  public static func injectionLayer(of network: Network) -> String {
    let linear = network.layers.filter {
      switch $0 {
      case .dense, .conv2d: true
      default: false
      }
    }
    precondition(linear.count >= 2, "RuleAudit: the network needs a dense/conv layer below the logits")
    return linear[linear.count - 2].name
  }

  /// The median of the finite values (NaN when none). O(n log n).
  static func median(_ values: [Double]) -> Double {
    let sorted = values.filter(\.isFinite).sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
}
