import Networks
import Rules
import Symbolic

extension RuleAudit {
  /// Registry methods whose fast kernel runs exactly what `NetworkRule.user` runs for their
  /// catalogue rule (same layer map, same logit seed, relevance rather than DeepLIFT
  /// contributions), so a rule equal to one of them may use the kernel on CNNs.
  static let kernelMethods: Set<String> = [
    "gradient", "guided-backprop", "deconv", "lrp-0", "lrp-epsilon", "lrp-gamma", "lrp-zplus", "lrp-alpha-beta",
    "lrp-alpha1-beta0", "lrp-alpha2-beta1", "lrp-alpha5-beta4", "lrp-wsquare", "lrp-flat",
  ]

  /// The catalogue rules whose local entry equals `entry` under the rule's assumptions and
  /// parameters (the catalogue's defaults for parameters the rule does not set; stabilisers
  /// dropped; proved, or on 40 random small layers), by identifier in catalogue order.
  static func equalCatalogueRules(
    entry: Expr, assumptions: Assumptions, parameters: [String: Double], seed: UInt64
  ) -> [String] {
    RuleCatalogue.all.compactMap { candidate in
      var merged = assumptions
      merged.nonNegativeActivations = candidate.assumptions.nonNegativeActivations
      merged.boundedInputs = candidate.assumptions.boundedInputs
      for (key, value) in candidate.defaults where parameters[key] == nil { merged.parameters[key] = .fixed(value) }
      let verdict = IdentityCheck.check(
        entry, equals: candidate.rule.localEntry, assumptions: merged, droppingStabilisers: true, samples: 40,
        seed: seed &+ 3)
      if case .refuted = verdict { return nil }
      return candidate.id
    }
  }

  /// The first of `equal` (catalogue identifiers) with a fast kernel (`kernelMethods`), with
  /// the parameters to build it: the rule's value, else the catalogue default. `nil` when none,
  /// or when the rule has a parameter the kernel does not take.
  static func kernel(equal: [String], parameters: [String: Double]) -> (name: String, parameters: MethodParameters)? {
    let known: Set<String> = ["eps", "gamma", "alpha", "beta"]
    guard parameters.keys.allSatisfy(known.contains) else { return nil }
    for id in equal {
      guard let entry = RuleCatalogue.entry(id), kernelMethods.contains(entry.commandName),
        let method = try? MethodRegistry.method(named: entry.commandName)
      else { continue }
      let values = entry.defaults.merging(parameters) { _, given in given }
      var p = MethodParameters()
      if method.parameters.contains("epsilon") { p.epsilon = values["eps"] }
      if method.parameters.contains("gamma") { p.gamma = values["gamma"] }
      if method.parameters.contains("alpha") { p.alpha = values["alpha"] }
      if method.parameters.contains("beta") { p.beta = values["beta"] }
      if (try? MethodRegistry.make(entry.commandName, parameters: p)) != nil { return (entry.commandName, p) }
    }
    return nil
  }

  /// The propagator the CNN steps run: the fast kernel of an equal catalogue rule when there is
  /// one (`kernelName`), else the generic evaluator of the rule text with its bindings.
  /// - Throws: `AttributionError`; `InputShapeError` from the pattern estimator.
  func networkPropagator(network: Network, inputs: Tensor) throws -> any RelevancePropagator {
    if let kernel = Self.kernel(equal: equalCatalogue, parameters: parameters) {
      return try MethodRegistry.make(kernel.name, parameters: kernel.parameters)
    }
    let bindings = try Self.bindings(
      for: method, network: network, inputs: inputs, low: inputs.scalars.min() ?? 0, high: inputs.scalars.max() ?? 1)
    return GenericRulePropagator(method: method, bindings: bindings)
  }

  /// The registry method whose fast kernel the CNN steps use, or `nil` (the generic evaluator).
  public var kernelName: String? { Self.kernel(equal: equalCatalogue, parameters: parameters)?.name }
}
