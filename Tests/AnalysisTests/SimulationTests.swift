import Matrices
import Testing
import _BPTestSupport

@testable import Analysis

@Suite struct SimulationTests {
  @Test func familyNamesRoundTrip() {
    for family in SimulationFamily.paperFamilies {
      #expect(SimulationFamily(name: family.name)?.name == family.name)
    }
    #expect(SimulationFamily.paperFamilies.map(\.name) == [
      "alpha10beta9", "alpha5beta4", "alpha4beta3", "alpha3beta2", "alpha2beta1", "alpha1beta0",
      "vanilla", "relu", "pattern", "stochastic", "positive", "nonneg",
    ])
    #expect(SimulationFamily(name: "pattern-rho0.3")?.name == "pattern-rho0.3")
    #expect(SimulationFamily(name: "alpha2") == nil && SimulationFamily(name: "gauss") == nil)
    #expect(RandomMatrixSimulation.vgg16Shapes.count == 16)
  }

  /// The metric on hand-made rows: identical rows give 0; rows e₁, e₂ (V = 2) give the lower
  /// triangle with diagonal {0, 1, 0} → 1/3; a zero row is dropped.
  @Test func metricByHand() {
    #expect(RandomMatrixSimulation.misalignment([1, 2, 2, 4], rows: 2, columns: 2) == 0)
    expectClose(RandomMatrixSimulation.misalignment([1, 0, 0, 1], rows: 2, columns: 2), 1.0 / 3, rtol: 1e-15)
    expectClose(RandomMatrixSimulation.misalignment([1, 0, 0, 1, 0, 0], rows: 3, columns: 2), 1.0 / 3, rtol: 1e-15)
    #expect(RandomMatrixSimulation.misalignment([0, 0, -1, 1e-300], rows: 2, columns: 2) == 0)
  }

  @Test func familiesHaveTheirEntrywiseSigns() {
    var g = SeededGenerator(seed: 3)
    let positive = SimulationFamily.positive.matrix(index: 0, rows: 20, columns: 30, using: &g)
    #expect(positive.allSatisfy { $0 > 0 })
    let stochastic = SimulationFamily.stochastic.matrix(index: 0, rows: 20, columns: 30, using: &g)
    for j in 0..<30 { expectClose((0..<20).map { stochastic[$0 * 30 + j] }.reduce(0, +), 1, rtol: 1e-14) }
    let pattern = SimulationFamily.pattern(correlation: 0).matrix(index: 0, rows: 20, columns: 30, using: &g)
    #expect(pattern.allSatisfy { $0 >= 0 })
    for j in 0..<20 { expectClose(pattern[(j * 30)..<((j + 1) * 30)].reduce(0, +), 1, rtol: 1e-14) }  // Σ w²/‖w‖² = 1
    let ab = SimulationFamily.alphaBeta(alpha: 2, beta: 1).matrix(index: 0, rows: 50, columns: 50, using: &g)
    #expect(ab.contains { $0 < 0 } && ab.contains { $0 > 0 })
    let sample = GaussianFill.matrix(rows: 200, columns: 500, using: &g)
    let mean = sample.reduce(0, +) / 100_000
    let variance = sample.reduce(0) { $0 + $1 * $1 } / 100_000 - mean * mean
    #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.03)  // standard errors 0.003 and 0.0045
  }

  @Test func resultsDoNotDependOnScheduling() {
    let shapes = [RandomMatrixSimulation.Shape(20, 30), .init(30, 10)]
    let a = RandomMatrixSimulation(shapes: shapes, vectors: 8, samples: 3, seed: 4).run(.vanilla)
    let b = RandomMatrixSimulation(shapes: shapes, vectors: 8, samples: 3, seed: 4).run(.vanilla)
    #expect(a.steps == b.steps && a.steps.count == 3)
  }
}
