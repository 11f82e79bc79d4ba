import Matrices
import Networks

/// SmoothGrad (Smilkov et al. 2017), CLI name `smoothgrad`: the gradient averaged over noisy
/// copies of the input.
///
/// ```
/// SG(x) = (1/K) Σ_k ∇g(x + ε_k),   ε_k ~ N(0, σ² I),   σ = noise · (max_i x_i − min_i x_i)
/// ```
/// per sample (the range of that sample's input; Sixt et al. use `noise = 0.15` of the example
/// image's range and `K = 50`), with `g(x) = ⟨R, a_{L+1}(x)⟩` for the start relevance `R` at the
/// output of layer `L` (`g = f_c` for the default `.unit` seed). The paper post-processes with
/// abs-max over channels; this returns the raw average. Hidden boundaries hold the averaged
/// gradients there, the top boundary the start.
///
/// Noise: sample `n` draws from `SeededGenerator(seed: randomSeed).split(stream: n)`, `K·D`
/// Gaussians in order (noisy copy `k`, then element), so a sample's result depends only on the
/// seed, its index and its input. The `K·N` noisy inputs run as batched passes within a 256 MiB
/// activation budget.
/// Complexity: `K` gradient passes of the batch.
public struct SmoothGrad: RelevancePropagator {
  /// `smoothgrad`.
  public var name: String { "smoothgrad" }
  /// How a class explanation seeds the logits (default `.unit`).
  public var seed: LogitSeed
  /// The number of noisy copies `K` (≥ 1).
  public var samples: Int
  /// The noise level `σ / (x_max − x_min)` (≥ 0).
  public var noise: Double
  /// The seed of the noise generator.
  public var randomSeed: UInt64

  /// Creates the method.
  /// - Parameters:
  ///   - samples: `K`, default 50.
  ///   - noise: `σ` as a fraction of each input's value range, default 0.15.
  ///   - randomSeed: fixes the noise (default 0).
  ///   - seed: `.unit` (default) or `.logitValue`.
  public init(samples: Int = MethodDefaults.samples, noise: Double = MethodDefaults.noise, randomSeed: UInt64 = 0, seed: LogitSeed = .unit) {
    self.samples = samples
    self.noise = noise
    self.randomSeed = randomSeed
    self.seed = seed
  }

  /// Averages the gradient of `⟨start.relevance, a_{start.layer+1}⟩` over noisy inputs.
  /// - Throws: `AttributionError.invalidParameter` for `samples < 1` or a negative or non-finite
  ///   noise level, `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: name, network: network, trace: trace, start: start)
    guard samples >= 1 else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "samples", expected: "an integer ≥ 1, got \(samples)")
    }
    guard noise >= 0 && noise.isFinite else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "noise", expected: "a finite number ≥ 0, got \(noise)")
    }
    let x = trace.input
    let n = x.shape[0]
    let stride = x.count / n
    let sigmas: [Float] = (0..<n).map { s in
      let row = x.scalars[(s * stride)..<((s + 1) * stride)]
      return Float(noise * Double((row.max() ?? 0) - (row.min() ?? 0)))
    }
    let root = SeededGenerator(seed: randomSeed)
    var generators = (0..<n).map { root.split(stream: UInt64($0)) }
    let weight = 1 / Float(samples)
    var sums = BatchedGradients.weightedSum(
      network: network, start: start, weights: Array(repeating: weight, count: samples)
    ) { terms in
      var scalars = [Float](repeating: 0, count: terms.count &* x.count)
      // Sample-major draws keep each sample's stream in copy order across chunks.
      for s in 0..<n {
        for t in 0..<terms.count {
          let row = (t &* n &+ s) &* stride
          for i in 0..<stride {
            scalars[row &+ i] = x.scalars[s &* stride &+ i] + sigmas[s] * Float(generators[s].nextGaussian())
          }
        }
      }
      var shape = x.shape
      shape[0] = terms.count &* n
      return Tensor(shape: shape, scalars: scalars)
    }
    sums.append(start.relevance)
    return Attribution(relevances: sums, stabilisedCount: 0)
  }
}
