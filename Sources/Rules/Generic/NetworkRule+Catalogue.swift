import Symbolic

extension NetworkRule {
  /// The built-in method `name` (a catalogue entry, alias, composite or built-in) as it runs on a
  /// network, with the catalogue's text for every layer: the same method as the fast kernel of
  /// `MethodRegistry` under the same convention (the cross-path tests check every one).
  ///
  /// | method | dense/conv | ReLU | avg pool | seed |
  /// |---|---|---|---|---|
  /// | LRP family | the entry's form under `convention` (`RuleConvention`) | pass | LRP-0 (convention) | `e_c·f_c` |
  /// | Excitation BP | z⁺ (convention) | gradient mask `1[z > 0]` | LRP-0 (convention) | `e_c·f_c` |
  /// | composites (`dtd`, `lrp-zb`, `lrp-cmp-…`) | the parts by role (convention) | pass | LRP-0 (convention) | `e_c·f_c` |
  /// | gradient, Guided BP, Deconv | `Wᵀ` | the entry (mask / guided / backward ReLU) | `Wᵀ` | `e_c` |
  /// | RectGrad | `Wᵀ` | percentile threshold, which replaces the mask | `Wᵀ` | `e_c` |
  /// | PatternNet / PatternAttribution | `Pᵀ` / `(W ⊙ P)ᵀ` | gradient mask | `Wᵀ` | `e_c` / `e_c·f_c` |
  /// | DeepLIFT rescale | `Wᵀ` | the entry (secant multiplier) | `Wᵀ` | `e_c` |
  /// | DeepLIFT ablation | `W⁺ᵀ` on inputs with `a ≠ a0` | secant multiplier | `Wᵀ` | `e_c` |
  /// | DeepLIFT reveal-cancel | the entry (it contains the ReLU above) where that ReLU is traversed, else `Wᵀ` | pass above dense/conv, else Rescale | `Wᵀ` | `e_c` |
  ///
  /// DeepLIFT methods propagate *multipliers* `m` (seed `e_c`, as Captum's `target=c`); the
  /// contributions are `contributions(_:network:trace:reference:)`. Max pool is winner-take-all
  /// for every method. The catalogue id `dtd.zb` names the rule; as a method it is `lrp-zb`.
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
      method = gradientType(name, activation: pass)
      method.parameters = builtIn.defaults.merging(parameters) { _, new in new }
      let q = method.parameters["percentile"] ?? 98
      guard q >= 0, q <= 100 else {
        throw CatalogueLookupError.invalidParameter(method: name, parameter: "percentile", expected: "in [0, 100]")
      }
      method.threshold = SignalThreshold(percentile: q)
      return method
    }
    if let composite = RuleCatalogue.composite(name) {
      return try self.composite(composite, convention: convention, parameters: parameters)
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
      method = NetworkRule(
        name: name, seed: .unit, linear: entry.rule, last: transpose,
        activation: RuleCatalogue.entry("deeplift.rescale")!.rule, averagePool: transpose)
      method.foldsActivation = true
    case "dtd.zb":
      var zb = try self.composite(RuleCatalogue.composite("lrp-zb")!, convention: convention, parameters: parameters)
      zb.name = name
      return zb
    default:
      let (rule, defaults) = lrpForm(entry, convention)
      method = NetworkRule(
        name: name, seed: .logitValue, linear: rule, averagePool: averagePoolRule(convention), parameters: defaults)
      if entry.id == "excitation" { method.activation = gradient }
    }
    method.parameters = method.parameters.merging(entry.defaults) { current, _ in current }.merging(parameters) { _, new in new }
    if entry.id == "lrp.alphabeta" {
      let (alpha, beta) = (method.parameters["alpha"] ?? 0, method.parameters["beta"] ?? 0)
      guard alpha - beta == 1, beta >= 0 else {
        throw CatalogueLookupError.invalidParameter(method: name, parameter: "alpha", expected: "alpha − beta = 1 with beta ≥ 0")
      }
    }
    return method
  }

  /// A composite under `convention`: each part in its convention form; under the Zennit
  /// convention every ε defaults to 1e-6 and DTD's logit layer runs z⁺ (the fixtures'
  /// `dtd_zbox_zplus`) instead of w².
  private static func composite(
    _ composite: CompositeEntry, convention: RuleConvention, parameters: [String: Double]
  ) throws -> NetworkRule {
    func rule(_ id: String?) -> (Rule, [String: Double])? {
      id.map { lrpForm(RuleCatalogue.entry($0)!, convention) }
    }
    let lastID = convention == .zennit && composite.id == "dtd" ? composite.hidden : composite.last
    let ids = [composite.first, composite.hidden, composite.dense, composite.conv, lastID]
    var method = NetworkRule(
      name: composite.id, seed: .logitValue, linear: rule(composite.hidden)!.0, first: rule(composite.first)?.0,
      last: rule(lastID)?.0, dense: rule(composite.dense)?.0, conv: rule(composite.conv)?.0,
      averagePool: averagePoolRule(convention))
    var defaults: [String: Double] = [:]
    for id in ids {
      if let part = rule(id) { defaults.merge(part.1) { current, _ in current } }
    }
    defaults.merge(composite.defaults) { _, new in new }
    if convention == .zennit, defaults["eps"] != nil { defaults["eps"] = zennitEpsilon }
    method.parameters = defaults.merging(parameters) { _, new in new }
    return method
  }

  /// Zennit's default ε (`Epsilon(epsilon=1e-6)`), the default of every ε under the Zennit convention.
  static let zennitEpsilon = 1e-6

  /// Linear layers `Wᵀ`, ReLUs `activation`, average pool `Wᵀ`, seed `e_c`.
  private static func gradientType(_ name: String, activation: Rule) -> NetworkRule {
    NetworkRule(name: name, seed: .unit, linear: pass, activation: activation, averagePool: pass)
  }

  /// An LRP-family entry in the form that runs under `convention`, with the parameter values
  /// that form needs (see `RuleConvention` for the table).
  static func lrpForm(_ entry: CatalogueEntry, _ convention: RuleConvention) -> (Rule, [String: Double]) {
    let named: [String: (Double, Double)] = ["lrp-alpha2-beta1": (2, 1), "lrp-alpha5-beta4": (5, 4)]
    let zennit = convention == .zennit
    switch entry.id {
    case "zplus", "excitation", "lrp-alpha1-beta0":
      return (RuleCatalogue.entry(zennit ? "zplus.zennit" : "zplus.paper")!.rule, [:])
    case "lrp.alphabeta":
      return (RuleCatalogue.entry(zennit ? "lrp.alphabeta.zennit" : "lrp.alphabeta.paper")!.rule, entry.defaults)
    case let id where named[id] != nil:
      let (alpha, beta) = named[id]!
      return (RuleCatalogue.entry(zennit ? "lrp.alphabeta.zennit" : "lrp.alphabeta.paper")!.rule, ["alpha": alpha, "beta": beta])
    case "lrp.epsilon":
      return (entry.rule, zennit ? ["eps": zennitEpsilon] : entry.defaults)
    default:
      guard zennit, let form = RuleCatalogue.entry(entry.id + ".zennit") else { return (entry.rule, entry.defaults) }
      return (form.rule, form.defaults)
    }
  }

  /// LRP-0 on the average pool: `lrp.0` (SafeDivide, paper) or `lrp.0.zennit` (Zennit's `Norm`).
  private static func averagePoolRule(_ convention: RuleConvention) -> Rule {
    RuleCatalogue.entry(convention == .zennit ? "lrp.0.zennit" : "lrp.0")!.rule
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
