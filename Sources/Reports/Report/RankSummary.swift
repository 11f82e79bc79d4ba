import Analysis
import Networks
import Rules
import Symbolic

/// The σ₂/σ₁ profile of one method's backward products on one network, the numbers behind a
/// curve of the report's "σ₂/σ₁ profiles" figure (`RankAnalyzer`, Theorem 1 measured).
///
/// For every depth `k` below the injection layer `m` (top first) the product
/// `P_k = C_{k+1} ⋯ C_m` of the method's local backward matrices at the first input: σ₂/σ₁, the
/// stable rank `‖P_k‖_F²/σ₁²`, and `|cos|` between the top left singular vectors at the first and
/// the second input.
public struct RankSummary: Sendable, Equatable, Codable {
  /// The network.
  public var network: String
  /// The method (`MethodRegistry` name).
  public var method: String
  /// The catalogue rule the products were built from (`NetworkRule.catalogue`).
  public var rule: String
  /// The injection layer (the top of every product).
  public var injectionLayer: String
  /// Where each product ends, top first: the output of a layer, or `input`.
  public var points: [String]
  /// `σ₂/σ₁` per point (NaN for a zero product).
  public var ratio: [Double]
  /// Stable rank per point.
  public var stableRank: [Double]
  /// `|cos|` of the top left singular directions at two inputs, per point.
  public var topDirectionCosine: [Double]
  /// `exact`, `randomized` or `sketch N` per point.
  public var mode: [String]

  /// The summary of a profile measured on `network` (named `networkName`).
  public init(networkName: String, method: String, rule: String, network: Network, _ p: RankProfile) {
    self.init(
      networkName: networkName, method: method, rule: rule, network: network, injectionLayer: p.injectionLayer,
      depths: p.depths, topDirectionCosines: p.topDirectionCosines)
  }

  /// The summary of per-depth profiles (top first) and the top-direction cosines at two inputs.
  /// - Precondition: one cosine per depth.
  public init(
    networkName: String, method: String, rule: String, network: Network, injectionLayer: String,
    depths: [DepthProfile], topDirectionCosines: [Double]
  ) {
    precondition(depths.count == topDirectionCosines.count, "RankSummary: one cosine per depth")
    self.network = networkName
    self.method = method
    self.rule = rule
    self.injectionLayer = injectionLayer
    points = depths.map { $0.depth == 0 ? "input" : network.layers[$0.depth - 1].name }
    ratio = depths.map(\.ratio)
    stableRank = depths.map(\.stableRank)
    topDirectionCosine = topDirectionCosines
    mode = depths.map { d in
      switch d.method {
      case .exact: "exact"
      case .randomized: "randomized"
      case .subspace(let block, _): "subspace \(block)"
      case .sketch(let size): "sketch \(size)"
      }
    }
  }

  /// σ₂/σ₁ at the input (the last point), NaN when there is none.
  public var inputRatio: Double { ratio.last ?? .nan }

  /// The catalogue rule of a `MethodRegistry` name as a network method (paper convention), or
  /// `nil` when no symbolic rule describes it (its profile is then left out and named).
  /// `lrp-zb` is the registry's composite, zᴮ (`dtd.zb`) on the first layer and LRP-ε on the others
  /// (the catalogue's `lrp-zb` alias names the zᴮ rule alone). Other names the catalogue knows map
  /// directly; the rest through ``AlgebraicVerdict/catalogueRule(forMethod:)`` (e.g.
  /// `input-x-gradient` → the gradient chain).
  public static func networkRule(forMethod name: String) -> (rule: String, method: NetworkRule)? {
    if name == "lrp-zb", var epsilon = try? NetworkRule.catalogue("lrp-epsilon"), let zb = RuleCatalogue.entry("dtd.zb") {
      epsilon.name = name
      epsilon.first = zb.rule
      return ("dtd.zb first, lrp-epsilon", epsilon)
    }
    if let direct = try? NetworkRule.catalogue(name) { return (name, direct) }
    guard let (id, _) = AlgebraicVerdict.catalogueRule(forMethod: name),
      let mapped = try? NetworkRule.catalogue(id)
    else { return nil }
    return (id, mapped)
  }
}
