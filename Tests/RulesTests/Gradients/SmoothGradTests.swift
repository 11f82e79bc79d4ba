import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport
@testable import Rules

/// SmoothGrad: the σ = 0 limit, determinism, the noise scale, bad input.
@Suite struct SmoothGradTests {
  static func setup() -> (Network, ForwardTrace, RelevanceStart) {
    let net = Network.smallCNN(inputShape: [1, 8, 8], classes: 3, seed: 4)
    var g = SeededGenerator(seed: 9)
    let x = Tensor(shape: [2, 1, 8, 8], scalars: (0..<128).map { _ in Float(g.nextGaussian()) })
    let trace = net.trace(x)
    return (net, trace, RelevanceStart(layer: net.layers.count - 1, relevance: MethodFixture.oneHot([1, 2], classes: 3)))
  }

  /// With σ = 0 every noisy copy is `x`, so SmoothGrad is the gradient at every boundary.
  @Test func zeroNoiseIsTheGradient() throws {
    let (net, trace, start) = Self.setup()
    let gradient = net.backward(trace: trace, upstream: start.relevance, at: start.layer, keepActivationGradients: true)
    let sg = try SmoothGrad(samples: 7, noise: 0).propagate(network: net, trace: trace, start: start)
    #expect(sg.relevances.count == gradient.activationGradients.count)
    for (ours, expected) in zip(sg.relevances, gradient.activationGradients) {
      expectClose(ours.scalars, expected.scalars, rtol: 1e-6, atol: 1e-7)
    }
  }

  /// A fixed seed gives bit-identical maps; another seed a different one; a sample's map does not
  /// depend on the other samples of the batch.
  @Test func deterministicForAFixedSeed() throws {
    let (net, trace, start) = Self.setup()
    let a = try SmoothGrad(samples: 5, noise: 0.2, randomSeed: 42).propagate(network: net, trace: trace, start: start)
    let b = try SmoothGrad(samples: 5, noise: 0.2, randomSeed: 42).propagate(network: net, trace: trace, start: start)
    let c = try SmoothGrad(samples: 5, noise: 0.2, randomSeed: 43).propagate(network: net, trace: trace, start: start)
    #expect(a == b)
    #expect(a.input != c.input)
    let first = net.trace(trace.input.sample(0))
    let alone = try SmoothGrad(samples: 5, noise: 0.2, randomSeed: 42).propagate(
      network: net, trace: first, start: RelevanceStart(layer: start.layer, relevance: start.relevance.sample(0)))
    expectClose(alone.input.scalars, a.input.sample(0).scalars, rtol: 1e-6, atol: 1e-7)
  }

  /// On a linear network the gradient does not depend on the input, so any noise level returns
  /// the gradient exactly (up to averaging round-off).
  @Test func linearNetworkIgnoresNoise() throws {
    let net = Network.mlp(inputCount: 4, hidden: [], classes: 2, seed: 2)
    let trace = net.trace(Tensor(shape: [1, 4], scalars: [1, -2, 3, 0.5]))
    let start = RelevanceStart(layer: 0, relevance: Tensor(shape: [1, 2], scalars: [0.3, -1]))
    let gradient = net.backward(trace: trace, upstream: start.relevance, at: 0).inputGradient
    let sg = try SmoothGrad(samples: 9, noise: 3).propagate(network: net, trace: trace, start: start)
    expectClose(sg.input.scalars, gradient.scalars, rtol: 1e-5, atol: 1e-6)
  }

  /// `samples < 1` and negative noise are one-line `invalidParameter`s.
  @Test func badParametersAreRejected() throws {
    let (net, trace, start) = Self.setup()
    for (method, parameter) in [(SmoothGrad(samples: 0), "samples"), (SmoothGrad(noise: -0.1), "noise")] {
      #expect {
        try method.propagate(network: net, trace: trace, start: start)
      } throws: { error in
        guard case AttributionError.invalidParameter(_, let p, _) = error else { return false }
        return p == parameter && !"\(error)".contains("\n")
      }
    }
  }
}
