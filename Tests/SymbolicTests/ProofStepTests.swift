import Foundation
import Symbolic
import Testing

/// Numerical checks of proof steps in `Proofs/` that are inequalities or limits, not identities
/// the simplifier can prove. Plain `[Double]` arithmetic (the Symbolic test target has no matrix
/// library); every expected value is derived by hand in the cited proof file.
@Suite struct ProofStepTests {
  // MARK: - Small helpers (column-major n×n or m×n matrices as [[Double]] of columns)

  /// SplitMix64 with Box–Muller, seeded (an independent copy; the test target cannot see `Matrices`).
  struct Gaussian {
    var state: UInt64
    mutating func uniform() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Double((z ^ (z >> 31)) >> 11) / 9_007_199_254_740_992 + 1e-300
    }
    mutating func next() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
  }

  static func cosine(_ x: [Double], _ y: [Double]) -> Double {
    let dot = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
    return dot / (x.reduce(0) { $0 + $1 * $1 }.squareRoot() * y.reduce(0) { $0 + $1 * $1 }.squareRoot())
  }

  /// Hilbert's projective distance of two positive vectors, `ln(max(x/y)/min(x/y))`.
  static func hilbert(_ x: [Double], _ y: [Double]) -> Double {
    let r = zip(x, y).map { $0 / $1 }
    return log(r.max()! / r.min()!)
  }

  /// `A·x` for `A` given by rows.
  static func apply(_ rows: [[Double]], _ x: [Double]) -> [Double] {
    rows.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
  }

  /// `A·B` for matrices given by rows.
  static func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    a.map { row in (0..<b[0].count).map { k in row.indices.reduce(0) { $0 + row[$1] * b[$1][k] } } }
  }

  static func column(_ a: [[Double]], _ k: Int) -> [Double] { a.map { $0[k] } }

  /// Projective diameter of a positive matrix given by rows: the largest Hilbert distance between columns.
  static func diameter(_ a: [[Double]]) -> Double {
    var d = 0.0
    for k in 0..<a[0].count { for l in 0..<k { d = max(d, hilbert(column(a, k), column(a, l))) } }
    return d
  }

  // MARK: - theorem-1-rank-one.md

  /// Counterexample: columns pairwise share row 3 and none is zero, yet columns 1 and 2 of Aⁿ stay
  /// at cosine → 1/2 (A has the eigenvalue 2 twice, eigenvectors (1,0,1) and (0,1,1)).
  @Test func sharedRowsAreNotEnoughForRankOne() {
    let a: [[Double]] = [[2, 0, 0], [0, 2, 0], [1, 1, 1]]
    var p = a
    for _ in 1..<40 { p = Self.product(p, a) }
    // Aⁿ e₁ = (2ⁿ, 0, 2ⁿ − 1): exact in Double for n = 40.
    #expect(Self.column(p, 0) == [0x1p40, 0, 0x1p40 - 1])
    let c = Self.cosine(Self.column(p, 0), Self.column(p, 1))
    #expect(abs(c - 0.5) < 1e-9, "cos = \(c), expected → 1/2")
  }

  /// A = [[2,0],[1,1]]: σ₂/σ₁ of Aⁿ → 0 (from σ₁σ₂ = det = 2ⁿ and σ₁² + σ₂² = ‖Aⁿ‖²_F), yet the
  /// normalised columns converge to different limits, cos → 1/√2.
  @Test func rankOneInNormWithoutAlignedColumns() {
    let a: [[Double]] = [[2, 0], [1, 1]]
    var p = a
    for _ in 1..<30 { p = Self.product(p, a) }
    let f2 = p.joined().reduce(0) { $0 + $1 * $1 }
    let det = 0x1p30
    // σ₁², σ₂² are the roots of t² − f2·t + det²; σ₂/σ₁ = det/σ₁² avoids the cancellation.
    let sigma1Squared = (f2 + (f2 * f2 - 4 * det * det).squareRoot()) / 2
    let ratio = det / sigma1Squared
    #expect(ratio < 1e-8, "σ₂/σ₁ = \(ratio)")
    let c = Self.cosine(Self.column(p, 0), Self.column(p, 1))
    #expect(abs(c - 0.5.squareRoot()) < 1e-8, "cos = \(c), expected → 1/√2")
  }

  // MARK: - birkhoff-hopf-contraction.md

  /// The elementary one-factor lemma `d(Bx, By) ≤ ln(1 + tanh(Δ(B)/2)(e^δ − 1))` and Birkhoff's
  /// sharper `d(Bx, By) ≤ tanh(Δ(B)/4)·δ`, on random positive B and positive x, y.
  @Test func oneFactorContractionOverSeeds() {
    for seed in UInt64(1)...40 {
      var g = Gaussian(state: seed)
      let m = 2 + Int(g.uniform() * 5)
      let n = 2 + Int(g.uniform() * 5)
      let b = (0..<m).map { _ in (0..<n).map { _ in 0.05 + abs(g.next()) } }
      let x = (0..<n).map { _ in 0.01 + abs(g.next()) }
      let y = (0..<n).map { _ in 0.01 + abs(g.next()) }
      let (delta, big) = (Self.hilbert(x, y), Self.diameter(b))
      let after = Self.hilbert(Self.apply(b, x), Self.apply(b, y))
      let elementary = log(1 + tanh(big / 2) * (exp(delta) - 1))
      #expect(after <= elementary * (1 + 1e-12) + 1e-14, "seed \(seed): \(after) > \(elementary)")
      #expect(after <= tanh(big / 4) * delta * (1 + 1e-12) + 1e-14, "seed \(seed): Birkhoff bound")
      #expect(after <= big * (1 + 1e-12), "seed \(seed): image inside the column cone")
    }
  }

  /// `cos(u, v) ≥ sech(d_H(u, v)/2)`, with equality at u = (√M, M), v = (√M, 1).
  @Test func cosineIsBoundedByHilbertDistanceOverSeeds() {
    for seed in UInt64(1)...40 {
      var g = Gaussian(state: seed)
      let n = 2 + Int(g.uniform() * 8)
      let u = (0..<n).map { _ in 0.01 + abs(g.next()) }
      let v = (0..<n).map { _ in 0.01 + abs(g.next()) }
      let bound = 1 / cosh(Self.hilbert(u, v) / 2)
      #expect(Self.cosine(u, v) >= bound * (1 - 1e-12), "seed \(seed)")
    }
    let big = 9.0
    let (u, v) = ([big.squareRoot(), big], [big.squareRoot(), 1.0])
    #expect(abs(Self.cosine(u, v) - 1 / cosh(log(big) / 2)) < 1e-14)
  }

  /// Column-stochastic positive factors: the product converges entrywise to ĉ·1ᵀ (not only in
  /// direction), and its column sums stay 1.
  @Test func columnStochasticProductsConvergeToCOnesTransposed() {
    for seed in UInt64(1)...10 {
      var g = Gaussian(state: seed)
      var p: [[Double]] = (0..<5).map { i in (0..<5).map { $0 == i ? 1 : 0 } }
      for _ in 0..<30 {
        var f = (0..<5).map { _ in (0..<5).map { _ in 0.05 + abs(g.next()) } }
        for k in 0..<5 {
          let s = f.reduce(0) { $0 + $1[k] }
          for i in 0..<5 { f[i][k] /= s }
        }
        p = Self.product(p, f)
      }
      for k in 0..<5 {
        #expect(abs(Self.column(p, k).reduce(0, +) - 1) < 1e-12, "seed \(seed)")
        let spread = zip(Self.column(p, k), Self.column(p, 0)).map { abs($0 - $1) }.max()!
        #expect(spread < 1e-12, "seed \(seed): columns differ by \(spread)")
      }
    }
  }

  // MARK: - alpha-beta-mean-field.md

  /// Entry moments of αW⁺ + βW⁻, W ~ N(0, 1), by quadrature against the closed forms
  /// μ = (α − β)/√(2π), σ² = (α² + β²)/2 − μ², and ρ = μ√n/σ at n = 512.
  @Test func meanFieldMomentsAndRho() {
    // Simpson on [0, 12] for E[W⁺] = ∫ x φ(x) dx and E[(W⁺)²] = ∫ x² φ(x) dx.
    let steps = 6000
    let h = 12.0 / Double(steps)
    var m1 = 0.0, m2 = 0.0
    for k in 0...steps {
      let x = Double(k) * h
      let weight = (k == 0 || k == steps) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0)
      let phi = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
      m1 += weight * x * phi
      m2 += weight * x * x * phi
    }
    m1 *= h / 3
    m2 *= h / 3
    #expect(abs(m1 - 1 / (2 * Double.pi).squareRoot()) < 1e-12)
    #expect(abs(m2 - 0.5) < 1e-12)
    func rho(_ alpha: Double, _ beta: Double, _ n: Double) -> Double {
      let mu = (alpha - beta) * m1  // E[W⁻] = −E[W⁺]
      let variance = (alpha * alpha + beta * beta) * m2 - mu * mu  // W⁺W⁻ = 0
      return mu * n.squareRoot() / variance.squareRoot()
    }
    #expect(abs(rho(2, 1, 512) - 5.90) < 0.01)
    #expect(abs(rho(5, 4, 512) - 2.00) < 0.01)
    #expect(abs(rho(10, 9, 512) - 0.95) < 0.01)
    #expect(abs(rho(1, 0, 128) - 7.73) < 0.01)
    #expect(abs(rho(2, 1, 128) - 2.95) < 0.01)
  }

  /// Chains of 128×128 matrices αW⁺ + βW⁻ applied to 8 Gaussian vectors: after 8 factors the median
  /// 1 − |cos| is tiny for α1β0 (ρ ≈ 7.7), small for α2β1 (ρ ≈ 3.0) and O(1) for α5β4 (ρ ≈ 1.0)
  /// and α10β9 (ρ ≈ 0.47), as the mean-field heuristic predicts; each contracting step divides
  /// 1 − |cos| by roughly ρ².
  @Test func alphaBetaChainsFollowTheMeanFieldThreshold() {
    func misalignment(_ alpha: Double, _ beta: Double, seed: UInt64) -> Double {
      let (n, k) = (128, 8)
      var g = Gaussian(state: seed)
      // Flat storage: vectors[v * n + i]; the matrix is drawn row by row and applied at once.
      var vectors = (0..<(k * n)).map { _ in g.next() }
      var next = [Double](repeating: 0, count: k * n)
      var row = [Double](repeating: 0, count: n)
      for _ in 0..<8 {
        for i in 0..<n {
          for c in 0..<n {
            let w = g.next()
            row[c] = w > 0 ? alpha * w : beta * w
          }
          for v in 0..<k {
            var s = 0.0
            for c in 0..<n { s += row[c] * vectors[v * n + c] }
            next[v * n + i] = s
          }
        }
        for v in 0..<k {
          var s = 0.0
          for i in 0..<n { s += next[v * n + i] * next[v * n + i] }
          let scale = 1 / s.squareRoot()
          for i in 0..<n { vectors[v * n + i] = next[v * n + i] * scale }
        }
      }
      var values: [Double] = []
      for s in 0..<k {
        for t in 0..<s {
          values.append(1 - abs(Self.cosine(Array(vectors[(s * n)..<(s * n + n)]), Array(vectors[(t * n)..<(t * n + n)]))))
        }
      }
      return values.sorted()[values.count / 2]
    }
    for seed in UInt64(1)...2 {
      let (a10, a21, a54, a109) = (misalignment(1, 0, seed: seed), misalignment(2, 1, seed: seed),
        misalignment(5, 4, seed: seed), misalignment(10, 9, seed: seed))
      #expect(a10 < 1e-9, "seed \(seed): α1β0 1 − CSC = \(a10)")
      #expect(a21 < 1e-3 && a21 > a10, "seed \(seed): α2β1 1 − CSC = \(a21)")
      #expect(a54 > 0.1, "seed \(seed): α5β4 1 − CSC = \(a54)")
      #expect(a109 > 0.1, "seed \(seed): α10β9 1 − CSC = \(a109)")
    }
  }

  // MARK: - Examples/zplus-by-hand

  /// The example's network: the Symbolic engine's z⁺ local matrices equal the hand formula
  /// a_i·w⁺_ij / Σᵢ a_i·w⁺_ij, and the product's columns reach the printed alignment
  /// (min cos 0.282843 → 0.974664 → 0.999863). Independent path: plain loops.
  @Test func zplusByHandKeyNumbers() throws {
    let weights: [[[Double]]] = [
      [[-1, 1, 3, 2], [0, 3, 3, -2], [-1, 2, 3, 3], [0, 1, -2, 2]],
      [[1, 3, -1, 3], [1, -2, 3, -1], [0, -2, 1, 2], [1, -2, 3, 3]],
      [[3, 2, 1, 3], [1, -2, -2, 1], [1, -2, 0, 1]],
    ]
    var a: [Double] = [1, 2, 1, 3]
    let entry = try #require(RuleCatalogue.entry("zplus")).rule.localEntry
    var product: [[Double]] = (0..<4).map { i in (0..<4).map { $0 == i ? 1 : 0 } }
    var minCosines: [Double] = []
    for (l, w) in weights.enumerated() {
      let (outputs, inputs) = (w.count, w[0].count)
      // Hand formula, C[i][j] = a_i w⁺_ji / Σ_i' a_i' w⁺_ji' (w in the [out, in] layout).
      var hand = [[Double]](repeating: [Double](repeating: 0, count: outputs), count: inputs)
      for j in 0..<outputs {
        var s = 0.0
        for i in 0..<inputs { s += a[i] * max(w[j][i], 0) }
        for i in 0..<inputs { hand[i][j] = a[i] * max(w[j][i], 0) / s }
      }
      if l == 0 {
        // By hand: unit 1's positive inputs 1·2, 3·1, 2·3 sum to 11, so its column is (0, 2, 3, 6)/11.
        let expected: [Double] = [0, 2.0 / 11, 3.0 / 11, 6.0 / 11]
        let column: [Double] = hand.map { $0[0] }
        #expect(column == expected)
      }
      var inputMajor: [Double] = []
      for i in 0..<inputs { for j in 0..<outputs { inputMajor.append(w[j][i]) } }
      let layer = LayerValues.dense(
        a: a, w: inputMajor, b: [Double](repeating: 0, count: outputs), parameters: ["eps": 0])
      let engine = entry.matrix(in: layer)
      for i in 0..<inputs {
        for j in 0..<outputs {
          let difference: Double = abs(engine[i * outputs + j] - hand[i][j])
          #expect(difference < 1e-15, "layer \(l + 1), entry (\(i), \(j))")
        }
      }
      product = Self.product(product, hand)
      var smallest = 1.0
      for k in 0..<outputs { for m in 0..<k { smallest = min(smallest, Self.cosine(Self.column(product, k), Self.column(product, m))) } }
      minCosines.append(smallest)
      var next = [Double](repeating: 0, count: outputs)
      for j in 0..<outputs { for i in 0..<inputs { next[j] += w[j][i] * a[i] } }
      a = next.map { max($0, 0) }
    }
    #expect(abs(minCosines[0] - 0.282843) < 1e-6)
    #expect(abs(minCosines[1] - 0.974664) < 1e-6)
    #expect(abs(minCosines[2] - 0.999863) < 1e-6)
  }
}
