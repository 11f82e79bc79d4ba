import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// Integrated gradients: Captum fixtures, quadrature nodes, completeness, bad input.
@Suite struct IntegratedGradientsTests {
  /// Captum `IntegratedGradients` (baseline 0, 64 Gauss–Legendre steps, `target=c`).
  @Test(arguments: MethodFixture.models)
  func matchesCaptum(_ model: String) throws {
    let (net, x, targets) = try MethodFixture.load(model)
    let trace = net.trace(x)
    let start = RelevanceStart(
      layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: net.outputCount))
    let result = try IntegratedGradients().propagate(network: net, trace: trace, start: start)
    let expected = try MethodFixture.reference(model, file: "attributions", key: "integrated_gradients")
    #expect(result.input.shape == expected.shape)
    expectClose(result.input.scalars, expected.scalars, rtol: 1e-5, atol: 1e-7, "\(model)")
  }

  /// Gauss–Legendre against closed forms: n = 2 has nodes ±1/√3 with weights 1, n = 3 has
  /// 0, ±√(3/5) with weights 8/9, 5/9; every rule integrates polynomials of degree 2n − 1 exactly.
  @Test func gaussLegendreNodes() {
    let two = PathQuadrature.legendre(2)
    expectClose(two.nodes, [-1 / 3.0.squareRoot(), 1 / 3.0.squareRoot()], rtol: 1e-15)
    expectClose(two.weights, [1, 1], rtol: 1e-15)
    let three = PathQuadrature.legendre(3)
    expectClose(three.nodes, [-(0.6).squareRoot(), 0, (0.6).squareRoot()], rtol: 1e-15, atol: 1e-16)
    expectClose(three.weights, [5 / 9.0, 8 / 9.0, 5 / 9.0], rtol: 1e-14)
    for n in [1, 4, 17, 64, 100] {
      let (alphas, weights) = PathQuadrature.gaussLegendre.nodes(steps: n)
      #expect(zip(alphas, alphas.dropFirst()).allSatisfy { $0 < $1 }, "n \(n) ascending")
      for degree in 0...min(2 * n - 1, 40) {
        let integral = zip(alphas, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
        expectClose(integral, 1 / Double(degree + 1), rtol: 1e-13, "n \(n) degree \(degree)")
      }
    }
    for rule in PathQuadrature.allCases {
      let w = rule.nodes(steps: 8).weights
      expectClose(w.reduce(0, +), 1, rtol: 1e-14, "\(rule)")
    }
  }

  /// Completeness within 1 % at 64 steps: `Σ IG = f_c(x) − f_c(0)` on random MLPs, every rule.
  @Test func completenessWithinOnePercent() throws {
    for seed in UInt64(1)...4 {
      let net = Network.mlp(inputCount: 6, hidden: [16, 12], classes: 3, seed: seed)
      var g = SeededGenerator(seed: seed &+ 7)
      let x = Tensor(shape: [4, 6], scalars: (0..<24).map { _ in Float(g.nextGaussian()) })
      let trace = net.trace(x)
      let targets = [0, 1, 2, 0]
      let start = RelevanceStart(layer: net.layers.count - 1, relevance: MethodFixture.oneHot(targets, classes: 3))
      let fx = MethodFixture.targetLogits(trace.output, targets)
      let f0 = MethodFixture.targetLogits(net.forward(Tensor(shape: [4, 6])), targets)
      for rule in [PathQuadrature.gaussLegendre, .riemannTrapezoid, .riemannMiddle] {
        let result = try IntegratedGradients(steps: 64, quadrature: rule)
          .propagate(network: net, trace: trace, start: start)
        let sums = MethodFixture.sampleSums(result.input)
        for s in 0..<4 {
          let gap = Double(fx[s] - f0[s])
          #expect(
            abs(sums[s] - gap) <= 0.01 * max(abs(gap), 1e-3),
            "seed \(seed) rule \(rule) sample \(s): Σ IG \(sums[s]) vs \(gap)")
        }
      }
    }
  }

  /// On a linear network IG is exactly `(x − x⁰) ⊙ ∇f` for any rule, baseline and step count, and
  /// the result does not depend on how the steps are chunked.
  @Test func linearNetworkIsExact() throws {
    let net = Network.mlp(inputCount: 5, hidden: [], classes: 2, seed: 3)
    let x = Tensor(shape: [2, 5], scalars: (0..<10).map { Float($0) * 0.3 - 1 })
    let base = Tensor(shape: [5], scalars: [0.1, -0.2, 0.3, 0, 0.5])
    let trace = net.trace(x)
    let start = RelevanceStart(layer: 0, relevance: MethodFixture.oneHot([1, 0], classes: 2))
    let gradient = net.backward(trace: trace, upstream: start.relevance, at: 0).inputGradient
    let expected = (0..<10).map { (x.scalars[$0] - base.scalars[$0 % 5]) * gradient.scalars[$0] }
    for rule in PathQuadrature.allCases {
      let ig = try IntegratedGradients(baseline: base, steps: 3, quadrature: rule)
        .propagate(network: net, trace: trace, start: start)
      expectClose(ig.input.scalars, expected, rtol: 1e-5, atol: 1e-6, "\(rule)")
    }
  }

  /// `steps` below the rule's minimum and a misshaped baseline are one-line `invalidParameter`s.
  @Test func badParametersAreRejected() throws {
    let net = Network.mlp(inputCount: 5, hidden: [4], classes: 3, seed: 1)
    let trace = net.trace(Tensor(shape: [2, 5], repeating: 1))
    let start = RelevanceStart(layer: net.layers.count - 1, relevance: Tensor(shape: [2, 3], repeating: 1))
    let cases: [(IntegratedGradients, String)] = [
      (IntegratedGradients(steps: 0), "steps"),
      (IntegratedGradients(steps: 1, quadrature: .riemannTrapezoid), "steps"),
      (IntegratedGradients(baseline: Tensor(shape: [3, 5])), "baseline"),
    ]
    for (method, expected) in cases {
      #expect {
        try method.propagate(network: net, trace: trace, start: start)
      } throws: { error in
        guard case AttributionError.invalidParameter(_, let parameter, _) = error else { return false }
        return parameter == expected && !"\(error)".contains("\n")
      }
    }
  }
}
