import Symbolic
import Testing
import _BPTestSupport

/// Every catalogue rule evaluated on one hand-worked 3×2 dense layer.
///
/// Layer (rows i = inputs, columns j = outputs):
///
///     a = [1, 2, 3]      w = [[ 1, -1],      b = [1, -2]     a0 = [0, 0, 0]
///                             [ 2,  1],
///                             [-1,  3]]
///
///     a·w (entrywise a_i·w_ij) = [[1, -1], [4, 2], [-3, 9]]
///     z  = Σᵢ a·w + b = [2 + 1, 10 − 2] = [3, 8]        step(z) = [1, 1]
///     z0 = Σᵢ a0·w + b = b = [1, −2]
///     l = [0, 0, 0], h = [4, 4, 4] (so l ≤ a ≤ h),  p = [[1, 2], [0, −1], [3, 1]],  R = [1, −1]
///     eps = 1, gamma = 1, alpha = 2, beta = 1
@Suite struct EvaluatorTests {
  static let layer = LayerValues.dense(
    a: [1, 2, 3], w: [1, -1, 2, 1, -1, 3], b: [1, -2], a0: [0, 0, 0],
    extra: [.l: [0, 0, 0], .h: [4, 4, 4], .p: [1, 2, 0, -1, 3, 1], .R: [1, -1]],
    parameters: ["eps": 1, "gamma": 1, "alpha": 2, "beta": 1])

  /// Zennit's stabiliser magnitude in `sstab`.
  static let e = 1e-6

  /// Hand-derived local matrices, row-major [C_00, C_01, C_10, C_11, C_20, C_21].
  static let expected: [String: [Double]] = [
    // C = w·step(z) = w.
    "gradient": [1, -1, 2, 1, -1, 3],
    // a·w / z: column 0 over 3, column 1 over 8.
    "lrp.0": [1.0 / 3, -1.0 / 8, 4.0 / 3, 2.0 / 8, -1, 9.0 / 8],
    // a·w / (z + 1·sign(z)) = a·w / [4, 9].
    "lrp.epsilon": [1.0 / 4, -1.0 / 9, 1, 2.0 / 9, -3.0 / 4, 1],
    // a·(w + w⁺) = [[2, −1], [8, 4], [−3, 18]]; Σᵢ = [7, 21]; b + b⁺ = [2, −2]; denominators [9, 19].
    "lrp.gamma": [2.0 / 9, -1.0 / 19, 8.0 / 9, 4.0 / 19, -3.0 / 9, 18.0 / 19],
    // a·w⁺ = [[1, 0], [4, 2], [0, 9]]; Σᵢ + eps = [6, 12].
    "zplus": [1.0 / 6, 0, 4.0 / 6, 2.0 / 12, 0, 9.0 / 12],
    // pos(a·w) = [[1,0],[4,2],[0,9]] over [5, 11]; neg(a·w) = [[0,−1],[0,0],[−3,0]] over [−3, −1];
    // C = 2·pos/P − 1·neg/N: column 0 = [2/5, 8/5, −1], column 1 = [−1, 4/11, 18/11].
    "lrp.alphabeta": [2.0 / 5, -1, 8.0 / 5, 4.0 / 11, -1, 18.0 / 11],
    // a·w − 0·w⁺ − 4·w⁻ with w⁻ = [[0,−1],[0,0],[−1,0]]: [[1, 3], [4, 2], [1, 9]]; Σᵢ = [6, 14].
    "dtd.zb": [1.0 / 6, 3.0 / 14, 4.0 / 6, 2.0 / 14, 1.0 / 6, 9.0 / 14],
    // w² = [[1,1],[4,1],[1,9]]; Σᵢ = [6, 11].
    "dtd.w2": [1.0 / 6, 1.0 / 11, 4.0 / 6, 1.0 / 11, 1.0 / 6, 9.0 / 11],
    "flat": [1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3],
    // a·w⁺ over Σᵢ = [5, 11].
    "excitation": [1.0 / 5, 0, 4.0 / 5, 2.0 / 11, 0, 9.0 / 11],
    "patternnet": [1, 2, 0, -1, 3, 1],
    // w·p.
    "patternattribution": [1, -2, 0, -1, -3, 3],
    // secant s = (relu(z) − relu(z0))/(z − z0) = [(3 − 1)/2, (8 − 0)/10] = [1, 0.8]; C = w·s.
    "deeplift.rescale": [1, -0.8, 2, 0.8, -1, 2.4],
    // Δa = a − a0 > 0 everywhere: C = w⁺·s, w⁺ = [[1,0],[2,1],[0,3]].
    // RevealCancel, Δa = a: Δz⁺ = Σᵢ pos(a·w) = [5, 11], Δz⁻ = [−3, −1], z0 = [1, −2], z = [3, 8].
    // j=0: Δy⁺ = (relu(6) − relu(1) + relu(3) − relu(−2))/2 = 4,  Δy⁻ = (0 − 1 + 3 − 6)/2 = −2,
    //      m⁺ = 4/5, m⁻ = −2/−3 = 2/3.
    // j=1: Δy⁺ = (9 − 0 + 8 − 0)/2 = 17/2, Δy⁻ = (0 − 0 + 8 − 9)/2 = −1/2, m⁺ = 17/22, m⁻ = 1/2.
    // Δa > 0: C = w⁺·m⁺ + w⁻·m⁻ with w⁻ = [[0,−1],[0,0],[−1,0]].
    "deeplift.revealcancel": [0.8, -0.5, 1.6, 17.0 / 22, -2.0 / 3, 51.0 / 22],
    "deeplift.ablation": [1, 0, 2, 0.8, 0, 2.4],
    "deeplift.ablation.exact": [1, 0, 2, 0.8, 0, 2.4],
    // Linearisation at R = [1, −1]: w·step(R) (and step(z) = 1).
    "deconv": [1, 0, 2, 0, -1, 0],
    "guidedbp": [1, 0, 2, 0, -1, 0],
    // Named αβ variants (α, β as numbers, independent of the layer's parameters):
    // pos(a·w)/P = [[1/5, 0], [4/5, 2/11], [0, 9/11]], neg(a·w)/N = [[0, 1], [0, 0], [1, 0]].
    "lrp-alpha1-beta0": [1.0 / 5, 0, 4.0 / 5, 2.0 / 11, 0, 9.0 / 11],
    "lrp-alpha2-beta1": [2.0 / 5, -1, 8.0 / 5, 4.0 / 11, -1, 18.0 / 11],
    // 5·pos/P − 4·neg/N: column 0 = [1, 4, −4], column 1 = [−4, 10/11, 45/11].
    "lrp-alpha5-beta4": [1, -4, 4, 10.0 / 11, -4, 45.0 / 11],
    // Paper convention (full bias in the denominators, stab): pos(a·w) over Σᵢ pos(a·w) + b = [5 + 1, 11 − 2] = [6, 9].
    "zplus.paper": [1.0 / 6, 0, 4.0 / 6, 2.0 / 9, 0, 1],
    // Activator as zplus.paper; inhibitor neg(a·w) over Σᵢ neg(a·w) + b = [−3 + 1, −1 − 2] = [−2, −3].
    // C = 2·pos/[6, 9] − neg/[−2, −3]: column 0 = [1/3, 4/3, −3/2], column 1 = [−1/3, 4/9, 2].
    "lrp.alphabeta.paper": [1.0 / 3, -1.0 / 3, 4.0 / 3, 4.0 / 9, -3.0 / 2, 2],
    // Zennit convention: sstab(x) = x + e·sign(x), e = 1e-6.
    // a·w / (z + e), z = [3, 8].
    "lrp.0.zennit": [1 / (3 + e), -1 / (8 + e), 4 / (3 + e), 2 / (8 + e), -3 / (3 + e), 9 / (8 + e)],
    // As lrp.gamma (z > 0, a ≥ 0) with denominators [9 + e, 19 + e].
    "lrp.gamma.zennit": [2 / (9 + e), -1 / (19 + e), 8 / (9 + e), 4 / (19 + e), -3 / (9 + e), 18 / (19 + e)],
    // Σᵢ pos(a·w) + b⁺ = [5 + 1, 11 + 0], + e.
    "zplus.zennit": [1 / (6 + e), 0, 4 / (6 + e), 2 / (11 + e), 0, 9 / (11 + e)],
    // Activator denominators [6 + e, 11 + e]; inhibitor Σᵢ neg(a·w) + b⁻ = [−3 + 0, −1 − 2] = [−3, −3], − e.
    // C = 2·pos/act − neg/inh: column 0 = [2/(6+e), 8/(6+e), −3/(3+e)], column 1 = [−1/(3+e), 4/(11+e), 18/(11+e)].
    "lrp.alphabeta.zennit": [2 / (6 + e), -1 / (3 + e), 8 / (6 + e), 4 / (11 + e), -3 / (3 + e), 18 / (11 + e)],
    // As dtd.zb, dtd.w2 and flat with e added to the denominators [6, 14], [6, 11] and [3, 3].
    "dtd.zb.zennit": [1 / (6 + e), 3 / (14 + e), 4 / (6 + e), 2 / (14 + e), 1 / (6 + e), 9 / (14 + e)],
    "dtd.w2.zennit": [1 / (6 + e), 1 / (11 + e), 4 / (6 + e), 1 / (11 + e), 1 / (6 + e), 9 / (11 + e)],
    "flat.zennit": [Double](repeating: 1 / (3 + e), count: 6),
  ]

