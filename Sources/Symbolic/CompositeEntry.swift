/// A built-in composite: a catalogue rule per layer role (paper-digest §3.5, §3.10).
///
/// On a network, the first dense/conv layer gets `first`, the last gets `last`, other dense
/// layers `dense`, other conv layers `conv`, and every remaining one `hidden` (each falling back
/// to `hidden` when unset). Rule names are catalogue identifiers or aliases.
public struct CompositeEntry: Sendable, Hashable {
  /// Stable identifier, the command-line name (`dtd`, `lrp-cmp-alpha1-beta0`, …).
  public let id: String
  /// Human-readable name.
  public let name: String
  /// The rule of the first dense/conv layer, if different from `hidden`.
  public let first: String?
  /// The default rule.
  public let hidden: String
  /// The rule of the last dense/conv layer (the logits), if different.
  public let last: String?
  /// The rule of dense layers, if different.
  public let dense: String?
  /// The rule of conv layers, if different.
  public let conv: String?
  /// Default parameter values, overriding those of the parts.
  public let defaults: [String: Double]
  /// Conventions and provenance, one paragraph.
  public let conventions: String

  /// The parts as `(role, catalogue entry)`, in the order first, hidden, dense, conv, last.
  /// - Precondition: every part names a catalogue entry (checked by the catalogue tests).
  public var parts: [(role: String, entry: CatalogueEntry)] {
    [("first", first), ("hidden", hidden as String?), ("dense", dense), ("conv", conv), ("last", last)]
      .compactMap { role, id in
        id.map { id in
          guard let entry = RuleCatalogue.entry(id) else { preconditionFailure("composite \(self.id) names unknown rule \(id)") }
          return (role, entry)
        }
      }
  }

  /// The default parameters of all parts, then `defaults`.
  public var allDefaults: [String: Double] {
    var merged: [String: Double] = [:]
    for part in parts { merged.merge(part.entry.defaults) { current, _ in current } }
    merged.merge(defaults) { _, new in new }
    return merged
  }
}

extension RuleCatalogue {
  /// The composites of paper-digest §3.5 (DTD) and §3.10 (LRP CMP), and `lrp-zb` (zᴮ below ε).
  public static let composites: [CompositeEntry] = [
    CompositeEntry(
      id: "dtd", name: "Deep Taylor Decomposition", first: "dtd.zb", hidden: "lrp-alpha1-beta0", last: "dtd.w2",
      dense: nil, conv: nil, defaults: [:],
      conventions: "innvestigate DeepTaylor (bounded): zᴮ on the first layer, z⁺ = α1β0 on hidden kernel layers, w² on the logit layer (no output ReLU, the authors' patch) (§3.5). On networks the z⁺ layers run zplus.paper; under the Zennit convention zplus.zennit, also on the logit layer (the fixtures' dtd_zbox_zplus)."),
    CompositeEntry(
      id: "lrp-zb", name: "LRP with zᴮ on the first layer", first: "dtd.zb", hidden: "lrp.epsilon", last: nil,
      dense: nil, conv: nil, defaults: [:],
      conventions: "zᴮ (bounded input) on the first dense/conv layer and LRP-ε on every other one (ε = 1e-7; 1e-6 under the Zennit convention), as bpaudit attribute --method lrp-zb."),
    CompositeEntry(
      id: "lrp-cmp-alpha1-beta0", name: "LRP CMP α1β0", first: nil, hidden: "lrp.epsilon", last: nil,
      dense: "lrp.epsilon", conv: "lrp-alpha1-beta0", defaults: ["eps": 1e-10],
      conventions: "innvestigate lrp.sequential_preset_a: ε on dense layers, α1β0 on conv layers; the paper's code passes ε = 1e-10 (§3.10)."),
    CompositeEntry(
      id: "lrp-cmp-alpha2-beta1", name: "LRP CMP α2β1", first: nil, hidden: "lrp.epsilon", last: nil,
      dense: "lrp.epsilon", conv: "lrp-alpha2-beta1", defaults: ["eps": 1e-10],
      conventions: "innvestigate lrp.sequential_preset_b: ε on dense layers, α2β1 on conv layers; ε = 1e-10 as in the paper's code (§3.10)."),
  ]

  /// The composite with identifier `id`, if any.
  public static func composite(_ id: String) -> CompositeEntry? { composites.first { $0.id == id } }
}
