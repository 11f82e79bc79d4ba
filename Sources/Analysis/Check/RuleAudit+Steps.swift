import Matrices
import Networks
import Rules
import Symbolic

extension RuleAudit {
  /// The algebra step: printing, the local entry, its sign (proof or witness), conservation and
  /// equality with catalogue rules (found once, when the audit is created).
  /// Complexity: two identity checks and a sign analysis.
  public func algebra() -> AlgebraFindings {
    let entry = rule.localEntry
    let sign = SignAnalysis(assumptions: assumptions).verdict(forEntry: entry, seed: settings.seed &+ 1)
    let conservation = IdentityCheck.check(
      rule.columnSum, equals: .number(1), assumptions: assumptions, droppingStabilisers: true, seed: settings.seed &+ 2)
    return AlgebraFindings(
      plain: rule.description, unicode: rule.unicode, latex: rule.latex,
      localEntry: ExprPrinter(style: .unicode).render(entry), sign: sign, conservation: conservation,
      equalCatalogueRules: equalCatalogue)
  }

  /// The theory step: `theoryPoint(depth:)` for every depth of the settings, then `cnnTheory()`.
  /// The collapse depth is read off the deepest MLP's CSC-by-depth curve.
  /// - Throws: `AttributionError` from running the rule.
  public func theory() throws -> TheoryFindings {
    let points = try settings.depths.map { try theoryPoint(depth: $0) }
    return TheoryFindings(width: settings.width, points: points, cnn: try cnnTheory())
  }

  /// One random MLP of the theory step (`depth` hidden layers): σ₂/σ₁ of the backward product from
  /// the injection layer (`injectionLayer(of:)`) to the input at the first input (exact SVD of the
  /// product, `BackwardProducts`, randomized SVD), the Birkhoff bound when it applies, and the CSC median
  /// at every point below the injection (`CSCExperiment`, 5 vectors per input).
  /// Independent of the other steps (its own seeded network and inputs), so it can be run, stored
  /// and resumed on its own.
  /// - Complexity: O(inputs · depth · width² + depth · width³).
  /// - Throws: `AttributionError` from running the rule.
  public func theoryPoint(depth: Int) throws -> TheoryPoint {
    try Self.measureMLP(method: method, depth: depth, settings: settings)
  }

