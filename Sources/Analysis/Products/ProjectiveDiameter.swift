import Foundation
import Matrices

/// A faster evaluation of Birkhoff's projective diameter for the contraction tracker.
///
/// Same value as ``Matrix/projectiveDiameter`` (Matrices), computed from entrywise logarithms:
/// `Δ = max_{k<l} (max_i d_i − min_i d_i)`, `d_i = ln a_ik − ln a_il`, so the `O(m·n²)` inner loop
/// has no divisions and no logarithms. Zeros follow the Matrices conventions: rows zero in both
/// columns are ignored, a support mismatch gives `+∞`, all-zero columns are skipped, the zero
/// matrix gives NaN.
enum ProjectiveDiameter {
  /// `Δ(A)` of a non-negative matrix.
  static func of(_ a: Matrix) -> Double {
    let (m, n) = (a.rows, a.columns)
    // Column-major logarithms: column k at logs[k*m ..< (k+1)*m]; −∞ marks a zero.
    var logs = [Double](repeating: 0, count: m * n)
    var live: [Int] = []
    for k in 0..<n {
      var any = false
      for i in 0..<m {
        let v = a.scalars[i * n + k]
        logs[k * m + i] = v > 0 ? log(v) : -.infinity
        any = any || v > 0
      }
      if any { live.append(k) }
    }
    if live.isEmpty { return .nan }
    var diameter = 0.0
    logs.withUnsafeBufferPointer { p in
      outer: for x in 0..<live.count {
        let ck = p.baseAddress! + live[x] &* m
        for y in (x + 1)..<live.count {
          let cl = p.baseAddress! + live[y] &* m
          var hi = -Double.infinity, lo = Double.infinity
          for i in 0..<m {
            let (u, w) = (ck[i], cl[i])
            if u == -.infinity || w == -.infinity {
              if u != w { diameter = .infinity; break outer }
              continue
            }
            let d = u - w
            if d > hi { hi = d }
            if d < lo { lo = d }
          }
          if hi - lo > diameter { diameter = hi - lo }
        }
      }
    }
    return diameter
  }

  /// `τ = tanh(Δ/4)` (1 for `Δ = ∞`, NaN for the zero matrix).
  static func contraction(_ a: Matrix) -> Double {
    let d = of(a)
    if d.isNaN { return .nan }
    return d == .infinity ? 1 : tanh(d / 4)
  }
}
