import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// DeepLIFT Rescale against Captum 0.9 (`deeplift_rescale`, `deeplift_rescale_contrib/*`).
@Suite struct DeepLIFTFixtureTests {
  /// Unit seed: the input relevance is Captum's attribution; every recorded point's contribution
  /// `m · (a(x) − a(0))` matches the per-layer dump. The top point is left out: the fixture stores
  /// `e_c · (f(x) − f(0))` there, our contract the injected start.
  @Test(arguments: MethodFixture.models)
  func rescaleMatchesCaptum(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: net.outputCount))
    let result = try DeepLIFT(.rescale, seed: .unit).propagate(network: net, trace: trace, start: start)
    let expected = try MethodFixture.reference(model, file: "attributions", key: "deeplift_rescale")
    #expect(result.input.shape == expected.shape)
    expectClose(result.input.scalars, expected.scalars, rtol: 1e-5, atol: 1e-7, "\(model) input")
    var checked = 0
    for (l, layer) in net.layers.enumerated().dropLast()
    where try MethodFixture.hasLayerKey(model, "deeplift_rescale_contrib/\(layer.name)") {
      let contrib = try MethodFixture.reference(
        model, file: "layers", key: "deeplift_rescale_contrib/\(layer.name)")
      let ours = result.relevances[l + 1]
      #expect(ours.shape == contrib.shape, "\(model) \(layer.name)")
      expectClose(ours.scalars, contrib.scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(layer.name)")
      checked += 1
    }
    #expect(checked >= 2)
  }

  /// The default `.logitValue` seed `e_c · f_c(x)` scales Captum's attribution by `f_c(x)` per sample.
  @Test(arguments: MethodFixture.models)
  func logitSeedScalesCaptumByLogit(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let logits = MethodFixture.targetLogits(trace.output, targets)
    let start = RelevanceStart(
      layer: net.layers.count - 1,
      relevance: MethodFixture.oneHot(targets, classes: net.outputCount, scale: logits))
    let method = DeepLIFT(.rescale)
    #expect(method.seed == .logitValue && method.name == "deeplift-rescale")
    let result = try method.propagate(network: net, trace: trace, start: start)
    let captum = try MethodFixture.reference(model, file: "attributions", key: "deeplift_rescale")
    let stride = captum.count / 4
    let expected = captum.scalars.enumerated().map { $0.element * logits[$0.offset / stride] }
    expectClose(result.input.scalars, expected, rtol: 1e-5, atol: 1e-8, "\(model)")
  }

  /// Summation to delta at every boundary where it must hold: `Σ R_l = f_c(x) − f_c(0)`. For
  /// `small_cnn_strided` only at and above its max-pool output (see the fixture README).
  @Test(arguments: MethodFixture.models)
  func summationToDelta(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: net.outputCount))
    let result = try DeepLIFT(.rescale, seed: .unit).propagate(network: net, trace: trace, start: start)
    let fx = MethodFixture.targetLogits(trace.output, targets)
    let f0 = MethodFixture.targetLogits(net.forward(Tensor(shape: x.shape)), targets)
    let lowest = model == "small_cnn_strided" ? (net.layerIndex(named: "maxpool4") ?? 0) + 1 : 0
    for l in lowest..<result.relevances.count - 1 {
      let sums = MethodFixture.sampleSums(result.relevances[l])
      for s in 0..<4 {
        expectClose(sums[s], Double(fx[s] - f0[s]), rtol: 1e-4, atol: 1e-5, "\(model) boundary \(l) sample \(s)")
      }
    }
  }

  /// With DeepLIFT's difference rule at max-pools, summation to delta holds at every boundary,
  /// including `small_cnn_strided` below its max-pool; without pools the rule changes nothing.
  @Test(arguments: MethodFixture.models)
  func deltaMaxPoolRuleSumsToDeltaEverywhere(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: net.outputCount))
    let fx = MethodFixture.targetLogits(trace.output, targets)
    let f0 = MethodFixture.targetLogits(net.forward(Tensor(shape: x.shape)), targets)
    let methods: [any RelevancePropagator] = [
      DeepLIFT(.rescale, maxPool: .delta, seed: .unit), DeepLIFT(.revealCancel, maxPool: .delta, seed: .unit),
    ]
    for method in methods {
      let result = try method.propagate(network: net, trace: trace, start: start)
      for l in 0..<result.relevances.count - 1 {
        let sums = MethodFixture.sampleSums(result.relevances[l])
        for s in 0..<4 {
          expectClose(sums[s], Double(fx[s] - f0[s]), rtol: 1e-4, atol: 1e-5, "\(model) \(method.name) boundary \(l) sample \(s)")
        }
      }
    }
    if model == "tiny_mlp" {
      let a = try DeepLIFT(.rescale, maxPool: .delta).propagate(network: net, trace: trace, start: start)
      let b = try DeepLIFT(.rescale).propagate(network: net, trace: trace, start: start)
      #expect(a == b)
    }
  }

  /// Summation to delta on random MLPs with a random (non-zero) reference, over seeds.
  @Test func summationToDeltaOnRandomMLPs() throws {
    for seed in UInt64(1)...5 {
      let net = Network.mlp(inputCount: 7, hidden: [9, 6], classes: 4, seed: seed)
      var g = SeededGenerator(seed: seed &+ 100)
      let x = Tensor(shape: [3, 7], scalars: (0..<21).map { _ in Float(g.nextGaussian()) })
      let ref = Tensor(shape: [7], scalars: (0..<7).map { _ in Float(g.nextGaussian()) * 0.3 })
      let trace = net.trace(x)
      let start = RelevanceStart(layer: net.layers.count - 1, relevance: MethodFixture.oneHot([0, 1, 3], classes: 4))
      let result = try DeepLIFT(.rescale, reference: ref, seed: .unit).propagate(network: net, trace: trace, start: start)
      let fx = MethodFixture.targetLogits(trace.output, [0, 1, 3])
      let f0 = net.forward(ref.reshaped(to: [1, 7])).scalars
      let sums = MethodFixture.sampleSums(result.input)
      for (s, c) in [0, 1, 3].enumerated() {
        expectClose(sums[s], Double(fx[s] - f0[c]), rtol: 1e-4, atol: 1e-5, "seed \(seed) sample \(s)")
      }
    }
  }

  /// The CSC example: 20 random vectors injected at the logits of `x.repeat_interleave(5)` as
  /// multipliers; the contributions arriving at every recorded point match Captum's.
  @Test(arguments: ["tiny_mlp", "small_cnn_strided"])
  func injectedVectorsMatchCaptum(_ model: String) throws {
    let (net, x, _) = try MethodFixture.load(model)
    let csc = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).csc.safetensors"))
    let vectors = try csc.tensor(named: "csc_vectors")
    let stride = x.count / 4
    var shape = x.shape
    shape[0] = 20
    let repeated = Tensor(shape: shape, scalars: (0..<20).flatMap { x.scalars[($0 / 5) * stride..<($0 / 5 + 1) * stride] })
    let result = try DeepLIFT(.rescale).propagate(
      network: net, trace: net.trace(repeated), start: RelevanceStart(layer: net.layers.count - 1, relevance: vectors))
    expectClose(result.input.scalars, try csc.tensor(named: "deeplift_rescale/input").scalars, rtol: 1e-5, atol: 1e-7, "\(model) input")
    var checked = 0
    for (l, layer) in net.layers.enumerated() where csc.contains("deeplift_rescale/\(layer.name)") {
      expectClose(
        result.relevances[l + 1].scalars, try csc.tensor(named: "deeplift_rescale/\(layer.name)").scalars,
        rtol: 1e-5, atol: 1e-7, "\(model) \(layer.name)")
      checked += 1
    }
    #expect(checked >= 2)
  }

  /// A reference of the wrong shape is a one-line `invalidParameter`.
  @Test func wrongReferenceShapeIsRejected() throws {
    let net = Network.mlp(inputCount: 5, hidden: [4], classes: 3, seed: 1)
    let trace = net.trace(Tensor(shape: [2, 5], repeating: 1))
    let start = RelevanceStart(layer: net.layers.count - 1, relevance: Tensor(shape: [2, 3], repeating: 1))
    for method in [
      DeepLIFT(.rescale, reference: Tensor(shape: [4])) as any RelevancePropagator,
      DeepLIFT(.revealCancel, reference: Tensor(shape: [3, 5])), DeepLIFT(.ablation, reference: Tensor(shape: [5, 1])),
    ] {
      #expect {
        try method.propagate(network: net, trace: trace, start: start)
      } throws: { error in
        guard case AttributionError.invalidParameter(_, let parameter, _) = error else { return false }
        return parameter == "reference" && !"\(error)".contains("\n")
      }
    }
    let bad = RelevanceStart(layer: net.layers.count - 1, relevance: Tensor(shape: [2, 4]))
    #expect(throws: AttributionError.self) { try DeepLIFT(.rescale).propagate(network: net, trace: trace, start: bad) }
  }
}
