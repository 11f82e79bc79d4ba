import Foundation
import Matrices

/// The chance level of CSC: the median |cos| between two independent `N(0, I_C)` vectors.
///
/// The paper's "Cos Similarity BL" curve estimates it from 1000 Gaussian pairs. Here it is exact:
/// for independent isotropic `x, y ∈ ℝ^C`, `cos²(x, y) ~ Beta(1/2, (C−1)/2)`, so the median `m`
/// of |cos| solves `I_{m²}(1/2, (C−1)/2) = 1/2` (`I` the regularised incomplete beta function).
/// Closed forms: `C = 1` → 1, `C = 2` → `1/√2`, `C = 3` → `1/2` (cos is uniform on [−1, 1]);
/// for large `C`, `m ≈ 0.6745/√C`. ``monteCarlo(width:pairs:using:)`` is the paper's estimator.
public enum ChanceBaseline {
  /// The exact median |cos| of two independent Gaussian vectors of length `width`.
  ///
  /// Bisection (80 steps) on `m² ∈ [0, 1]` of `I_{m²}(1/2, (C−1)/2) − 1/2`, with `I` by Lentz's
  /// continued fraction (Numerical Recipes §6.4), accurate to about 1e-14.
  /// - Precondition: `width ≥ 1`.
  /// - Complexity: O(80 · continued-fraction terms), microseconds.
  public static func median(width: Int) -> Double {
    precondition(width >= 1, "ChanceBaseline.median: width ≥ 1")
    if width == 1 { return 1 }
    let a = 0.5, b = Double(width - 1) / 2
    var lo = 0.0, hi = 1.0
    for _ in 0..<80 {
      let mid = (lo + hi) / 2
      if regularizedIncompleteBeta(a, b, mid) < 0.5 { lo = mid } else { hi = mid }
    }
    return ((lo + hi) / 2).squareRoot()
  }

  /// The paper's estimator: the median |cos| of `pairs` independent Gaussian pairs of length
  /// `width`, drawn from `generator` (`2·pairs·width` normal draws).
  /// - Complexity: O(pairs · width).
  public static func monteCarlo(width: Int, pairs: Int = 1000, using generator: inout SeededGenerator) -> Double {
    precondition(width >= 1 && pairs >= 1, "ChanceBaseline.monteCarlo: width ≥ 1 and pairs ≥ 1")
    var values = [Double](repeating: 0, count: pairs)
    var x = [Double](repeating: 0, count: width), y = x
    for k in 0..<pairs {
      for i in 0..<width { x[i] = generator.nextGaussian() }
      for i in 0..<width { y[i] = generator.nextGaussian() }
      values[k] = abs(cosineSimilarity(x, y))
    }
    return Quantiles.median(values)
  }

  /// `I_x(a, b)`, the regularised incomplete beta function, for `a, b > 0`, `0 ≤ x ≤ 1`.
  static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    let front = exp(lnFront)
    if x < (a + 1) / (a + b + 2) { return front * continuedFraction(a, b, x) / a }
    return 1 - front * continuedFraction(b, a, 1 - x) / b
  }

  /// The continued fraction of the incomplete beta function (modified Lentz).
  static func continuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    let qab = a + b, qap = a + 1, qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...400 {
      let m = Double(m), m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d; if abs(d) < tiny { d = tiny }
      c = 1 + aa / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d; if abs(d) < tiny { d = tiny }
      c = 1 + aa / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return h
  }
}
