import Foundation
import Matrices
import Rules
import Testing
import _BPTestSupport

@testable import Analysis

@Suite struct BackwardProductsTests {
  static func uniform(_ rows: Int, _ columns: Int, _ range: ClosedRange<Double>, _ g: inout SeededGenerator) -> Matrix {
    Matrix(rows: rows, columns: columns, scalars: (0..<(rows * columns)).map { _ in Double.random(in: range, using: &g) })
  }

  /// Entries in [1, 2]: every factor has Δ ≤ ln 4, τ ≤ tanh(ln 4 / 4) ≈ 0.333. The bound on the
  /// column misalignment implies one on σ₂/σ₁: with `u` a unit column direction,
  /// `σ₂ ≤ ‖P − u uᵀP‖_F ≤ ‖P‖_F · max_j sin∠(p_j, u) ≤ √n σ₁ · √(2(1 − cos_min))`, so the
  /// predicted depth is the first where `√(2n·misalignmentBound) < 1e-10`. The measured ratio
  /// must be below 1e-10 there, and the bound must hold at every depth.
  @Test func positiveProductsCollapseWithinTheBirkhoffDepth() throws {
    for seed in UInt64(1)...3 {
      var g = SeededGenerator(seed: seed)
      let n = 8
      let maps = (0..<40).map { LocalMap.matrix(Self.uniform(n, n, 1...2, &g), label: "L\($0)") }
      let profiles = BackwardProducts.profiles(of: maps)
      #expect(profiles.count == 40)
      var predicted: Int? = nil
      for (step, p) in profiles.enumerated() {
        let bound = try #require(p.bound, "seed \(seed)")
        let measured = try #require(p.alignment).worstMisalignment
        #expect(!bound.violated && measured <= bound.misalignmentBound + 1e-14, "seed \(seed) step \(step): \(measured) > \(bound.misalignmentBound)")
        if predicted == nil && (2 * Double(n) * bound.misalignmentBound).squareRoot() < 1e-10 { predicted = step }
      }
      let depth = try #require(predicted, "seed \(seed): the bound never predicts 1e-10 within 40 factors")
      #expect(profiles[depth].ratio < 1e-10, "seed \(seed): σ₂/σ₁ = \(profiles[depth].ratio) at predicted step \(depth)")
      // Resolution: the last products are aligned far below 1e-12, and σ₂/σ₁ is at the rounding floor.
      #expect(profiles.last!.ratio < 1e-12 && profiles.last!.alignment!.worstMisalignment < 1e-12)
      expectClose(profiles.last!.stableRank, 1, rtol: 1e-12)
    }
  }

  /// Sparse non-negative factors (positive diagonal, 40 % of the off-diagonal entries zero):
  /// single factors have Δ = ∞ (τ = 1), products of a few are positive, so blocks close; the
  /// bound must hold at every depth and shrink, and the product collapses.
  @Test func zerosAreHandledByBlocks() throws {
    var g = SeededGenerator(seed: 7)
    let n = 6
    let maps = (0..<40).map { l -> LocalMap in
      var m = Matrix(rows: n, columns: n)
      for i in 0..<n {
        for j in 0..<n where i == j || Double.random(in: 0...1, using: &g) > 0.4 { m[i, j] = Double.random(in: 0.5...1.5, using: &g) }
      }
      return .matrix(m, label: "sparse\(l)")
    }
    let profiles = BackwardProducts.profiles(of: maps)
    #expect(profiles.allSatisfy { !($0.bound?.violated ?? true) })
    let last = try #require(profiles.last?.bound)
    #expect(last.blocks >= 3 && last.diameterBound < 1e-3, "blocks \(last.blocks) bound \(last.diameterBound)")
    #expect(profiles.last!.ratio < 1e-10)
  }

  /// A product of orthogonal matrices is orthogonal: all singular values equal, never collapses.
  @Test func orthogonalProductsNeverCollapse() {
    var g = SeededGenerator(seed: 11)
    let n = 12
    let maps = (0..<30).map { LocalMap.matrix(Matrix.gaussian(rows: n, columns: n, using: &g).qr().q, label: "Q\($0)") }
    for p in BackwardProducts.profiles(of: maps) {
      expectClose(p.ratio, 1, rtol: 1e-12, "depth \(p.depth)")
      expectClose(p.stableRank, Double(n), rtol: 1e-12, "depth \(p.depth)")
      #expect(p.bound == nil)  // negative entries: no Birkhoff bound
    }
  }

