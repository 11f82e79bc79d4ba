import Foundation
import Matrices
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// The generic propagator beyond the fixtures: identities between methods, composites by layer
/// role, RectGrad against a naive loop, stabiliser counting, and the errors of bad bindings.
@Suite struct GenericPropagatorTests {
  static func mlp() -> (Network, ForwardTrace) {
    let net = Network.mlp(inputCount: 6, hidden: [5, 4], classes: 3, seed: 21)
    var g = SeededGenerator(seed: 22)
    let x = Tensor(shape: [3, 6], scalars: (0..<18).map { _ in Float(g.nextGaussian()) })
    return (net, net.trace(x))
  }

  static func unitStart(_ net: Network, _ trace: ForwardTrace, classIndex: Int = 1) -> RelevanceStart {
    var r = Tensor(shape: trace.output.shape)
    for row in 0..<trace.batchSize { r.scalars[row * trace.output.shape[1] + classIndex] = 1 }
    return RelevanceStart(layer: net.layers.count - 1, relevance: r)
  }

  static func weights(_ net: Network) -> [String: Tensor] {
    var patterns: [String: Tensor] = [:]
    for layer in net.layers {
      if case .dense(let d) = layer { patterns[d.name] = d.weight }
      if case .conv2d(let c) = layer { patterns[c.name] = c.weight }
    }
    return patterns
  }

  /// PatternNet with the pattern P = W is the gradient; PatternAttribution with P ≡ 1 is too.
  @Test func patternMethodsReduceToTheGradient() throws {
    let (net, trace) = Self.mlp()
    let start = Self.unitStart(net, trace)
    let gradient = try GenericRulePropagator(method: try NetworkRule.catalogue("gradient")).propagate(network: net, trace: trace, start: start)
    let reference = net.backward(trace: trace, upstream: start.relevance, at: start.layer).inputGradient
    expectClose(gradient.input.scalars, reference.scalars, rtol: 1e-5, atol: 1e-7, "gradient vs autograd")
    let patternNet = try GenericRulePropagator(
      method: try NetworkRule.catalogue("pattern-net"), bindings: RuleBindings(patterns: Self.weights(net))
    ).propagate(network: net, trace: trace, start: start)
    expectClose(patternNet.input.scalars, reference.scalars, rtol: 1e-5, atol: 1e-7, "PatternNet with P = W")
    let ones = Self.weights(net).mapValues { Tensor(shape: $0.shape, repeating: 1) }
    let patternAttribution = try GenericRulePropagator(
      method: try NetworkRule.catalogue("pattern-attribution"), bindings: RuleBindings(patterns: ones)
    ).propagate(network: net, trace: trace, start: start)
    expectClose(patternAttribution.input.scalars, reference.scalars, rtol: 1e-5, atol: 1e-7, "PatternAttribution with P = 1")
  }

