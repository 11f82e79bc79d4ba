import Foundation
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// The generic evaluator against the Zennit reference fixtures (Tests/Fixtures, README and
/// Sources/Rules/README.md): every rule is written here, in the rule language, in Zennit's convention
/// (stabiliser `z + 1e-6·sign(z)` with sign(0) = +1; z⁺ and αβ split inputs and biases by sign),
/// and compared at the input and at every recorded layer output of all three models.
@Suite struct GenericZennitFixtureTests {
  static let models = FixtureModel.names

  /// `Σᵢ (a⁺w⁺ + a⁻w⁻) + b⁺`, the z⁺ denominator of Zennit.
  static let zPositive = "(sum_i(pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j])) + pos(b[j]))"
  /// `Σᵢ (a⁺w⁻ + a⁻w⁺) + b⁻`.
  static let zNegative = "(sum_i(pos(a[i])*neg(w[i,j]) + neg(a[i])*pos(w[i,j])) + neg(b[j]))"

  static func rule(_ text: String) throws -> Rule { try Rule(parsing: text, assumptions: .unconstrained) }

  /// The Zennit methods of the fixtures, written in the rule language.
  static func method(_ key: String) throws -> NetworkRule {
    let epsilon = try rule("R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])")
    let transpose = try rule("R[i] = sum_j(w[i,j]*R[j])")
    let zp = zPositive
    let zn = zNegative
    switch key {
    case "lrp_epsilon":
      return NetworkRule(name: key, seed: .logitValue, linear: epsilon, averagePool: epsilon, parameters: ["eps": 1e-6])
    case "lrp_zplus":
      let zplus = try rule("R[i] = sum_j((pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j]))/(\(zp) + eps*sign(\(zp)))*R[j])")
      return NetworkRule(name: key, seed: .logitValue, linear: zplus, averagePool: epsilon, parameters: ["eps": 1e-6])
    case "lrp_alpha2beta1":
      let alphaBeta = try rule(
        "R[i] = sum_j((alpha*(pos(a[i])*pos(w[i,j]) + neg(a[i])*neg(w[i,j]))/(\(zp) + eps*sign(\(zp)))"
          + " - beta*(pos(a[i])*neg(w[i,j]) + neg(a[i])*pos(w[i,j]))/(\(zn) + eps*sign(\(zn))))*R[j])")
      return NetworkRule(
        name: key, seed: .logitValue, linear: alphaBeta, averagePool: epsilon,
        parameters: ["eps": 1e-6, "alpha": 2, "beta": 1])
    case "gradient":
      return NetworkRule(
        name: key, seed: .unit, linear: transpose, activation: try rule("R[i] = sum_j(w[i,j]*step(z[j])*R[j])"),
        averagePool: transpose)
    case "guided_backprop":
      return NetworkRule(
        name: key, seed: .unit, linear: transpose,
        activation: try rule("R[i] = sum_j(w[i,j]*step(z[j])*relu(R[j]))"), averagePool: transpose)
    case "deconvnet":
      return NetworkRule(
        name: key, seed: .unit, linear: transpose, activation: try rule("R[i] = sum_j(w[i,j]*relu(R[j]))"),
        averagePool: transpose)
    default:
      preconditionFailure("no method \(key)")
    }
  }

  static let keys = ["lrp_epsilon", "lrp_zplus", "lrp_alpha2beta1", "gradient", "guided_backprop", "deconvnet"]

  /// The seed at the logits: `e_c` or `e_c · logit_c`.
  static func seed(_ kind: LogitSeed, logits: Tensor, targets: [Int]) -> Tensor {
    let classes = logits.shape[1]
    var t = Tensor(shape: logits.shape)
    for (row, c) in targets.enumerated() {
      t.scalars[row * classes + c] = kind == .unit ? 1 : logits.scalars[row * classes + c]
    }
    return t
  }

  @Test(arguments: models, keys)
  func attributionsAndEveryLayerMatchZennit(_ model: String, _ key: String) throws {
    let (net, batch, trace) = try FixtureModel.load(model).networkBatchTrace
    let targets = try #require(batch.targets)
    let method = try Self.method(key)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: Self.seed(method.seed, logits: trace.output, targets: targets))
    let result = try GenericRulePropagator(method: method).propagate(network: net, trace: trace, start: start)
    let attributions = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).attributions.safetensors"))
    let expected = try attributions.tensor(named: key)
    #expect(result.input.shape == expected.shape)
    expectClose(result.input.scalars, expected.scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(key) input")
    let layersFile = try SafeTensorsFile(contentsOf: Fixtures.url("\(model).layers.safetensors"))
    var checked = 0
    for (l, layer) in net.layers.enumerated() where layersFile.contains("\(key)/\(layer.name)") {
      let want = try layersFile.tensor(named: "\(key)/\(layer.name)")
      expectClose(result.relevances[l + 1].scalars, want.scalars, rtol: 1e-5, atol: 1e-7, "\(model) \(key) \(layer.name)")
      checked += 1
    }
    #expect(checked >= 3)
  }
}
