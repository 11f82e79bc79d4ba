import Networks

extension GenericRulePropagator {
  /// DeepLIFT contributions from the multipliers this propagator returned for `start`: at every
  /// boundary `l ≤ start.layer`, `m_l ⊙ (a_l − a0_l)` with `a0` the bound reference trace (batch 1
  /// broadcast, or one row per sample). The start itself is returned unchanged (Captum's
  /// `grad_outputs`), as by the fast DeepLIFT kernels.
  ///
  /// For a `foldsActivation` method (RevealCancel) the value at the input of a folded ReLU is the
  /// multiplier of its output, so its contribution uses the output's difference: `m_a ⊙ Δa`,
  /// which is `m⁺Δz⁺ + m⁻Δz⁻` since `Δy⁺ + Δy⁻ = Δa` — the fast kernel's split contribution.
  /// - Parameters:
  ///   - multipliers: `propagate(network:trace:start:)` of this propagator.
  ///   - network: the network.
  ///   - trace: the explained trace.
  ///   - start: the start that was propagated.
  /// - Throws: `AttributionError.invalidParameter` when no reference trace is bound.
  /// - Complexity: O(elements of the boundaries below the start).
  public func contributions(
    of multipliers: Attribution, network: Network, trace: ForwardTrace, start: RelevanceStart
  ) throws -> Attribution {
    guard let reference = bindings.reference else {
      throw AttributionError.invalidParameter(
        method: method.name, parameter: "reference", expected: "a forward trace of the reference input (DeepLIFT contributions)")
    }
    var relevances = multipliers.relevances
    for l in 0...start.layer {
      var d = l
      if method.foldsActivation, case .relu = network.layers[l], BoundLayer.isLinear(network, l - 1) { d = l + 1 }
      let a = trace.activations[d].scalars
      let a0 = reference.activations[d].scalars
      let perSample = a.count / max(trace.batchSize, 1)
      let broadcast = reference.batchSize == 1
      let m = relevances[l].scalars
      relevances[l].scalars = m.indices.map { k in
        m[k] * (a[k] - a0[broadcast ? k % perSample : k])
      }
    }
    return Attribution(relevances: relevances, stabilisedCount: multipliers.stabilisedCount)
  }
}
