import Symbolic

extension NetworkRule {
  /// The built-in method `name` (a catalogue entry, alias, composite or built-in) as it runs on a
  /// network, with the catalogue's text for every layer.
  ///
  /// | method | dense/conv | ReLU | avg pool | seed |
  /// |---|---|---|---|---|
  /// | LRP family, Excitation BP | the entry (convention: `RuleConvention`) | pass | LRP-0 (convention) | `e_c·f_c` |
  /// | `lrp-zb` | zᴮ on the first layer, z⁺ (α1β0 / Zennit z⁺) elsewhere | pass | LRP-0 | `e_c·f_c` |
  /// | composites (`dtd`, `lrp-cmp-…`) | the parts by role | pass | LRP-0 | `e_c·f_c` |
  /// | gradient, Guided BP, Deconv | `Wᵀ` | the entry (mask / guided / backward ReLU) | `Wᵀ` | `e_c` |
  /// | RectGrad | `Wᵀ` | percentile threshold, then the gradient mask | `Wᵀ` | `e_c` |
  /// | PatternNet / PatternAttribution | `Pᵀ` / `(W ⊙ P)ᵀ` | gradient mask | `Wᵀ` | `e_c` / `e_c·f_c` |
  /// | DeepLIFT rescale | `Wᵀ` | the entry (secant multiplier) | `Wᵀ` | `e_c` |
  /// | DeepLIFT ablation | `W⁺ᵀ` on inputs with `a ≠ a0` | secant multiplier | `Wᵀ` | `e_c` |
  /// | DeepLIFT reveal-cancel | the entry (it contains the ReLU), `Wᵀ` on the last layer | pass | `Wᵀ` | `e_c` |
  ///
  /// DeepLIFT methods propagate *multipliers* `m` (seed `e_c`, as Captum's `target=c`); the
  /// contributions are `m ⊙ (a − a0)` at any layer. Max pool is winner-take-all for every method.
  /// - Parameters:
  ///   - name: command-line name or catalogue identifier.
  ///   - convention: which reference implementation LRP rules follow.
  ///   - parameters: values overriding the defaults (`eps`, `alpha`, `beta`, `gamma`, `percentile`).
  /// - Throws: `CatalogueLookupError` for an unknown name or an invalid parameter (α − β ≠ 1 for
  ///   `lrp-alpha-beta`, a percentile outside [0, 100]).
  public static func catalogue(
    _ name: String, convention: RuleConvention = .paper, parameters: [String: Double] = [:]
  ) throws -> NetworkRule {
    var method: NetworkRule
    if let builtIn = RuleCatalogue.builtIn(name) {
      method = gradientType(name, activation: RuleCatalogue.entry(builtIn.base)!.rule)
      method.parameters = builtIn.defaults.merging(parameters) { _, new in new }
      let q = method.parameters["percentile"] ?? 98
      guard q >= 0, q <= 100 else {
        throw CatalogueLookupError.invalidParameter(method: name, parameter: "percentile", expected: "in [0, 100]")
      }
      method.threshold = SignalThreshold(percentile: q)
      return method
    }
    if let composite = RuleCatalogue.composite(name) {
      func rule(_ id: String?) -> (Rule, [String: Double])? {
        id.map { lrpRule(RuleCatalogue.entry($0)!, convention) }
      }
      let hidden = rule(composite.hidden)!
      method = NetworkRule(
        name: name, seed: .logitValue, linear: hidden.0, first: rule(composite.first)?.0, last: rule(composite.last)?.0,
        dense: rule(composite.dense)?.0, conv: rule(composite.conv)?.0, averagePool: averagePoolRule(convention))
      var defaults: [String: Double] = [:]
      for id in [composite.first, composite.hidden, composite.dense, composite.conv, composite.last] {
        if let part = rule(id) { defaults.merge(part.1) { current, _ in current } }
      }
      method.parameters = defaults.merging(composite.defaults) { _, new in new }.merging(parameters) { _, new in new }
      method.addAveragePoolStabiliser()
      return method
    }
    guard let entry = RuleCatalogue.entry(name) else { throw CatalogueLookupError.unknownMethod(name) }
    let transpose = NetworkRule.pass
    let gradient = RuleCatalogue.entry("gradient")!.rule
    switch entry.id {
    case "gradient", "guidedbp", "deconv", "deeplift.rescale":
      method = gradientType(name, activation: entry.rule)
    case "patternnet", "patternattribution":
      method = gradientType(name, activation: gradient)
      method.linear = builtIn(entry.id == "patternnet" ? "R[i] = sum_j(p[i,j]*R[j])" : "R[i] = sum_j(w[i,j]*p[i,j]*R[j])")
      if entry.id == "patternattribution" { method.seed = .logitValue }
    case "deeplift.ablation", "deeplift.ablation.exact":
      method = gradientType(name, activation: RuleCatalogue.entry("deeplift.rescale")!.rule)
      let changed = "(step(a[i] - a0[i]) + step(a0[i] - a[i]))"
      method.linear = builtIn(
        entry.id == "deeplift.ablation"
          ? "R[i] = sum_j(\(changed)*pos(w[i,j])*R[j])"
          : "R[i] = sum_j((\(changed)*pos(w[i,j]) + (1 - \(changed))*w[i,j])*R[j])")
    case "deeplift.revealcancel":
      method = NetworkRule(name: name, seed: .unit, linear: entry.rule, last: transpose, averagePool: transpose)
    case "dtd.zb":
      let zplus = lrpRule(RuleCatalogue.entry(convention == .zennit ? "zplus.zennit" : "lrp-alpha1-beta0")!, convention)
      method = NetworkRule(
        name: name, seed: .logitValue, linear: zplus.0, first: entry.rule, averagePool: averagePoolRule(convention),
        parameters: zplus.1)
    default:
      let (rule, defaults) = lrpRule(entry, convention)
      method = NetworkRule(
        name: name, seed: .logitValue, linear: rule, averagePool: averagePoolRule(convention), parameters: defaults)
    }
    method.parameters = method.parameters.merging(entry.defaults) { current, _ in current }.merging(parameters) { _, new in new }
    method.addAveragePoolStabiliser()
    if entry.id == "lrp.alphabeta" {
      let (alpha, beta) = (method.parameters["alpha"] ?? 0, method.parameters["beta"] ?? 0)
      guard alpha - beta == 1, beta >= 0 else {
        throw CatalogueLookupError.invalidParameter(method: name, parameter: "alpha", expected: "alpha − beta = 1 with beta ≥ 0")
      }
    }
    return method
  }

