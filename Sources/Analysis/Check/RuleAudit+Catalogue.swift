import Foundation
import Rules
import Symbolic

extension RuleAudit {
  /// The CSC-by-depth curve of every catalogue rule that runs as a network method without extra
  /// data, on the deepest MLP of `settings` (the same network, inputs and injected vectors as
  /// `theoryPoint(depth:)` uses for the audited rule). Depends only on the settings, so a caller
  /// auditing many rules computes it once (or caches it: the profiles are `Codable`).
  /// - Complexity: one CSC run per catalogue rule (no SVDs).
  public static func catalogueProfiles(settings: Settings) -> [CatalogueProfile] {
    let depth = settings.depths[settings.depths.count - 1]
    return RuleCatalogue.all.compactMap { entry in
      guard let method = try? NetworkRule.catalogue(entry.id),
        let point = try? measureMLP(method: method, depth: depth, settings: settings, rank: false)
      else { return nil }
      return CatalogueProfile(id: entry.id, cscCurve: point.cscCurve)
    }
  }

  /// The distance between two CSC-by-depth curves: the mean over depths `k ≥ 1` (the injection
  /// point, chance level for every rule, is left out) of
  /// `|log₁₀ max(1 − a_k, 10⁻¹²) − log₁₀ max(1 − b_k, 10⁻¹²)|`, i.e. how many decades of
  /// convergence apart the two rules are on average. NaN points are skipped; NaN if none is left.
  /// - Complexity: O(min(a.count, b.count)).
  public static func profileDistance(_ a: [Double], _ b: [Double]) -> Double {
    let decades = { (c: Double) in log10(max(1 - c, 1e-12)) }
    let terms = (1..<min(a.count, b.count)).compactMap { k -> Double? in
      guard a[k].isFinite, b[k].isFinite else { return nil }
      return abs(decades(a[k]) - decades(b[k]))
    }
    return terms.isEmpty ? .nan : terms.reduce(0, +) / Double(terms.count)
  }

  /// The `count` catalogue rules whose curves are nearest to `curve` (`profileDistance`), nearest first.
  public static func closestCatalogueRules(
    to curve: [Double], in catalogue: [CatalogueProfile], count: Int = 3
  ) -> [CatalogueMatch] {
    let matches = catalogue.map { CatalogueMatch(id: $0.id, distance: profileDistance(curve, $0.cscCurve)) }
      .filter(\.distance.isFinite)
      .sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
    return Array(matches.prefix(count))
  }
}
