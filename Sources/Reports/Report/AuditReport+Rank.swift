import Analysis
import Foundation
import Networks
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
  /// on ``rankNetwork(_:)``, products from the logits down at its first two inputs (`RankAnalyzer`,
  /// seeded with `seed`). Methods without a rule, or whose rule cannot run on the network, are
  /// returned in `skipped` as `method: reason`.
  /// - Complexity: per method, the local maps at two inputs and one SVD of `d_k × classes` per depth.
  static func rankProfiles(
    networks: [ReportNetwork], methods: [String], seed: UInt64
  ) throws -> (profiles: [RankSummary], skipped: [String]) {
    let net = try rankNetwork(networks)
    let top = net.network.layers[net.network.layers.count - 1].name
    let analyzer = RankAnalyzer(seed: seed)
    var profiles: [RankSummary] = []
    var skipped: [String] = []
    for name in methods {
      guard let (rule, method) = RankSummary.networkRule(forMethod: name) else {
        skipped.append("\(name): no catalogue rule")
        continue
      }
      do {
        let p = try analyzer.profile(method: method, network: net.network, inputs: net.inputs, injectAt: top)
        profiles.append(RankSummary(networkName: net.name, method: name, rule: rule, network: net.network, p))
      } catch {
        skipped.append("\(name): \(error)")
      }
    }
    return (profiles, skipped)
  }
}
