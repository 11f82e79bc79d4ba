import Matrices
import Testing
import _BPTestSupport

@testable import Analysis

/// The paper's qualitative simulation claims with the digest's reproduction numbers (§4.3, §4.4,
/// §4.7, §12 items 6–8). The positive family runs on the full VGG-16 shapes (one sample: the
/// 4096-wide layers need 25 million normal draws, slow in a debug build); the others on VGG-16's
/// conv part (`vgg16Shapes[3...]`: 512 wide down to 3), two samples.
@Suite struct SimulationConvergenceTests {
  static let convShapes = Array(RandomMatrixSimulation.vgg16Shapes.dropFirst(3))

  /// Positive (|N|) chains: once past the 1000 → 4096 input layers, 1 − |cos| falls by at least
  /// 2 orders of magnitude per multiplication, and it is below float64 precision (1e-15) within 8
  /// multiplications (digest: 2–3 orders per step, "about 7–8").
  @Test func positiveFamilyCollapses() {
    let result = RandomMatrixSimulation(samples: 1, seed: 1).run(.positive)
    let medians = result.steps.map(\.median)
    #expect(result.multiplications(below: 1e-15).map { $0 <= 8 } == true, "\(medians)")
    for k in 3..<7 {
      #expect(medians[k + 1] < 1e-2 * medians[k], "step \(k): \(medians[k]) → \(medians[k + 1])")
    }
  }

  /// Vanilla Gaussian chains stay near chance: with the diagonal included, chance is about
  /// 1 − (32 + 496·√(2/(πd)))/528 ≈ 0.85 at d = 64; it drifts slowly, never collapses. The
  /// 3-wide last layer alone lowers it to about 1 − (32 + 496·0.5)/528 ≈ 0.47.
  @Test func vanillaFamilyDoesNotCollapse() {
    let result = RandomMatrixSimulation(shapes: Self.convShapes, samples: 2, seed: 2).run(.vanilla)
    for step in result.steps.dropLast() {
      #expect(step.median > 0.6, "step \(step.multiplications): \(step.median)")
    }
    #expect(result.steps.last!.median > 0.3)
  }

  /// α-β chains converge more slowly as α grows, and α10β9 does not converge (digest §4.4: at
  /// width 512 the mean-field signal-to-noise ratio is 5.9 for α2β1, 2.0 for α5β4, 0.95 for α10β9).
  @Test func alphaBetaOrdering() {
    let sim = RandomMatrixSimulation(shapes: Self.convShapes, samples: 2, seed: 3)
    let end = [2.0, 5, 10].map { a in sim.run(.alphaBeta(alpha: a, beta: a - 1)).steps[10].median }
    #expect(end[0] < 1e-6 && end[0] < 1e-2 * end[1] && end[2] > 0.1, "\(end)")
  }
}