  @Test func everyCatalogueRuleMatchesTheHandDerivedMatrix() throws {
    #expect(Set(Self.expected.keys) == Set(RuleCatalogue.all.map(\.id)))
    for entry in RuleCatalogue.all {
      let want = try #require(Self.expected[entry.id])
      expectClose(entry.rule.localEntry.matrix(in: Self.layer), want, rtol: 1e-14, atol: 1e-15, "\(entry.id)")
      expectClose(CompiledExpr(entry.rule.localEntry).matrix(in: Self.layer), want, rtol: 1e-14, atol: 1e-15, "compiled \(entry.id)")
    }
  }

  @Test func zPlusRelevanceOnTheLayer() {
    // R_i = Σⱼ C_ij R_j with R = [6, 12]: [1, 4 + 2, 0 + 9].
    var layer = Self.layer
    layer.values[.R] = [6, 12]
    let body = RuleCatalogue.entry("zplus")!.rule.body
    expectClose((0..<3).map { body.evaluate(in: layer, i: $0) }, [1, 6, 9], rtol: 1e-14)
  }

  /// The symbolic derivative against central finite differences of the rule body in R, at a signal
  /// away from the kinks (R = [1.5, −0.7]).
  @Test func localEntryMatchesFiniteDifferences() {
    var layer = Self.layer
    layer.values[.R] = [1.5, -0.7]
    let h = 1e-5
    for entry in RuleCatalogue.all {
      let rule = entry.rule
      var numeric: [Double] = []
      for i in 0..<3 {
        for j in 0..<2 {
          var up = layer
          var down = layer
          up.values[.R]![j] += h
          down.values[.R]![j] -= h
          numeric.append((rule.body.evaluate(in: up, i: i) - rule.body.evaluate(in: down, i: i)) / (2 * h))
        }
      }
      expectClose(rule.localEntry.matrix(in: layer), numeric, rtol: 1e-8, atol: 1e-9, "\(entry.id)")
    }
  }
}
