import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport
@testable import Analysis

/// The plain gradient through `Network.backward`: an independent path to test the drivers with.
private struct TestGradient: RelevancePropagator {
  var name: String { "test-gradient" }
  var seed: LogitSeed { .unit }
  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    let result = network.backward(trace: trace, upstream: start.relevance, at: start.layer, keepActivationGradients: true)
    return Attribution(relevances: result.activationGradients, stabilisedCount: 0)
  }
}

/// A "method" that ignores the network: the map is the input itself.
private struct InputEcho: RelevancePropagator {
  var name: String { "input-echo" }
  var seed: LogitSeed { .unit }
  func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    Attribution(relevances: [trace.input], stabilisedCount: 0)
  }
}

private let cosine = SimilarityMeasure.absoluteCosine

@Suite struct SanityChecksTests {
  let network = Network.mlp(inputCount: 12, hidden: [10, 10], classes: 4, seed: 11)

  func inputs(_ n: Int) -> Tensor {
    var g = SeededGenerator(seed: 12)
    return Tensor(shape: [n, 12], scalars: (0..<(n * 12)).map { _ in Float(g.nextGaussian()) })
  }

  @Test func explainSeedsTheChosenLogit() throws {
    let x = inputs(3)
    let trace = network.trace(x)
    let attribution = try TestGradient().explain(network: network, trace: trace, classes: [0, 3, 1])
    let seed = attribution.relevances.last!
    #expect(seed.scalars == [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0])
  }

  @Test func aMethodThatIgnoresTheNetworkPassesRandomizationTrivially() throws {
    let x = inputs(7)
    let checks = SanityChecks(network: network, inputs: x, labels: [0, 1, 2, 3, 0, 1, 2], chunk: 3)
    let results = try checks.randomization([InputEcho(), TestGradient()], plan: ParameterRandomization(seed: 1), similarity: cosine)
    #expect(results.map(\.cutPoints) == [["fc3", "fc2", "fc1"], ["fc3", "fc2", "fc1"]])
    #expect(results[0].scores.flatMap { $0 }.allSatisfy { abs($0 - 1) < 1e-12 })
    #expect(results[1].scores.allSatisfy { $0.count == 7 })
    // Randomizing every layer changes the gradient: its median similarity falls well below 1.
    let last = results[1].scores[2].sorted()
    #expect(last[3] < 0.9, "median |cos| after full randomization: \(last[3])")
  }

  @Test func randomOtherClassesAreOtherUniformAndSeeded() throws {
    let labels = (0..<400).map { $0 % 4 }
    let checks = SanityChecks(network: network, inputs: inputs(400), labels: labels)
    let drawn = try checks.randomOtherClasses(seed: 5)
    #expect(drawn == (try checks.randomOtherClasses(seed: 5)))
    #expect(drawn != (try checks.randomOtherClasses(seed: 6)))
    #expect(zip(drawn, labels).allSatisfy { $0 != $1 })
    for c in 0..<4 {
      let count = drawn.filter { $0 == c }.count
      #expect(count > 70 && count < 130, "class \(c) drawn \(count) of 400 times (expected ≈ 100)")
    }
  }

  @Test func randomOtherClassesAreAttributorsRandomTargetWhenLabelsArePredictions() throws {
    let x = inputs(40)
    let predicted = network.predictedClasses(x)
    let checks = SanityChecks(network: network, inputs: x, labels: predicted)
    for seed: UInt64 in [0, 1, 9] {
      let viaAttributor = try Attributor(network: network).classes(for: network.trace(x).output, target: .randomOther(seed: seed))
      #expect(try checks.randomOtherClasses(seed: seed) == viaAttributor, "seed \(seed)")
    }
  }

  @Test func randomLogitComparesTwoClassesOfTheSameImage() throws {
    let x = inputs(5)
    let checks = SanityChecks(network: network, inputs: x, labels: [0, 1, 2, 3, 0])
    let scores = try checks.randomLogit([InputEcho(), TestGradient()], seed: 3, similarity: cosine)
    #expect(scores[0].scores.allSatisfy { abs($0 - 1) < 1e-12 })
    // The gradient of logit c is Σ paths through W_last[c, :]; different rows give different maps.
    #expect(scores[1].scores.contains { $0 < 0.999 })
  }
}

@Suite struct RandomInjectionTests {
  @Test func repeatedInputsKeepEachRowTogether() {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(CSCInjection.repeatInputs(x, vectorsPerInput: 2).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
  }

  @Test func injectedVectorsArriveThroughTheMethod() throws {
    let network = Network.mlp(inputCount: 5, hidden: [6, 4], classes: 3, seed: 2)
    var g = SeededGenerator(seed: 1)
    let x = Tensor(shape: [2, 5], scalars: (0..<10).map { _ in Float(g.nextGaussian()) })
    var generator = SeededGenerator(seed: 7)
    let injection = try RandomInjection(method: TestGradient(), network: network, inputs: x, layer: 2, vectors: 3, generator: &generator)
    #expect(injection.arrivals.map(\.shape) == [[2, 3, 5], [2, 3, 6], [2, 3, 6], [2, 3, 4]])
    // Row (n, v) at the input is the gradient of input n for its own injected vector v.
    let top = injection.arrivals[3]
    for n in 0..<2 {
      for v in 0..<3 {
        let one = Tensor(shape: [1, 5], scalars: Array(x.scalars[(n * 5)..<(n * 5 + 5)]))
        let upstream = Tensor(shape: [1, 4], scalars: Array(top.scalars[((n * 3 + v) * 4)..<((n * 3 + v) * 4 + 4)]))
        let expected = network.backward(trace: network.trace(one), upstream: upstream, at: 2).inputGradient
        let got = Array(injection.arrivals[0].scalars[((n * 3 + v) * 5)..<((n * 3 + v) * 5 + 5)])
        expectClose(got, expected.scalars, rtol: 1e-5, atol: 1e-6, "input \(n) vector \(v)")
      }
    }
  }
}
