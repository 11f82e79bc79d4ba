import Networks
import Testing
import _BPTestSupport

@testable import Rules

/// Every rule on one dense unit `z = w·x + b`, `w = (1, −2)`, `b = 0.5`, relevance 1 injected at
/// its output; expected values derived by hand from the formulas in `Convention` / `LinearRule`.
@Suite struct HandDerivedRuleTests {
  func relevance(_ rule: LinearRule, _ convention: Convention, x: [Float], bias: Float = 0.5) throws -> [Float] {
    let net = try Network(
      inputShape: [2],
      layers: [.dense(Dense(name: "fc", weight: Tensor(shape: [1, 2], scalars: [1, -2]), bias: Tensor(shape: [1], scalars: [bias])))])
    let m = ModifiedBackprop(name: "hand", seed: .logitValue, composite: .uniform(rule), relu: .pass, averagePool: .lrp, convention: convention)
    let start = TargetSelection.relevance(RelevanceStart(layer: 0, relevance: Tensor(shape: [1, 1], scalars: [1])))
    return try Attributor(network: net).attribute(Tensor(shape: [1, 2], scalars: x), method: m, target: start).input.scalars
  }

  @Test func alphaBetaBiasesPerConvention() throws {
    let ab = LinearRule.alphaBeta(alpha: 2, beta: 1)
    // paper: z_act = 1 + 0.5, z_inh = −2 + 0.5 (full bias in both): R = 2·(1/1.5, 0) − (0, −2/−1.5).
    expectClose(try relevance(ab, .paper, x: [1, 1]), [4 / 3, -4 / 3], rtol: 1e-6)
    // zennit: z⁺ = 1 + b⁺ (+1e-6), z⁻ = −2 + b⁻ (−1e-6): R = 2·(1/1.5, 0) − (0, 1).
    expectClose(try relevance(ab, .zennit, x: [1, 1]), [4 / 3, -1], rtol: 1e-5)
    // paper, mixed input x = (−1, 1): activator numerators vanish; inhibitor x⁻w⁺ = −1, x⁺w⁻ = −2,
    // z_inh = −3 + 0.5: R = −(−1/−2.5, −2/−2.5).
    expectClose(try relevance(ab, .paper, x: [-1, 1]), [-0.4, -0.8], rtol: 1e-6)
    // z⁺, paper: only the activator, (1/1.5, 0).
    expectClose(try relevance(.zPlus, .paper, x: [1, 1]), [2 / 3, 0], rtol: 1e-6)
  }

  @Test func epsilonAndZeroStabilisers() throws {
    // z = 1 − 2 + 0.5 = −0.5; ε = 0.5 → z − ε = −1: R = (1·1, 1·(−2)) / −1.
    expectClose(try relevance(.epsilon(0.5), .paper, x: [1, 1]), [-1, 2], rtol: 1e-6)
    // z = 0 (bias 1 with x = (1, 1)): sign(0) = +1, ε = 0.5: R = (1, −2) / 0.5.
    expectClose(try relevance(.epsilon(0.5), .paper, x: [1, 1], bias: 1), [2, -4], rtol: 1e-6)
    // LRP-0, paper SafeDivide: z = 0 → 1e-7.
    expectClose(try relevance(.zero, .paper, x: [1, 1], bias: 1), [1e7, -2e7], rtol: 1e-6)
    // LRP-0, zennit: z = −0.5 → −0.5 − 1e-6.
    expectClose(try relevance(.zero, .zennit, x: [1, 1]), [1 / -0.500001, -2 / -0.500001], rtol: 1e-6)
  }

  @Test func boxSquareFlatGamma() throws {
    // zᴮ, l = 0, h = 1, x = (0.5, 0.2): numerators 0.5·1 − 0 − 0 = 0.5 and 0.2·(−2) − 0 − 1·(−2) = 1.6.
    expectClose(try relevance(.zBox(.scalar(low: 0, high: 1)), .paper, x: [0.5, 0.2]), [0.5 / 2.1, 1.6 / 2.1], rtol: 1e-6)
    // w²: (1, 4)/5; flat: (1, 1)/2; both input-independent.
    expectClose(try relevance(.wSquare, .paper, x: [3, -7]), [0.2, 0.8], rtol: 1e-6)
    expectClose(try relevance(.flat, .paper, x: [3, -7]), [0.5, 0.5], rtol: 1e-6)
    // γ = 0.5, x = (1, 1): z = −0.5 < 0, the negative branch: weights w + γw⁻ = (1, −3) on x⁺,
    // bias b + γb⁻ = 0.5: z_neg = −1.5, R = (1, −3)/−1.5.
    expectClose(try relevance(.gamma(0.5), .paper, x: [1, 1]), [-2 / 3, 2], rtol: 1e-6)
    // x = (2, 0.25): z = 2 − 0.5 + 0.5 = 2 > 0: weights w + γw⁺ = (1.5, −2), bias 0.75: z_pos = 3 − 0.5 + 0.75.
    expectClose(try relevance(.gamma(0.5), .paper, x: [2, 0.25]), [3 / 3.25, -0.5 / 3.25], rtol: 1e-6)
  }
}