  /// The random He-initialised MLP of the theory step (`width` wide, 10 classes) and its inputs
  /// (uniform in [0, 1]), both seeded by `settings.seed` and `depth`.
  public static func theoryNetwork(depth: Int, settings: Settings) -> (network: Network, inputs: Tensor) {
    let seed = settings.seed &+ UInt64(depth)
    let network = Network.mlp(
      inputCount: settings.width, hidden: Array(repeating: settings.width, count: depth), classes: 10, seed: seed)
    var generator = SeededGenerator(seed: seed).split(stream: 7)
    let count = settings.theoryInputs * settings.width
    let inputs = Tensor(
      shape: [settings.theoryInputs, settings.width],
      scalars: (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53) })
    return (network, inputs)
  }

  /// `theoryPoint(depth:)` for any method (the catalogue profiles use it too).
  /// - Parameter rank: whether to compute σ₂/σ₁ and the bound (NaN and `nil` when not).
  static func measureMLP(method: NetworkRule, depth: Int, settings: Settings, rank: Bool = true) throws -> TheoryPoint {
    let (network, inputs) = theoryNetwork(depth: depth, settings: settings)
    let seed = settings.seed &+ UInt64(depth)
    let bindings = try Self.bindings(for: method, network: network, inputs: inputs, low: 0, high: 1)
    let inject = Self.injectionLayer(of: network)
    let m = network.layerIndex(named: inject)!
    let csc = try CSCExperiment(vectors: 5, seed: seed).profile(
      method: GenericRulePropagator(method: method, bindings: bindings), network: network, inputs: inputs,
      injectAt: inject)
    let curve = csc.points.map(\.statistics.median)
    guard rank else {
      return TheoryPoint(depth: depth, sigmaRatio: .nan, cscMedian: curve[curve.count - 1], cscCurve: curve, bound: nil)
    }
    // σ₂/σ₁ and the bound: as `RankAnalyzer`, with the rule's bindings (reference, bounds, patterns).
    let trace = network.trace(inputs.rows(0..<1))
    var generator = SeededGenerator(seed: seed).split(stream: 99)
    let upper = trace.activations[m + 1]
    let start = RelevanceStart(
      layer: m, relevance: Tensor(shape: upper.shape, scalars: (0..<upper.count).map { _ in Float(generator.nextGaussian()) }))
    let maps = try LocalBackwardMaps.compute(
      network: network, trace: trace, row: 0, method: method, bindings: bindings, start: start)
    // Randomized SVD: the one-sided Jacobi SVD can fail to converge on a collapsed (near rank-1)
    // 64×64 product (seen for z⁺ at depth 20); σ₂/σ₁ stays resolvable to ~1e-15 this way.
    let profiles = BackwardProducts.profiles(
      of: Array(maps[0...m]), seed: seed, explicitSVD: .randomized(), measureAlignment: false)
    let last = profiles[profiles.count - 1]
    return TheoryPoint(
      depth: depth, sigmaRatio: last.ratio, cscMedian: curve[curve.count - 1], cscCurve: curve,
      bound: last.bound.map {
        TheoryBound(diameter: $0.diameterBound, misalignment: $0.misalignmentBound, blocks: $0.blocks)
      })
  }

  /// The random CIFAR-architecture CNN (`Network.cifarCNN`, He weights) on `cnnImages` synthetic
  /// 32×32 images: random vectors injected at `injectionLayer(of:)` and propagated by the rule
  /// (matrix-free; the fast kernel of an equal catalogue rule when there is one, `kernelName`), CSC median at every point down to the input; `nil` when `cnnImages` is 0.
  /// - Complexity: `5 · cnnImages` propagations through the network.
  /// - Throws: `AttributionError` from running the rule.
  public func cnnTheory() throws -> CNNTheoryFindings? {
    guard settings.cnnImages > 0 else { return nil }
    let network = Network.cifarCNN(seed: settings.seed &+ 1)
    let data = SyntheticShapes.make(count: settings.cnnImages, size: .cifar, seed: settings.seed &+ 1)
    let inputs = data.inputs
    let inject = Self.injectionLayer(of: network)
    let csc = try CSCExperiment(vectors: 5, seed: settings.seed).profile(
      method: try networkPropagator(network: network, inputs: inputs), network: network, inputs: inputs,
      injectAt: inject)
    let lowest = Self.linearLayers(of: network)[0].name
    let medians = csc.points.map(\.statistics.median)
    let collapse = csc.points.dropFirst().first { $0.statistics.median >= Thresholds.collapse }
    return CNNTheoryFindings(
      injectedAt: inject, images: settings.cnnImages, points: csc.points.map(\.name), cscMedian: medians,
      chance: csc.points.map(\.statistics.baseline), collapsePoint: collapse?.name, lowestConv: lowest,
      lowestConvCSC: csc.points.first { $0.name == lowest }?.statistics.median ?? .nan)
  }

  /// The number of local maps after which a CSC-by-depth curve first reaches
  /// `Thresholds.collapse` (index 0, the injection point itself, is never counted), if any.
  public static func collapseDepth(_ curve: [Double]) -> Int? {
    curve.indices.dropFirst().first { curve[$0] >= Thresholds.collapse }
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
    let linear = linearLayers(of: network)
    precondition(linear.count >= 2, "RuleAudit: the network needs a dense/conv layer below the logits")
    return linear[linear.count - 2].name
  }

  /// The dense and conv layers, bottom first.
  static func linearLayers(of network: Network) -> [Layer] {
    network.layers.filter {
      switch $0 {
      case .dense, .conv2d: true
      default: false
      }
    }
  }

  /// The median of the finite values (NaN when none). O(n log n).
  static func median(_ values: [Double]) -> Double {
    let sorted = values.filter(\.isFinite).sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
}
