import Matrices
import Networks
import Testing
import _BPTestSupport

@testable import Rules

/// Target selection, injection at hidden layers, the registry and every bad-input error.
@Suite struct AttributorTests {
  let net: Network
  let x: Tensor

  init() throws {
    net = try RandomNetworks.cnn(seed: 21, bias: true)
    x = RandomNetworks.input(net, batch: 3, seed: 21)
  }

  func expectError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
      let text = String(describing: error)
      #expect(text.contains(fragment), "\(text)", sourceLocation: sourceLocation)
      #expect(!text.contains("\n"), sourceLocation: sourceLocation)
    }
  }

  @Test func seedsAreLogitTimesOneHotOrOneHot() throws {
    let a = Attributor(network: net)
    let trace = net.trace(x)
    let logits = trace.output
    let lrp = try a.start(trace: trace, seed: .logitValue, target: .classes([2, 0, 1]))
    let unit = try a.start(trace: trace, seed: .unit, target: .classes([2, 0, 1]))
    #expect(lrp.layer == net.layers.count - 1)
    #expect(lrp.relevance.scalars == [0, 0, logits.scalars[2], logits.scalars[3], 0, 0, 0, logits.scalars[7], 0])
    #expect(unit.relevance.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
    #expect(try a.classes(for: logits, target: .predicted) == Network.rowArgmax(logits))
  }

  @Test func randomOtherClassIsSeededAndNeverThePrediction() throws {
    let a = Attributor(network: net)
    let logits = net.forward(x)
    let predicted = Network.rowArgmax(logits)
    for seed: UInt64 in 0..<20 {
      let drawn = try a.classes(for: logits, target: .randomOther(seed: seed))
      #expect(drawn == (try a.classes(for: logits, target: .randomOther(seed: seed))), "seed \(seed)")
      for (d, p) in zip(drawn, predicted) { #expect(d != p && (0..<3).contains(d), "seed \(seed)") }
    }
  }

  @Test func gradientInjectedAtAHiddenLayerIsTheVectorJacobianProduct() throws {
    let trace = net.trace(x)
    let layer = 4  // relu4 output
    var g = SeededGenerator(seed: 5)
    let shape = trace.activations[layer + 1].shape
    let v = RandomNetworks.gaussian(shape, scale: 1, &g)
    let result = try Attributor(network: net).attribute(
      trace: trace, method: MethodRegistry.make("gradient"), target: .relevance(RelevanceStart(layer: layer, relevance: v)))
    #expect(result.relevances.count == layer + 2)
    #expect(result.relevances[layer + 1] == v)
    let reference = net.backward(trace: trace, upstream: v, at: layer)
    expectClose(result.input.scalars, reference.inputGradient.scalars, rtol: 1e-6)
  }

  @Test func everyRegistryNameBuildsAndRunsOnEveryLayerKind() throws {
    let a = Attributor(network: net)
    // Pattern methods need estimated patterns (RegistryCompletenessTests); path methods run with
    // few steps to keep the debug test fast.
    for name in MethodRegistry.names where !name.hasPrefix("pattern-") {
      let cheap = MethodParameters(
        steps: name == "integrated-gradients" ? 4 : nil, samples: name == "smoothgrad" ? 3 : nil)
      let method = try MethodRegistry.make(name, parameters: cheap)
      #expect(method.name == name)
      let result = try a.attribute(x, method: method)
      #expect(result.input.shape == x.shape, "\(name)")
      #expect(result.input.scalars.allSatisfy { $0.isFinite }, "\(name)")
    }
  }

  @Test func stabilisedDenominatorsAreCounted() throws {
    // fc: y = x0 − x1, at x = (1, 1) the denominator is exactly 0.
    let net = try Network(
      inputShape: [2], layers: [.dense(Dense(name: "fc", weight: Tensor(shape: [1, 2], scalars: [1, -1]), bias: nil))])
    let x = Tensor(shape: [1, 2], scalars: [1, 1])
    let start = TargetSelection.relevance(RelevanceStart(layer: 0, relevance: Tensor(shape: [1, 1], scalars: [1])))
    for name in ["lrp-0", "lrp-epsilon"] {
      for convention in Convention.allCases {
        let r = try Attributor(network: net).attribute(
          x, method: MethodRegistry.make(name, parameters: MethodParameters(convention: convention)), target: start)
        #expect(r.stabilisedCount == 1, "\(name) \(convention)")
        #expect(r.input.scalars.allSatisfy { $0.isFinite })
      }
    }
    let fine = try Attributor(network: net).attribute(Tensor(shape: [1, 2], scalars: [2, 1]), method: MethodRegistry.make("lrp-0"), target: start)
    #expect(fine.stabilisedCount == 0)
  }

  @Test func badInputIsAOneLineAttributionError() throws {
    let a = Attributor(network: net)
    expectError("α − β = 1") { _ = try MethodRegistry.make("lrp-alpha-beta", parameters: MethodParameters(alpha: 2, beta: 2)) }
    expectError("gamma") { _ = try MethodRegistry.make("lrp-gamma", parameters: MethodParameters(gamma: -1)) }
    expectError("one of gradient, input-x-gradient") { _ = try MethodRegistry.make("lrp-bogus") }
    expectError("'gamma'") { _ = try MethodRegistry.make("lrp-epsilon", parameters: MethodParameters(gamma: 1)) }
    expectError("low, high") { _ = try MethodRegistry.make("dtd", parameters: MethodParameters(low: [0])) }
    expectError("outside [-0.5, 0.5]") {
      _ = try a.attribute(x, method: MethodRegistry.make("dtd", parameters: MethodParameters(low: [-0.5], high: [0.5])))
    }
    expectError("a class index in 0..<3, got 3") { _ = try a.attribute(x, method: MethodRegistry.make("gradient"), target: .classes([0, 1, 3])) }
    expectError("one class per input row") { _ = try a.attribute(x, method: MethodRegistry.make("gradient"), target: .classes([0])) }
    expectError("got 'nope'") {
      let m = ModifiedBackprop(
        name: "custom", seed: .logitValue, composite: Composite(dense: .zero, conv: .zPlus, byName: ["nope": .flat]),
        relu: .pass, averagePool: .lrp)
      _ = try a.attribute(x, method: m)
    }
    expectError("per-channel zB bounds need a conv layer") {
      let mlp = try RandomNetworks.mlp(seed: 1, bias: true)
      let m = ModifiedBackprop(
        name: "custom", seed: .logitValue,
        composite: Composite(dense: .zero, conv: .zero, first: .zBox(.perChannel(low: [-9, -9], high: [9, 9]))),
        relu: .pass, averagePool: .lrp)
      _ = try Attributor(network: mlp).attribute(RandomNetworks.input(mlp, batch: 1, seed: 1), method: m)
    }
    expectError("start relevance") {
      let bad = RelevanceStart(layer: 2, relevance: Tensor(shape: [3, 1]))
      _ = try a.attribute(x, method: MethodRegistry.make("gradient"), target: .relevance(bad))
    }
  }

  @Test func compositeSelectsByNameIndexFirstLastAndKind() throws {
    let c = Composite(dense: .zero, conv: .zPlus, first: .flat, last: .wSquare, byIndex: [7: .epsilon(1)], byName: ["conv2": .gamma(1)])
    #expect(c.rule(at: 0, in: net) == .flat)
    #expect(c.rule(at: 3, in: net) == .gamma(1))
    #expect(c.rule(at: 7, in: net) == .epsilon(1))
    #expect(c.rule(at: 9, in: net) == .wSquare)
    #expect(c.rule(at: 1, in: net) == nil)
    #expect(Composite(dense: .zero, conv: .zPlus).rule(at: 3, in: net) == .zPlus)
    #expect(Composite(dense: .zero, conv: .zPlus).rule(at: 7, in: net) == .zero)
  }
}