  /// The same explicit chain, once as matrices (exact SVD) and once wrapped as matrix-free
  /// operators (sketch, ℓ = 16, no power iteration): the top direction agrees up to the sketch's
  /// error, which is of order (σ₂/σ₁)² in 1 − |cos| (allowed: 4(σ₂/σ₁)² + 1e-10), and σ₂/σ₁
  /// agrees to relative order 1/√ℓ (allowed: a factor 3) while it is above the rounding floor.
  @Test func sketchAgreesWithExactSVD() {
    for seed in UInt64(20)...22 {
      var g = SeededGenerator(seed: seed)
      let widths = [20, 30, 25, 30, 24, 30]
      let matrices = (0..<5).map { Self.uniform(widths[$0], widths[$0 + 1], 0...1, &g) }
      let exact = BackwardProducts.profiles(of: matrices.enumerated().map { .matrix($1, label: "m\($0)") })
      let sketched = BackwardProducts.profiles(of: matrices.enumerated().map { .operator(LinearOperator($1), label: "m\($0)") }, seed: seed)
      #expect(sketched.allSatisfy { $0.method == .sketch(size: 16) })
      for (e, s) in zip(exact, sketched) {
        #expect(e.method == .exact)
        let misalignment = 1 - abs(cosineSimilarity(e.topLeftVector, s.topLeftVector))
        #expect(misalignment <= 4 * e.ratio * e.ratio + 1e-10, "seed \(seed) depth \(e.depth): \(misalignment), ratio \(e.ratio)")
        if e.ratio > 1e-13 {
          #expect(s.ratio > e.ratio / 3 && s.ratio < e.ratio * 3, "seed \(seed) depth \(e.depth): sketch \(s.ratio) exact \(e.ratio)")
        }
      }
      #expect(BackwardProducts.topDirectionCosines(exact, sketched).last! > 1 - 1e-8)
    }
  }

  /// Randomized SVD of the explicit products against Jacobi: σ₂/σ₁ agrees to 1e-2 relative on
  /// the first factors (σ₂ sits in a bulk: error ∝ (σ₁₃/σ₂)⁷), to 1e-6 once σ₂/σ₁ < 1e-5, down to
  /// the rounding floor; on a flat Gaussian spectrum
  /// σ₁ agrees to 1e-3 and σ₂ to 10 % (power iterations q = 3, ℓ = 12 of 40).
  @Test func randomizedAgreesWithJacobi() {
    var g = SeededGenerator(seed: 40)
    let positive = (0..<10).map { LocalMap.matrix(Self.uniform(40, 40, 0...1, &g), label: "p\($0)") }
    let gaussian = (0..<4).map { LocalMap.matrix(Matrix.gaussian(rows: 40, columns: 40, using: &g), label: "g\($0)") }
    let randomized = BackwardProducts.ExplicitSVD.randomized()
    for (p, r) in zip(BackwardProducts.profiles(of: positive), BackwardProducts.profiles(of: positive, explicitSVD: randomized)) {
      #expect(r.method == .randomized(rank: 2, oversampling: 10, powerIterations: 3) && r.singularValues.count == 2)
      if p.ratio > 1e-13 { expectClose(r.ratio, p.ratio, rtol: p.ratio < 1e-5 ? 1e-6 : 1e-2, "depth \(p.depth)") }
      #expect(abs(cosineSimilarity(p.topLeftVector, r.topLeftVector)) > 1 - 1e-12)
      expectClose(r.stableRank, p.stableRank, rtol: 1e-6)
    }
    for (p, r) in zip(BackwardProducts.profiles(of: gaussian), BackwardProducts.profiles(of: gaussian, explicitSVD: randomized)) {
      expectClose(r.sigma1, p.sigma1, rtol: 1e-3, "depth \(p.depth)")
      expectClose(r.sigma2, p.sigma2, rtol: 0.1, "depth \(p.depth)")
    }
  }

  /// A chain with an operator in the middle: exact above it, sketch from it downwards.
  @Test func mixedChainSwitchesToTheSketch() {
    var g = SeededGenerator(seed: 30)
    let a = Self.uniform(6, 7, 0...1, &g), b = Self.uniform(7, 8, 0...1, &g), c = Self.uniform(8, 5, 0...1, &g)
    let profiles = BackwardProducts.profiles(of: [.matrix(a, label: "a"), .operator(LinearOperator(b), label: "b"), .matrix(c, label: "c")], sketchSize: 4)
    #expect(profiles.map(\.method) == [.exact, .sketch(size: 4), .sketch(size: 4)])
    #expect(profiles.map(\.label) == ["c", "b", "a"] && profiles.map(\.depth) == [2, 1, 0])
    #expect(profiles[0].bound != nil && profiles[1].bound == nil)
    // logScale accounts for the removed scale: exact P₂ = C (Frobenius norm of c).
    expectClose(exp(profiles[0].logScale), c.frobeniusNorm, rtol: 1e-12)
  }
}