  @Test func compositesAssignRulesByLayerRole() throws {
    let net = try Network.load(architecture: Fixtures.url("tiny_cnn.json"), weights: Fixtures.url("tiny_cnn.safetensors"))
    let dtd = try NetworkRule.catalogue("dtd")
    let entry = { (id: String) in RuleCatalogue.entry(id)!.rule }
    #expect(dtd.rule(forLinearLayer: 0, of: net) == entry("dtd.zb"))
    // The hidden z⁺ and the conv αβ run their paper-convention forms (iNNvestigate's full bias).
    #expect(dtd.rule(forLinearLayer: 3, of: net) == entry("zplus.paper"))
    #expect(dtd.rule(forLinearLayer: 7, of: net) == entry("dtd.w2"))
    let cmp = try NetworkRule.catalogue("lrp-cmp-alpha2-beta1")
    #expect(cmp.rule(forLinearLayer: 0, of: net) == entry("lrp.alphabeta.paper"))
    #expect(cmp.parameters["alpha"] == 2 && cmp.parameters["beta"] == 1)
    #expect(cmp.rule(forLinearLayer: 7, of: net) == entry("lrp.epsilon"))
    #expect(cmp.parameters["eps"] == 1e-10)
    // Under the Zennit convention every part has its Zennit form, ε defaults to 1e-6 and DTD's
    // logit layer runs z⁺.
    let zennitDTD = try NetworkRule.catalogue("dtd", convention: .zennit)
    #expect(zennitDTD.rule(forLinearLayer: 0, of: net) == entry("dtd.zb.zennit"))
    #expect(zennitDTD.rule(forLinearLayer: 3, of: net) == entry("zplus.zennit"))
    #expect(zennitDTD.rule(forLinearLayer: 7, of: net) == entry("zplus.zennit"))
    #expect(try NetworkRule.catalogue("lrp-cmp-alpha2-beta1", convention: .zennit).parameters["eps"] == 1e-6)
    // Zennit's zᴮ and z⁺ are non-negative with biases (zb.zennit.nonnegative,
    // zplus.zennit.nonnegative), so DTD keeps the sign of the seed everywhere.
    let batch = try InputBatch.load(Fixtures.url("tiny_cnn.inputs.safetensors"))
    let trace = net.trace(batch.x)
    var seed = Tensor(shape: trace.output.shape)
    for row in 0..<4 { seed.scalars[row * 3] = 1 }
    let result = try GenericRulePropagator(method: zennitDTD, bindings: RuleBindings(low: [-2.5], high: [3.5]))
      .propagate(network: net, trace: trace, start: RelevanceStart(layer: 7, relevance: seed))
    for r in result.relevances { #expect(r.scalars.allSatisfy { $0 >= -1e-6 }) }
  }

  @Test func percentileIsTensorFlowNearest() {
    // Sorted descending, element round_half_even((n − 1)·(1 − q/100)):
    // [5, 4, 3, 2, 1], q = 98: round(0.08) = 0 → 5 (numpy's linear interpolation would give 4.92).
    #expect(SignalThreshold(percentile: 98).threshold([5, 1, 4, 2, 3]) == 5)
    // [10, 3, 2, 1], q = 50: round(1.5) = 2 (half to even) → 2.
    #expect(SignalThreshold(percentile: 50).threshold([1, 10, 2, 3]) == 2)
    // [10, 3, 2, 1], q = 60: round(1.2) = 1 → 3; q = 0 → the minimum, q = 100 → the maximum.
    #expect(SignalThreshold(percentile: 60).threshold([1, 10, 2, 3]) == 3)
    #expect(SignalThreshold(percentile: 0).threshold([3, -1, 2]) == -1)
    #expect(SignalThreshold(percentile: 100).threshold([3, -1, 2]) == 3)
  }

  /// RectGrad against a naive loop over the MLP: dense layers transpose, ReLUs threshold (the kept
  /// signal replaces the ReLU's derivative).
  @Test func rectGradMatchesANaiveLoop() throws {
    let (net, trace) = Self.mlp()
    let start = Self.unitStart(net, trace)
    for percentile in [98.0, 50] {
      let method = try NetworkRule.catalogue("rectgrad", parameters: ["percentile": percentile])
      let result = try GenericRulePropagator(method: method).propagate(network: net, trace: trace, start: start)
      var r = start.relevance
      for l in stride(from: net.layers.count - 1, through: 0, by: -1) {
        if case .relu = net.layers[l] {
          for row in 0..<trace.batchSize {
            let n = r.count / trace.batchSize
            let h = Array(trace.activations[l + 1].scalars[(row * n)..<((row + 1) * n)])
            let g = Array(r.scalars[(row * n)..<((row + 1) * n)])
            let products = zip(h, g).map { Double($0) * Double($1) }
            let tau = SignalThreshold(percentile: percentile).threshold(products)
            for k in 0..<n where !(products[k] > tau) { r.scalars[row * n + k] = 0 }
          }
          continue
        }
        r = net.layers[l].backward(outputGradient: r, input: trace.activations[l], maxPoolIndices: nil, wantParameters: false).input
      }
      expectClose(result.input.scalars, r.scalars, rtol: 1e-5, atol: 1e-7, "percentile \(percentile)")
    }
  }

  /// An all-zero input makes every LRP-0 denominator of the first layer vanish (no bias here).
  @Test func stabilisedDenominatorsAreCounted() throws {
    let dense = Dense(name: "fc", weight: Tensor(shape: [2, 3], scalars: [1, 2, -1, -1, 1, 3]), bias: nil)
    let net = try Network(inputShape: [3], layers: [.dense(dense)])
    let trace = net.trace(Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 2, 3]))
    let method = try NetworkRule.catalogue("lrp-0")
    let start = RelevanceStart(layer: 0, relevance: Tensor(shape: [2, 2], scalars: [1, 1, 1, 1]))
    let result = try GenericRulePropagator(method: method).propagate(network: net, trace: trace, start: start)
    #expect(result.stabilisedCount == 2)
    #expect(result.input.scalars[0..<3].allSatisfy { $0 == 0 })
    #expect(result.input.scalars.allSatisfy { $0.isFinite })
  }

  @Test func bindingErrorsAreOneLineAttributionErrors() throws {
    let (net, trace) = Self.mlp()
    let start = Self.unitStart(net, trace)
    func error(_ method: NetworkRule, _ bindings: RuleBindings = .none, _ s: RelevanceStart? = nil) -> AttributionError? {
      do {
        _ = try GenericRulePropagator(method: method, bindings: bindings).propagate(network: net, trace: trace, start: s ?? start)
        return nil
      } catch { return error as? AttributionError }
    }
    let patterns = try NetworkRule.catalogue("pattern-net")
    #expect(error(patterns) == .unsupportedLayer(method: "pattern-net", layer: "fc1", reason: "no pattern given for this layer"))
    let bounds = NetworkRule(name: "zb-everywhere", seed: .logitValue, linear: RuleCatalogue.entry("dtd.zb")!.rule)
    #expect(error(bounds, RuleBindings(low: [0], high: [1])) == .unsupportedLayer(
      method: "zb-everywhere", layer: "fc2", reason: "the bounds l[i], h[i] exist only at the network input"))
    let zb = try NetworkRule.catalogue("lrp-zb")
    #expect(error(zb) == .invalidParameter(method: "lrp-zb", parameter: "low/high", expected: "input bounds for l[i], h[i]"))
    #expect(error(zb, RuleBindings(low: [0, 1], high: [1])) == .invalidParameter(
      method: "lrp-zb", parameter: "low", expected: "1 or 6 values (one per input element), got 2"))
    let deeplift = try NetworkRule.catalogue("deeplift-rescale")
    #expect(error(deeplift)?.description.contains("reference") == true)
    var noEps = try NetworkRule.catalogue("lrp-epsilon")
    noEps.parameters = [:]
    #expect(error(noEps) == .invalidParameter(method: "lrp-epsilon", parameter: "eps", expected: "a value (used by the linear rule)"))
    let bad = RelevanceStart(layer: 2, relevance: Tensor(shape: [3, 7]))
    let gradient = try NetworkRule.catalogue("gradient")
    #expect(error(gradient, .none, bad) == .startShape(layer: 2, expected: [3, 4], got: [3, 7]))
    for e in [error(patterns), error(deeplift)] { #expect(e.map { !$0.description.contains("\n") } == true) }
  }

  /// A user's rule text with a mistake gets a positioned one-line error before anything runs.
  @Test func badRuleTextIsAPointedError() {
    #expect(throws: RuleSyntaxError.self) { try Rule(parsing: "R[i] = sum_j(a[i]*w[i,j]/z[j]*R[j])") }
    do {
      _ = try Rule(parsing: "R[i] = sum_j(a[i]*w[i,j]/z[j]*R[j])", source: "--rule")
    } catch {
      #expect(error.description.hasPrefix("--rule:1:25: denominator can be zero"))
    }
  }
}