  /// Zennit's `Norm` reads `eps`; methods without one get Zennit's 1e-6.
  private mutating func addAveragePoolStabiliser() {
    if averagePool.body.parameters.contains("eps"), parameters["eps"] == nil { parameters["eps"] = 1e-6 }
  }

  /// Linear layers `Wᵀ`, ReLUs `activation`, average pool `Wᵀ`, seed `e_c`.
  private static func gradientType(_ name: String, activation: Rule) -> NetworkRule {
    NetworkRule(name: name, seed: .unit, linear: pass, activation: activation, averagePool: pass)
  }

  /// An LRP-family entry under a convention, with the defaults it brings.
  private static func lrpRule(_ entry: CatalogueEntry, _ convention: RuleConvention) -> (Rule, [String: Double]) {
    guard convention == .zennit else { return (entry.rule, entry.defaults) }
    let alphaBeta: [String: (Double, Double)] = [
      "lrp.alphabeta": (2, 1), "lrp-alpha1-beta0": (1, 0), "lrp-alpha2-beta1": (2, 1), "lrp-alpha5-beta4": (5, 4),
    ]
    switch entry.id {
    case "zplus", "excitation":
      return (RuleCatalogue.entry("zplus.zennit")!.rule, ["eps": 1e-6])
    case let id where alphaBeta[id] != nil:
      let (alpha, beta) = alphaBeta[id]!
      return (RuleCatalogue.entry("lrp.alphabeta.zennit")!.rule, ["alpha": alpha, "beta": beta, "eps": 1e-6])
    case "lrp.epsilon":
      return (entry.rule, ["eps": 1e-6])
    default:
      return (entry.rule, entry.defaults)
    }
  }

  /// LRP-0 on the average pool: SafeDivide (paper) or Zennit's `Norm` (ε·sign).
  private static func averagePoolRule(_ convention: RuleConvention) -> Rule {
    convention == .zennit ? epsilonRule : RuleCatalogue.entry("lrp.0")!.rule
  }
}

extension NetworkRule {
  /// A user's rule (e.g. `bpaudit attribute --rule 'R[i] = …'`) as a method: the text runs on
  /// every dense and conv layer, and the rest of the layer map follows the rule's type.
  ///
  /// A rule that reads `a[i]` is LRP-type (relevance proportional to the activation): seed
  /// `e_c·f_c(x)`, ReLUs pass relevance through, average pools get LRP-0 (SafeDivide). Any other
  /// rule is gradient-type: seed `e_c`, ReLUs apply the gradient mask `1[z > 0]`, average pools
  /// `Wᵀ`. Write the rule for the linear layer alone (the ReLU is handled by the layer map), e.g.
  /// `R[i] = sum_j(w[i,j]*R[j])` for the gradient.
  /// - Parameters:
  ///   - rule: the parsed rule.
  ///   - name: the method's name in messages.
  ///   - parameters: values for the rule's parameters.
  public static func user(_ rule: Rule, name: String = "rule", parameters: [String: Double] = [:]) -> NetworkRule {
    if rule.body.contains(.a) {
      return NetworkRule(
        name: name, seed: .logitValue, linear: rule, averagePool: RuleCatalogue.entry("lrp.0")!.rule, parameters: parameters)
    }
    return NetworkRule(
      name: name, seed: .unit, linear: rule, activation: RuleCatalogue.entry("gradient")!.rule, averagePool: pass,
      parameters: parameters)
  }
}
