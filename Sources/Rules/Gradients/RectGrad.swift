import Networks

/// Rectified gradient (Kim et al. 2019, "Why are saliency maps noisy?"), CLI name `rectgrad`,
/// as implemented by Sixt et al. (`when_explanations_lie.py`, `RectGrad`, `percentile=98`).
///
/// The gradient pass, except at every ReLU, where the backward signal `r` at its output `h`
/// becomes
/// ```
/// r̃ = 1[τ < h ⊙ r] ⊙ r,        τ = the q-th percentile of h ⊙ r over all units of one sample
/// ```
/// and replaces the ReLU's own derivative (the authors' reverse rule returns `r̃` as is; with
/// `τ ≥ 0` dead units are dropped anyway). `τ` is TensorFlow's `contrib.distributions.percentile`
/// with its default `nearest` interpolation: with the `n` products sorted **descending**, `τ` is
/// element `round((n − 1)·(1 − q/100))` (computed in Double, rounding half to even). Ties: every
/// unit whose product equals `τ` is dropped (strict `<`). So `q = 100` drops every unit
/// (`τ` is the maximum) and `q = 0` keeps all units except those at the minimum product.
/// Dense, conv, pools and flatten pass the gradient (max-pool by the trace's arg-max).
///
/// Complexity: one gradient pass plus an `O(n)` selection (quickselect) per ReLU and sample,
/// parallel over samples.
public struct RectGrad: RelevancePropagator {
  /// `rectgrad`.
  public var name: String { "rectgrad" }
  /// How a class explanation seeds the logits (default `.unit`).
  public var seed: LogitSeed
  /// The percentile `q ∈ [0, 100]` (default 98).
  public var percentile: Double

  /// Creates the method.
  /// - Parameters:
  ///   - percentile: `q ∈ [0, 100]`, default 98 (the authors' setting).
  ///   - seed: `.unit` (default) or `.logitValue`.
  public init(percentile: Double = MethodDefaults.percentile, seed: LogitSeed = .unit) {
    self.percentile = percentile
    self.seed = seed
  }

  /// Propagates `start` down to the input with the rectified ReLU rule.
  /// - Throws: `AttributionError.invalidParameter` for a percentile outside `[0, 100]`,
  ///   `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: name, network: network, trace: trace, start: start)
    guard percentile >= 0 && percentile <= 100 else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "percentile", expected: "in [0, 100], got \(percentile)")
    }
    var relevances = [Tensor](repeating: Tensor(shape: [0]), count: start.layer + 2)
    var r = start.relevance
    relevances[start.layer + 1] = r
    for l in stride(from: start.layer, through: 0, by: -1) {
      let layer = network.layers[l]
      if case .relu = layer {
        r = Self.rectify(r, output: trace.activations[l + 1], percentile: percentile)
      } else {
        r = layer.backward(
          outputGradient: r, input: trace.activations[l], maxPoolIndices: trace.maxPoolIndices[l],
          wantParameters: false
        ).input
      }
      relevances[l] = r
    }
    return Attribution(relevances: relevances, stabilisedCount: 0)
  }

  /// The ascending rank (0-based) of the `q`-th percentile among `n` values under TensorFlow's
  /// `nearest` rule: `n − 1 − round_half_even((n − 1)·(1 − q/100))`.
  static func percentileRank(count n: Int, percentile q: Double) -> Int {
    let descending = (Double(n - 1) * (1 - q / 100)).rounded(.toNearestOrEven)
    return n - 1 - min(max(Int(descending), 0), n - 1)
  }

  /// `r̃ = 1[τ < h ⊙ r] ⊙ r` with `τ` per sample (see the type documentation).
  static func rectify(_ r: Tensor, output h: Tensor, percentile: Double) -> Tensor {
    precondition(r.shape == h.shape, "rectgrad: signal \(r.shape) and activation \(h.shape) differ")
    let samples = r.shape[0]
    let units = r.count / max(samples, 1)
    guard units > 0 else { return r }
    let rank = percentileRank(count: units, percentile: percentile)
    var out = r.scalars
    var scratch = [Float](repeating: 0, count: r.count)
    h.scalars.withUnsafeBufferPointer { hp in
      out.withUnsafeMutableBufferPointer { o in
        scratch.withUnsafeMutableBufferPointer { s in
          let hs = MethodSharedPointer(base: UnsafeMutablePointer(mutating: hp.baseAddress!))
          let os = MethodSharedPointer(base: o.baseAddress!)
          let ss = MethodSharedPointer(base: s.baseAddress!)
          MethodParallel.forEach(count: samples, costPerItem: units &* 8) { sample in
            let offset = sample &* units
            let hRow = hs.base + offset
            let rRow = os.base + offset
            let products = ss.base + offset
            for i in 0..<units { products[i] = hRow[i] * rRow[i] }
            let tau = QuickSelect.kthSmallest(products, count: units, k: rank)
            for i in 0..<units where !(tau < hRow[i] * rRow[i]) { rRow[i] = 0 }
          }
        }
      }
    }
    return Tensor(shape: r.shape, scalars: out)
  }
}