/// A user's rule runs with no further code: iNNvestigate's z⁺ written by hand on a CNN equals the
/// catalogue's `lrp-zplus` (paper convention), and the plain transpose is the gradient.
@Test func userRulesRunOnNetworks() throws {
  let net = try Network.load(architecture: Fixtures.url("small_cnn_strided.json"), weights: Fixtures.url("small_cnn_strided.safetensors"))
  let trace = net.trace(try InputBatch.load(Fixtures.url("small_cnn_strided.inputs.safetensors")).x)
  let zplus = NetworkRule.user(try Rule(parsing: "R[i] = sum_j( pos(a[i]*w[i,j]) / stab(sum_i(pos(a[i]*w[i,j])) + b[j]) * R[j] )"))
  #expect(zplus.seed == .logitValue)
  let start = GenericPropagatorTests.unitStart(net, trace)
  let mine = try GenericRulePropagator(method: zplus).propagate(network: net, trace: trace, start: start)
  let catalogue = try GenericRulePropagator(method: try NetworkRule.catalogue("lrp-zplus")).propagate(network: net, trace: trace, start: start)
  expectClose(mine.input.scalars, catalogue.input.scalars, rtol: 1e-12)
  let transpose = NetworkRule.user(try Rule(parsing: "R[i] = sum_j(w[i,j]*R[j])"))
  #expect(transpose.seed == .unit)
  let gradient = try GenericRulePropagator(method: transpose).propagate(network: net, trace: trace, start: start)
  let autograd = net.backward(trace: trace, upstream: start.relevance, at: start.layer).inputGradient
  expectClose(gradient.input.scalars, autograd.scalars, rtol: 1e-5, atol: 1e-7)
}

/// Per-channel zᴮ bounds equal scalar bounds when the channels agree, and expand channel-major.
@Test func channelBoundsExpandChannelMajor() throws {
  let expanded = RuleBindings.channelBounds(low: [0, -1], high: [1, 2], inputShape: [2, 1, 3])
  #expect(expanded.low == [0, 0, 0, -1, -1, -1])
  #expect(expanded.high == [1, 1, 1, 2, 2, 2])
  let net = try Network.load(architecture: Fixtures.url("tiny_cnn.json"), weights: Fixtures.url("tiny_cnn.safetensors"))
  let trace = net.trace(try InputBatch.load(Fixtures.url("tiny_cnn.inputs.safetensors")).x)
  let method = try NetworkRule.catalogue("lrp-zb", convention: .zennit)
  let start = GenericPropagatorTests.unitStart(net, trace, classIndex: 0)
  let bounds = RuleBindings.channelBounds(low: [-2.5, -2.5], high: [3.5, 3.5], inputShape: net.inputShape)
  let perChannel = try GenericRulePropagator(method: method, bindings: RuleBindings(low: bounds.low, high: bounds.high))
    .propagate(network: net, trace: trace, start: start)
  let scalar = try GenericRulePropagator(method: method, bindings: RuleBindings(low: [-2.5], high: [3.5]))
    .propagate(network: net, trace: trace, start: start)
  #expect(perChannel.input == scalar.input)
}
