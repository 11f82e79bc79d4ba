import Analysis
import Foundation
import Networks
import Matrices
import Rules

extension AuditReport {
  /// The network the σ₂/σ₁ profiles are measured on: the audited network named `random-mlp`,
  /// else the first audited MLP (dense, ReLU and flatten layers only: exact SVDs of every product), else
  /// the zoo's random MLP (random weights, built in well under a second, never cached).
  static func rankNetwork(_ networks: [ReportNetwork]) throws -> ReportNetwork {
    if let mlp = networks.first(where: { $0.name == ZooNetwork.randomMLP.rawValue }) { return mlp }
    let dense = networks.first { net in
      net.labels.count >= 2
        && net.network.layers.allSatisfy {
          switch $0 {
          case .dense, .relu, .flatten: true
          case .conv2d, .maxPool2d, .avgPool2d: false
          }
        }
    }
    if let dense { return dense }
    let model = try ModelZoo(cacheDirectory: nil).model(.randomMLP)
    return ReportNetwork(zoo: model, twoObjectCount: 0, setupSeconds: 0)
  }

  /// σ₂/σ₁ profiles of every method with a catalogue rule (``RankSummary/networkRule(forMethod:)``)
  /// on ``rankNetwork(_:)``, products from the logits down at its first two inputs, as
  /// `RankAnalyzer` measures them (exact SVD of every explicit product; signal-dependent rules
  /// linearised at a seeded Gaussian relevance injected at the logits) but with the bindings the
  /// method's rules read: DeepLIFT's zero reference and zᴮ's input bounds (the least and greatest
  /// input value of the two inputs). Methods without a rule, or whose rule cannot run on the
  /// network (PatternNet without patterns), are returned in `skipped` as `method: reason`.
  /// - Complexity: per method, the local maps at two inputs and one SVD of `d_k × classes` per depth.
  static func rankProfiles(
    networks: [ReportNetwork], methods: [String], seed: UInt64
  ) throws -> (profiles: [RankSummary], skipped: [String]) {
    let net = try rankNetwork(networks)
    let network = net.network
    let m = network.layers.count - 1
    let pair = net.inputs.rows(0..<2)
    let trace = network.trace(pair)
    let bindings = RuleBindings(
      reference: network.trace(Tensor(shape: [1] + network.inputShape)),
      low: [pair.scalars.min() ?? 0], high: [pair.scalars.max() ?? 1])
    var generator = SeededGenerator(seed: seed).split(stream: 99)
    let upper = trace.activations[m + 1]
    let start = RelevanceStart(
      layer: m, relevance: Tensor(shape: upper.shape, scalars: (0..<upper.count).map { _ in Float(generator.nextGaussian()) }))
    var profiles: [RankSummary] = []
    var skipped: [String] = []
    for name in methods {
      guard let (rule, method) = RankSummary.networkRule(forMethod: name) else {
        skipped.append("\(name): no catalogue rule")
        continue
      }
      do {
        let depths = try (0..<2).map { row in
          let maps = try LocalBackwardMaps.compute(
            network: network, trace: trace, row: row, method: method, bindings: bindings, start: start)
          return BackwardProducts.profiles(of: Array(maps[0...m]), seed: seed, measureAlignment: false)
        }
        profiles.append(
          RankSummary(
            networkName: net.name, method: name, rule: rule, network: network, injectionLayer: network.layers[m].name,
            depths: depths[0], topDirectionCosines: BackwardProducts.topDirectionCosines(depths[0], depths[1])))
      } catch {
        skipped.append("\(name): \(error)")
      }
    }
    return (profiles, skipped)
  }
}
