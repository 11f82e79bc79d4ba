import Foundation
import Matrices
import Rules

/// The backward products of a chain of local maps at every depth: σ₁, σ₂, σ₂/σ₁, stable rank,
/// top singular directions, column alignment and the Birkhoff contraction bound (issue 5 items 1, 3).
///
/// The chain is `maps = [C_1, …, C_m]`, bottom (input side) first; `C_l` is `d_{l−1} × d_l`.
/// For every depth `k = m−1, …, 0` the product `P_k = C_{k+1} ⋯ C_m` is built by one
/// left-multiplication per step, `P_{k} = C_{k+1} P_{k+1}`, and rescaled by its Frobenius norm
/// after every step (the removed scale is kept as ``DepthProfile/logScale``), so nothing
/// overflows and σ₂/σ₁, 1 − cos stay resolvable down to ~1e-15 (Jacobi SVD: absolute error about
/// `n·ε·σ₁`).
///
/// **Exact mode** while every factor from the top is a `.matrix`: `P_k` is explicit; Jacobi SVD,
/// column alignment, and (for non-negative factors) the contraction bound.
/// **Sketch mode** from the first `.operator` factor downwards: the block `Y_k = P_k Ω` is carried
/// instead, `Ω` a `d_m × ℓ` standard Gaussian drawn once from `seed` (`ℓ = sketchSize`, default
/// 16); at the switch `Y = P_{k+1} Ω` (or `Ω` at the top). The singular values reported are
/// those of `Y_k/√ℓ`: `E[Y Yᵀ]/ℓ = P Pᵀ`, rank-one `P` gives rank-one `Y`, and ratios are right to
/// relative order `1/√ℓ` (``LinearOperator/sketchSingularValues(sketchSize:using:)``). Only
/// `apply` is needed (no adjoints), one block application per factor.
public enum BackwardProducts {
  /// How the singular values of an explicit product are computed.
  public enum ExplicitSVD: Sendable, Equatable {
    /// One-sided Jacobi SVD of `P_k` (``Matrix/svd()``, zero rows and columns removed first): every singular value, absolute error
    /// about `n·ε·σ₁`. Costly: measured 6.7–11 s per 512×512 depth in release on the 2-core
    /// machine at load 15 (≈ 2.5 s idle, by the Matrices README's 300×300 figures scaled by n³).
    case jacobi
    /// ``LinearOperator/randomizedSVD(rank:oversampling:powerIterations:using:)`` of `P_k`
    /// (Halko–Martinsson–Tropp with `q` power iterations, GEMM-fast): the top `rank` values.
    /// `B = QᵀP` is formed by GEMM, so σ₂ keeps an absolute error of about `ε·σ₁` (σ₂/σ₁ resolvable
    /// to ~1e-15); the relative error of σ₂ decays like `(σ_{ℓ+1}/σ₂)^{2q+1}`, `ℓ = rank + oversampling`:
    /// tiny once the product collapses, up to a few per cent for flat spectra. Measured: 12
    /// depths of a width-512 chain in 0.66–1.0 s (release, load 15; 1.8–5.3 s with alignment and bound).
    case randomized(rank: Int = 2, oversampling: Int = 10, powerIterations: Int = 3)
    /// Block subspace iteration with Rayleigh–Ritz, warm-started from the previous depth's right
    /// singular vectors, run until the residuals certify σ₁ and σ₂ to relative `tolerance` (or
    /// absolute `1e-13·σ₁`, the rounding floor, so σ₂/σ₁ resolves to ~1e-13); a depth that has not
    /// converged after `maxIterations` falls back to Jacobi. The top `block` values are reported.
    /// Two skinny GEMMs (`d_k·d_m·block`) and a `d_m × block` SVD per iteration; a collapsing
    /// chain converges in 1–3 iterations per depth (see ``SubspaceIteration``).
    case subspace(block: Int = 16, tolerance: Double = 1e-8, maxIterations: Int = 100)
  }