@Suite struct ProjectiveDiameterTests {
  /// The log-difference evaluation against Matrices' `projectiveDiameter` (ratio form), on
  /// positive matrices and on matrices with zeros (shared zero rows, support mismatches, zero columns).
  @Test func agreesWithTheMatricesDefinition() {
    for seed in UInt64(1)...20 {
      var g = SeededGenerator(seed: seed)
      let zeroFraction = Double(seed % 4) * 0.15
      var a = Matrix(rows: 5, columns: 4)
      for i in 0..<5 { for j in 0..<4 where Double.random(in: 0...1, using: &g) >= zeroFraction { a[i, j] = Double.random(in: 0.1...3, using: &g) } }
      if seed % 5 == 0 { for j in 0..<4 { a[2, j] = 0 } }  // a shared zero row
      let reference = a.projectiveDiameter
      let fast = ProjectiveDiameter.of(a)
      if reference.isNaN || reference == .infinity {
        #expect(fast.isNaN == reference.isNaN && (reference.isNaN || fast == .infinity), "seed \(seed)")
      } else {
        expectClose(fast, reference, rtol: 1e-12, atol: 1e-14, "seed \(seed)")
        expectClose(ProjectiveDiameter.contraction(a), a.birkhoffContraction, rtol: 1e-12, atol: 1e-14, "seed \(seed)")
      }
    }
  }
}

/// The converged subspace iteration against the Jacobi SVD of every explicit product.
@Suite struct SubspaceIterationTests {
  /// Gaussian chains (flat spectra: the slow case) and positive chains (collapsing to the
  /// rounding floor): σ₁ and σ₂ agree to the tolerance's order (σ₂ relative 1e-6, or 1e-12·σ₁
  /// absolute), the stable rank to 1e-6, the top direction to 1e-10 in 1 − |cos| where σ₂/σ₁ < 0.9.
  @Test func agreesWithJacobi() {
    for seed in UInt64(1)...2 {
      var g = SeededGenerator(seed: seed)
      let gaussian = (0..<6).map { LocalMap.matrix(Matrix.gaussian(rows: 60, columns: 60, using: &g), label: "g\($0)") }
      let positive = (0..<12).map { LocalMap.matrix(BackwardProductsTests.uniform(60, 60, 0...1, &g), label: "p\($0)") }
      for chain in [gaussian, positive] {
        let exact = BackwardProducts.profiles(of: chain, measureAlignment: false, contractionBound: false)
        let fast = BackwardProducts.profiles(of: chain, seed: seed, explicitSVD: .subspace(block: 8), measureAlignment: false, contractionBound: false)
        for (e, f) in zip(exact, fast) {
          if case .subspace(let block, let iterations) = f.method { #expect(block == 8 && iterations >= 1) }
          expectClose(f.sigma1, e.sigma1, rtol: 1e-7, "seed \(seed) depth \(e.depth)")
          #expect(abs(f.sigma2 - e.sigma2) <= 1e-6 * e.sigma2 + 1e-12 * e.sigma1, "seed \(seed) depth \(e.depth): \(f.sigma2) vs \(e.sigma2)")
          expectClose(f.stableRank, e.stableRank, rtol: 1e-6)
          if e.ratio < 0.9 {
            #expect(1 - abs(cosineSimilarity(e.topLeftVector, f.topLeftVector)) < 1e-10, "seed \(seed) depth \(e.depth)")
          }
        }
        // A collapsing chain reaches the rounding floor in both.
        if chain.count == 12 { #expect(fast.last!.ratio < 1e-12) }
      }
    }
  }

  /// A diagonal factor (a ReLU mask) is applied by scaling rows: the same product as the GEMM.
  @Test func diagonalFactorsScaleRows() {
    var g = SeededGenerator(seed: 5)
    let a = Matrix.gaussian(rows: 7, columns: 5, using: &g)
    let d = Matrix.diagonal([1, 0, 2, 0.5, 0, 3, 1], rows: 7, columns: 7)
    let viaMap = LocalMap.matrix(d, label: "relu").applied(to: a)
    #expect(LocalMap.diagonal(of: d) != nil && LocalMap.diagonal(of: a) == nil)
    expectClose(viaMap.scalars, (d * a).scalars, atol: 0)
  }
}
