import Foundation
import Matrices
import Networks
import Rules

extension RankAnalyzer {
  /// ``RankProfile`` (two inputs, top directions compared) from
  /// ``sketchProfiles(propagator:network:input:injectAt:)`` at rows 0 and 1 of `inputs`, both
  /// with the same `Ω`.
  /// - Throws: `AttributionError` for an unknown layer or from the propagator.
  public func profile(propagator: any RelevancePropagator, network: Network, inputs: Tensor, injectAt layer: String) throws -> RankProfile {
    precondition(inputs.shape[0] >= 2, "RankAnalyzer: needs two inputs to compare top directions")
    let profiles = try (0..<2).map { row in
      try sketchProfiles(propagator: propagator, network: network, input: inputs.rows(row..<(row + 1)), injectAt: layer)
    }
    return RankProfile(
      method: propagator.name, injectionLayer: layer, depths: profiles[0],
      topDirectionCosines: BackwardProducts.topDirectionCosines(profiles[0], profiles[1]))
  }

  /// Sketched depth profiles of a propagator at one input, from ONE batched propagation through
  /// its own (fast, matrix-free) kernels: the Gaussian sketch of every product at once.
  ///
  /// With `Ω` the `d_m × ℓ` standard Gaussian block (`ℓ = min(sketchSize, d_m)`, drawn from ``seed``
  /// exactly as ``BackwardProducts`` draws it, so both paths sketch with the same `Ω`), the
  /// `ℓ` columns are injected as a batch at the output of layer `m` on the input's trace repeated
  /// `ℓ` times, and `propagator` carries them to the input; the relevance arriving at boundary `k`
  /// is `Y_k = P_k Ω` for every `k ≤ m` (no conv matrix or edge list is ever built; the kernels
  /// apply each layer's local backward map to the whole block). Each `Y_k` is read into Double,
  /// normalised (its norm kept as ``DepthProfile/logScale``) and `Y_k/√ℓ` decomposed
  /// (``DepthProfile/Method/sketch(size:)``; ratios right to relative order `1/√ℓ`, see
  /// ``BackwardProducts``).
  ///
  /// Valid for propagators that are linear in the injected relevance (LRP/DTD rules, gradient,
  /// DeepLIFT, PatternNet/-Attribution); a signal-dependent one (Guided BP, Deconv, RectGrad)
  /// would linearise every column at its own signal — use
  /// ``depthProfiles(method:network:input:injectAt:)`` for those. The propagators run in Float32:
  /// σ₂/σ₁ below about 1e-6 is at the rounding floor of this path.
  /// - Parameters:
  ///   - input: row 0 is the input.
  ///   - layer: the injection layer `m`.
  /// - Returns: the profiles of depths `k = m … 0` (`P_k` maps down to the input of layer `k`),
  ///   the same depths and labels as ``depthProfiles(method:network:input:injectAt:)``.
  /// - Throws: `AttributionError` for an unknown layer or from the propagator.
  /// - Complexity: one forward pass, one propagation of `ℓ` vectors, and a `d_k × ℓ` SVD per depth.
  public func sketchProfiles(
    propagator: any RelevancePropagator, network: Network, input: Tensor, injectAt layer: String
  ) throws -> [DepthProfile] {
    guard let m = network.layerIndex(named: layer) else {
      throw AttributionError.invalidParameter(
        method: propagator.name, parameter: "inject", expected: "a layer of the network, got '\(layer)'")
    }
    let single = network.trace(input.rows(0..<1))
    let shape = Array(single.activations[m + 1].shape.dropFirst())
    let top = shape.reduce(1, *)
    let l = Swift.min(sketchSize, top)
    let trace = single.repeatingRows(l)
    // Ω drawn as BackwardProducts draws it (d_m × ℓ, row-major, from `seed`); column c is vector c.
    var generator = SeededGenerator(seed: seed)
    let omega = Tensor(
      shape: [l] + shape, scalars: Matrix.gaussian(rows: top, columns: l, using: &generator).transposed().scalars.map { Float($0) })
    let attribution = try propagator.propagate(network: network, trace: trace, start: RelevanceStart(layer: m, relevance: omega))
    let inactive = ContractionTracker(active: false)
    return stride(from: m, through: 0, by: -1).map { k in
      let r = attribution.relevances[k]
      let d = r.count / l
      var columns = [Double](repeating: 0, count: d * l)
      r.scalars.withUnsafeBufferPointer { s in
        for c in 0..<l {
          for i in 0..<d { columns[i &* l &+ c] = Double(s[c &* d &+ i]) }
        }
      }
      var y = Matrix(rows: d, columns: l, scalars: columns)
      let norm = y.frobeniusNorm
      if norm > 0 { y = y / norm }
      return BackwardProducts.sketchProfile(
        y, depth: k, label: network.layers[k].name, logScale: norm > 0 ? log(norm) : -.infinity, tracker: inactive)
    }
  }
}
