import Foundation
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// The catalogue's methods, bound to networks by `NetworkRule.catalogue` in the Zennit
/// convention, against the Zennit and Captum reference attributions of all three fixture models.
@Suite struct CatalogueFixtureTests {
  /// Fixture key → catalogue method name.
  static let methods: [(key: String, name: String)] = [
    ("lrp_epsilon", "lrp-epsilon"), ("lrp_zplus", "lrp-zplus"), ("lrp_alpha1beta0", "lrp-alpha1-beta0"),
    ("lrp_alpha2beta1", "lrp-alpha2-beta1"), ("excitation_bp", "excitation-bp"), ("gradient", "gradient"),
    ("guided_backprop", "guided-backprop"), ("deconvnet", "deconv"), ("dtd_zbox_zplus", "dtd"),
  ]

  static func load(_ model: String) throws -> (Network, InputBatch, ForwardTrace) {
    let net = try Network.load(architecture: Fixtures.url("\(model).json"), weights: Fixtures.url("\(model).safetensors"))
    let batch = try InputBatch.load(Fixtures.url("\(model).inputs.safetensors"))
    return (net, batch, net.trace(batch.x))
  }

  /// `box_low_high` of the fixture (zᴮ bounds).
  static let bounds: [String: (Float, Float)] = ["tiny_mlp": (-2, 2), "tiny_cnn": (-2.5, 3.5), "small_cnn_strided": (0, 1)]

  @Test(arguments: GenericZennitFixtureTests.models)
  func catalogueMethodsMatchZennit(_ model: String) throws {
    let (net, batch, trace) = try Self.load(model)
    let targets = try #require(batch.targets)
    let attributions = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).attributions.safetensors"))
    let (low, high) = Self.bounds[model]!
    for (key, name) in Self.methods {
      let method = try NetworkRule.catalogue(name, convention: .zennit)
      let start = RelevanceStart(
        layer: net.layers.count - 1, relevance: GenericZennitFixtureTests.seed(method.seed, logits: trace.output, targets: targets))
      let propagator = GenericRulePropagator(method: method, bindings: RuleBindings(low: [low], high: [high]))
      #expect(propagator.name == name)
      let result = try propagator.propagate(network: net, trace: trace, start: start)
      expectClose(result.input.scalars, try attributions.tensor(named: key).scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(name)")
    }
  }

  /// DeepLIFT rescale propagates multipliers; Captum's attribution is `m ⊙ x` (zero baseline),
  /// and its per-layer dumps are the multipliers.
  @Test(arguments: GenericZennitFixtureTests.models)
  func deepLIFTRescaleMatchesCaptum(_ model: String) throws {
    let (net, batch, trace) = try Self.load(model)
    let targets = try #require(batch.targets)
    let reference = net.trace(Tensor(shape: [1] + net.inputShape))
    let method = try NetworkRule.catalogue("deeplift-rescale")
    #expect(method.seed == .unit)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: GenericZennitFixtureTests.seed(.unit, logits: trace.output, targets: targets))
    let result = try GenericRulePropagator(method: method, bindings: RuleBindings(reference: reference))
      .propagate(network: net, trace: trace, start: start)
    let contributions = zip(result.input.scalars, batch.x.scalars).map { $0 * $1 }
    let attributions = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).attributions.safetensors"))
    expectClose(contributions, try attributions.tensor(named: "deeplift_rescale").scalars, rtol: 1e-5, atol: 1e-7, "\(model)")
    let layersFile = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).layers.safetensors"))
    for (l, layer) in net.layers.enumerated() where layersFile.contains("deeplift_rescale/\(layer.name)") {
      let want = try layersFile.tensor(named: "deeplift_rescale/\(layer.name)")
      expectClose(result.relevances[l + 1].scalars, want.scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(layer.name)")
    }
  }

  @Test func unknownNamesAndBadParametersAreOneLineErrors() throws {
    #expect(throws: CatalogueLookupError.unknownMethod("lrp-bogus")) { try NetworkRule.catalogue("lrp-bogus") }
    #expect(throws: CatalogueLookupError.self) { try NetworkRule.catalogue("lrp-alpha-beta", parameters: ["alpha": 3, "beta": 1]) }
    #expect(throws: CatalogueLookupError.self) { try NetworkRule.catalogue("rectgrad", parameters: ["percentile": 120]) }
    #expect(!CatalogueLookupError.unknownMethod("x").description.contains("\n"))
  }
}