  /// Profiles of every depth `k = m−1 … 0`, in that order (top first).
  /// - Parameters:
  ///   - maps: `[C_1, …, C_m]`, bottom first; `maps[l].rows == maps[l−1].columns`.
  ///   - sketchSize: `ℓ`, the Gaussian sketch width for matrix-free factors.
  ///   - seed: seed of `Ω`.
  ///   - explicitSVD: Jacobi (default, every σ) or randomized SVD for explicit products.
  ///   - measureAlignment: compute ``ColumnAlignment`` (a `d_m × d_m` Gram per depth) in explicit mode.
  ///   - contractionBound: track the Birkhoff bound (`Δ` of the factors: `O(d_{k}·d_{k+1}²)` divisions each).
  /// - Precondition: a non-empty chain of compatible shapes.
  /// - Complexity: exact mode, per depth one GEMM `d_k·d_{k+1}·d_m` plus a Jacobi SVD of
  ///   `d_k × d_m`; sketch mode, one application per factor to `ℓ` columns plus a `d_k × ℓ` SVD.
  public static func profiles(
    of maps: [LocalMap], sketchSize: Int = 16, seed: UInt64 = 0, explicitSVD: ExplicitSVD = .jacobi,
    measureAlignment: Bool = true, contractionBound: Bool = true
  ) -> [DepthProfile] {
    precondition(!maps.isEmpty, "BackwardProducts: empty chain")
    for l in 1..<maps.count {
      precondition(maps[l].rows == maps[l - 1].columns, "BackwardProducts: \(maps[l].label) has \(maps[l].rows) rows but \(maps[l - 1].label) has \(maps[l - 1].columns) columns")
    }
    precondition(sketchSize >= 2, "BackwardProducts: sketchSize ≥ 2")
    let top = maps[maps.count - 1].columns
    var tracker = ContractionTracker(active: contractionBound)
    var product: Matrix? = nil          // exact mode: the rescaled P_{k+1} (nil = identity at the top)
    var sketch: Matrix? = nil           // sketch mode: the rescaled Y_{k+1}
    var logScale = 0.0
    var generator = SeededGenerator(seed: seed)
    var iteration: SubspaceIteration? = nil
    if case .subspace(let block, let tolerance, let maxIterations) = explicitSVD {
      iteration = SubspaceIteration(block: block, tolerance: tolerance, maxIterations: maxIterations)
    }
    var result: [DepthProfile] = []
    for k in stride(from: maps.count - 1, through: 0, by: -1) {
      let map = maps[k]
      tracker.add(map)
      if sketch == nil, map.explicitMatrix == nil {
        let omega = Matrix.gaussian(rows: top, columns: Swift.min(sketchSize, top), using: &generator)
        sketch = product.map { $0 * omega } ?? omega
        product = nil
      }
      if var y = sketch {
        y = map.applied(to: y)
        let norm = y.frobeniusNorm
        if norm > 0 { y = y / norm; logScale += log(norm) }
        sketch = y
        result.append(sketchProfile(y, depth: k, label: map.label, logScale: logScale, tracker: tracker))
      } else {
        var p = product.map { map.applied(to: $0) } ?? Self.matrix(of: map)
        let norm = p.frobeniusNorm
        if norm > 0 { p = p / norm; logScale += log(norm) }
        product = p
        result.append(explicitProfile(p, depth: k, label: map.label, logScale: logScale, tracker: tracker, svdMode: explicitSVD, measureAlignment: measureAlignment, iteration: &iteration, generator: &generator))
      }
    }
    return result
  }

  /// `|cos|` between the top left singular directions of two profiles of the same chain shape
  /// (for example the same rule at two inputs), per depth.
  /// - Precondition: equal counts and row sizes.
  public static func topDirectionCosines(_ a: [DepthProfile], _ b: [DepthProfile]) -> [Double] {
    precondition(a.count == b.count, "topDirectionCosines: \(a.count) and \(b.count) depths")
    return zip(a, b).map { abs(cosineSimilarity($0.topLeftVector, $1.topLeftVector)) }
  }

  static func matrix(of map: LocalMap) -> Matrix {
    guard let m = map.explicitMatrix else { preconditionFailure("BackwardProducts: exact mode reached an operator") }
    return m
  }

  static func explicitProfile(
    _ p: Matrix, depth: Int, label: String, logScale: Double, tracker: ContractionTracker, svdMode: ExplicitSVD,
    measureAlignment: Bool, iteration: inout SubspaceIteration?, generator: inout SeededGenerator
  ) -> DepthProfile {
    let svd: SingularValueDecomposition
    let method: DepthProfile.Method
    switch svdMode {
    case .jacobi:
      svd = CompressedSVD.svd(p)
      method = .exact
    case .subspace(let block, _, _):
      let (result, steps) = iteration!.decompose(p, using: &generator)
      svd = result
      method = steps == 0 ? .exact : .subspace(block: block, iterations: steps)
    case .randomized(let rank, let oversampling, let q):
      svd = LinearOperator(p).randomizedSVD(rank: rank, oversampling: oversampling, powerIterations: q, using: &generator)
      method = .randomized(rank: rank, oversampling: oversampling, powerIterations: q)
    }
    let alignment = measureAlignment ? columnAlignment(p) : nil
    // Exact SVDs report every singular value: the zero lines CompressedSVD removed add exact zeros.
    let zeros = method == .exact ? Swift.max(0, Swift.min(p.rows, p.columns) - svd.singularValues.count) : 0
    return DepthProfile(
      depth: depth, label: label, rows: p.rows, method: method, singularValues: svd.singularValues + [Double](repeating: 0, count: zeros),
      logScale: logScale, frobeniusNorm: p.frobeniusNorm, topLeftVector: signFixed(svd.u.columns > 0 ? svd.u.column(0) : []),
      topRightVector: svd.v.columns > 0 ? signFixed(svd.v.column(0)) : nil, alignment: alignment,
      bound: tracker.bound(measured: alignment?.worstMisalignment))
  }

  static func sketchProfile(_ y: Matrix, depth: Int, label: String, logScale: Double, tracker: ContractionTracker) -> DepthProfile {
    let scaled = y / Double(y.columns).squareRoot()
    let svd = scaled.svd()
    return DepthProfile(
      depth: depth, label: label, rows: y.rows, method: .sketch(size: y.columns), singularValues: svd.singularValues,
      logScale: logScale, frobeniusNorm: scaled.frobeniusNorm, topLeftVector: signFixed(svd.u.columns > 0 ? svd.u.column(0) : []),
      topRightVector: nil, alignment: nil, bound: nil)
  }

  /// Flips `v` so that its largest-magnitude entry is positive (singular vectors have a free sign).
  static func signFixed(_ v: [Double]) -> [Double] {
    guard let big = v.max(by: { abs($0) < abs($1) }), big < 0 else { return v }
    return v.map { -$0 }
  }
}
