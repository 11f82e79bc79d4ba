import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// Rescale, RevealCancel and the ablation on a 2-layer toy, derived by hand.
///
/// `fc1`: `W₁ = [[1, 1], [−1, −3]]`, `b₁ = (½, ½)`; ReLU; `fc2`: `W₂ = [[1, −2]]`, no bias.
/// `x = (2, −1)`, reference 0: `z⁰ = a⁰ = (½, ½)`, `z = a = (1.5, 1.5)`, `Δz = Δa = (1, 1)`,
/// `f(x) − f(0) = −1.5 − (−0.5) = −1`, and the multiplier at the ReLU output is `W₂ᵀ·1 = (1, −2)`.
@Suite struct DeepLIFTToyTests {
  static func toy() throws -> (Network, ForwardTrace, RelevanceStart) {
    let net = try Network(
      inputShape: [2],
      layers: [
        .dense(
          Dense(
            name: "fc1", weight: Tensor(shape: [2, 2], scalars: [1, 1, -1, -3]),
            bias: Tensor(shape: [2], scalars: [0.5, 0.5]))),
        .relu(name: "relu2"),
        .dense(Dense(name: "fc3", weight: Tensor(shape: [1, 2], scalars: [1, -2]), bias: nil)),
      ])
    let trace = net.trace(Tensor(shape: [1, 2], scalars: [2, -1]))
    return (net, trace, RelevanceStart(layer: 2, relevance: Tensor(shape: [1, 1], scalars: [1])))
  }

  /// Rescale: slopes `Δa/Δz = (1, 1)`, `m_x = W₁ᵀ(1, −2) = (3, 7)`, contributions `(6, −7)`.
  @Test func rescale() throws {
    let (net, trace, start) = try Self.toy()
    let r = try DeepLIFT(.rescale, seed: .unit).propagate(network: net, trace: trace, start: start)
    expectClose(r.input.scalars, [6, -7], rtol: 1e-6)
    expectClose(r.relevances[2].scalars, [1, -2], rtol: 1e-6)
  }

  /// RevealCancel. Parts: `Δz⁺ = (2, 3)`, `Δz⁻ = (−1, −2)` (terms `w·Δx`: unit 1 `(2, −1)`,
  /// unit 2 `(−2, 3)`). Unit 1: `Δy⁺ = ½(2.5−½) + ½(1.5−0) = 1.75`, `Δy⁻ = ½(0−½) + ½(1.5−2.5) = −0.75`,
  /// so `m⁺ = 1.75/2 = 0.875`, `m⁻ = 0.75`. Unit 2 (times −2): `Δy⁺ = ½(3.5−½) + ½(1.5−0) = 2.25`,
  /// `Δy⁻ = ½(0−½) + ½(1.5−3.5) = −1.25`, `m⁺ = −2·0.75 = −1.5`, `m⁻ = −2·0.625 = −1.25`.
  /// Linear rule: input 1 (`Δx > 0`): `W⁺ᵀm⁺ + W⁻ᵀm⁻ = 0.875 + (−1)(−1.25) = 2.125`;
  /// input 2 (`Δx < 0`): `W⁻ᵀm⁺ + W⁺ᵀm⁻ = (−3)(−1.5) + 0.75 = 5.25`. Contributions
  /// `(4.25, −5.25)`, summing to −1; at `fc1`'s output `m⁺Δz⁺ + m⁻Δz⁻ = (1, −2)`.
  @Test func revealCancel() throws {
    let (net, trace, start) = try Self.toy()
    let r = try DeepLIFT(.revealCancel, seed: .unit).propagate(network: net, trace: trace, start: start)
    expectClose(r.input.scalars, [4.25, -5.25], rtol: 1e-6)
    expectClose(r.relevances[1].scalars, [1, -2], rtol: 1e-6)
    expectClose(r.relevances[2].scalars, [1, -2], rtol: 1e-6)
  }

  /// Ablation: `m_a = W₂⁺ᵀ·1 = (1, 0)`, `m_z = (1, 0)`, `m_x = W₁⁺ᵀ(1, 0) = (1, 1)`,
  /// contributions `(2, −1)`.
  @Test func ablation() throws {
    let (net, trace, start) = try Self.toy()
    let r = try DeepLIFT(.ablation, seed: .unit).propagate(network: net, trace: trace, start: start)
    expectClose(r.input.scalars, [2, -1], rtol: 1e-6)
    expectClose(r.relevances[2].scalars, [1, 0], rtol: 1e-6)
  }

  /// On the fixtures RevealCancel also sums to delta above every max-pool (it conserves at each
  /// ReLU: `Δy⁺ + Δy⁻ = Δa`), and the ablation's map has no negative-weight path: with a
  /// non-negative seed and ReLU slopes its input multipliers are ≥ 0.
  @Test(arguments: ["tiny_mlp", "tiny_cnn"])
  func revealCancelSumsToDeltaAndAblationIsNonNegative(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: net.outputCount))
    let rc = try DeepLIFT(.revealCancel, seed: .unit).propagate(network: net, trace: trace, start: start)
    let fx = MethodFixture.targetLogits(trace.output, targets)
    let f0 = MethodFixture.targetLogits(net.forward(Tensor(shape: x.shape)), targets)
    let sums = MethodFixture.sampleSums(rc.input)
    for s in 0..<4 { expectClose(sums[s], Double(fx[s] - f0[s]), rtol: 1e-4, atol: 1e-5, "\(model) \(s)") }
    let ab = try DeepLIFT(.ablation, seed: .unit).propagate(network: net, trace: trace, start: start)
    for (value, dx) in zip(ab.input.scalars, x.scalars) where dx != 0 {
      #expect(value / dx >= -1e-6, "\(model): multiplier \(value / dx)")
    }
  }
}
