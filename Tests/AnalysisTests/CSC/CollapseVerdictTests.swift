import Testing

@testable import Analysis

/// ``CollapseVerdict`` on hand-made series (top first, input last).
@Suite struct CollapseVerdictTests {
  typealias Point = (name: String, value: Double, baseline: Double)

  @Test func collapsesWithTheCrossingDepth() {
    let points: [Point] = [("fc4", 0.1, 0.1), ("fc3", 0.8, 0.1), ("fc2", 0.995, 0.1), ("fc1", 0.999, 0.1), ("input", 0.999, 0.1)]
    let v = CollapseVerdict(series: [("a", points)])
    #expect(v.outcome == .collapses)
    #expect(v.evidence[0].point == "fc1" && v.evidence[0].value == 0.999)
    // From fc2 down, s ≥ 0.99: crossing at fc2, two points below the injection point.
    #expect(v.evidence[0].crossingPoint == "fc2" && v.evidence[0].crossingDepth == 2)
    #expect(v.summary.contains("collapses") && v.summary.contains("collapse 0.99, partial 0.9"))
  }

  /// A dip below the threshold resets the crossing: only the run that reaches the bottom counts.
  @Test func crossingIsTheLastUninterruptedRun() {
    let points: [Point] = [("fc4", 0.995, 0.1), ("fc3", 0.5, 0.1), ("fc2", 0.992, 0.1), ("fc1", 0.999, 0.1), ("input", 0.2, 0.1)]
    let v = CollapseVerdict(series: [("a", points)])
    #expect(v.evidence[0].crossingDepth == 2)
  }

  /// Excess over chance `(s − b)/(1 − b)`: 0.62 at baseline 0.2 is 0.42/0.8 = 0.525 ⇒ partially at
  /// partial = 0.5, not at 0.53 nor at the default 0.9; a value just under the collapse threshold is partial.
  @Test func partialUsesTheExcessOverChance() {
    let at = { (s: Double, t: CollapseVerdict.Thresholds) in
      CollapseVerdict(series: [("a", [("top", 0.2, 0.2), ("fc1", s, 0.2), ("input", 0.3, 0.2)])], thresholds: t).outcome
    }
    #expect(at(0.62, .init(partial: 0.5)) == .partially)
    #expect(at(0.62, .init(partial: 0.53)) == .doesNotCollapse)
    #expect(at(0.98, .init()) == .partially)
    #expect(at(0.62, .init()) == .doesNotCollapse)  // default partial 0.9
    #expect(at(0.98, .init(collapse: 0.97)) == .collapses)
    #expect(at(0.21, .init()) == .doesNotCollapse)
  }

  @Test func severalProfilesCombine() {
    let collapsed: [Point] = [("t", 0.1, 0.1), ("fc1", 0.999, 0.1), ("input", 1, 0.1)]
    let flat: [Point] = [("t", 0.1, 0.1), ("fc1", 0.1, 0.1), ("input", 0.1, 0.1)]
    #expect(CollapseVerdict(series: [("a", collapsed), ("b", collapsed)]).outcome == .collapses)
    #expect(CollapseVerdict(series: [("a", collapsed), ("b", flat)]).outcome == .partially)
    #expect(CollapseVerdict(series: [("a", flat), ("b", flat)]).outcome == .doesNotCollapse)
  }

  /// CSC profiles of one network: only the deepest product (most points) is judged.
  @Test func cscProfilesJudgeTheDeepestProduct() {
    func stats(_ values: [Double]) -> CSCStatistics { CSCStatistics(CosineSample(values: values, nanCount: 0, width: 8)) }
    func profile(_ layer: String, _ medians: [Double]) -> CSCProfile {
      CSCProfile(
        method: "m", injectionLayer: layer,
        points: medians.enumerated().map { CSCPoint(name: "p\($0.offset)", boundary: 0, statistics: stats([$0.element])) },
        stabilisedCount: 0)
    }
    let deep = profile("fc4", [0.3, 0.995, 0.999, 1, 1])
    let shallow = profile("fc2", [0.3, 0.4, 0.5])
    let v = CollapseVerdict(profiles: [shallow, deep], network: "net")
    #expect(v.outcome == .collapses && v.evidence.count == 1 && v.evidence[0].label == "net@fc4")
    #expect(v.evidence[0].crossingDepth == 1 && v.evidence[0].point == "p3")
  }
}
