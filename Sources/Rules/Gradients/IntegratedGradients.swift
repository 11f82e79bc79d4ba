import Networks

/// Integrated gradients (Sundararajan et al. 2017), CLI name `integrated-gradients`.
///
/// ```
/// IG_i(x) = (x_i − x⁰_i) · Σ_k w_k · ∂g/∂x_i(x⁰ + α_k (x − x⁰)),   g(x) = ⟨R, a_{L+1}(x)⟩
/// ```
/// where `R` is the start relevance at the output of layer `L` (for a class explanation with the
/// default `.unit` seed `R = e_c`, so `g = f_c`), and `(α_k, w_k)` the nodes and weights of the
/// chosen `PathQuadrature` (default Gauss–Legendre, 64 steps: Captum's defaults, so
/// `IntegratedGradients().propagate` equals Captum's `IntegratedGradients(model).attribute(x,
/// baselines=x⁰, target=c, n_steps=64)`). Completeness: `Σ_i IG_i ≈ g(x) − g(x⁰)` up to the
/// quadrature error (ReLU kinks make the integrand piecewise constant).
///
/// At a hidden boundary `l` the relevance is `(a_l(x) − a_l(x⁰)) ⊙ Σ_k w_k ∇_{a_l} g(path_k)` with
/// the gradients taken along the *input-space* path (not Captum's layer IG); the top boundary holds
/// the start relevance.
///
/// The steps run as batched forward and backward passes of `steps · N` perturbed inputs, chunked
/// to a 256 MiB activation budget; the given trace is used only for its shapes and the start check.
/// Complexity: `steps` gradient passes of the batch plus one forward pass of the baseline.
public struct IntegratedGradients: RelevancePropagator {
  /// `integrated-gradients`.
  public var name: String { "integrated-gradients" }
  /// How a class explanation seeds the logits (default `.unit`, Captum's `target=c`).
  public var seed: LogitSeed
  /// The baseline `x⁰`: `nil` for zeros, or a tensor of shape `inputShape`, `[1] + inputShape` or
  /// `[N] + inputShape`.
  public var baseline: Tensor?
  /// The number of quadrature nodes (≥ 1; ≥ 2 for the trapezoid rule).
  public var steps: Int
  /// The quadrature rule.
  public var quadrature: PathQuadrature

  /// Creates the method.
  /// - Parameters:
  ///   - baseline: `x⁰` (`nil`: all zeros).
  ///   - steps: the number of quadrature nodes (default 64).
  ///   - quadrature: the rule (default `.gaussLegendre`, Captum's `gausslegendre`).
  ///   - seed: `.unit` (default) or `.logitValue` (scales everything by `f_c(x)`).
  public init(
    baseline: Tensor? = nil, steps: Int = MethodDefaults.steps, quadrature: PathQuadrature = .gaussLegendre,
    seed: LogitSeed = .unit
  ) {
    self.baseline = baseline
    self.steps = steps
    self.quadrature = quadrature
    self.seed = seed
  }

  /// Integrates the gradient of `⟨start.relevance, a_{start.layer+1}⟩` along the straight path.
  /// - Throws: `AttributionError.invalidParameter` for `steps` below the rule's minimum or a
  ///   baseline of the wrong shape, `.startShape` for a start that does not fit.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    try MethodArrays.checkStart(method: name, network: network, trace: trace, start: start)
    guard steps >= quadrature.minimumSteps else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "steps",
        expected: "an integer ≥ \(quadrature.minimumSteps) for \(quadrature.rawValue), got \(steps)")
    }
    let base = try MethodArrays.referenceBatch(
      baseline, method: name, parameter: "baseline", network: network, batch: trace.batchSize)
    let x = trace.input
    let delta = MethodArrays.difference(x, base)
    let (alphas, weights) = quadrature.nodes(steps: steps)
    let n = x.shape[0]
    let stride = x.count / n
    let baseStride = base.shape[0] == 1 ? 0 : stride
    let sums = BatchedGradients.weightedSum(
      network: network, start: start, weights: weights.map { Float($0) }
    ) { terms in
      var scalars = [Float](repeating: 0, count: terms.count &* x.count)
      base.scalars.withUnsafeBufferPointer { b in
        delta.scalars.withUnsafeBufferPointer { d in
          scalars.withUnsafeMutableBufferPointer { out in
            for (t, k) in terms.enumerated() {
              let alpha = Float(alphas[k])
              for s in 0..<n {
                let row = out.baseAddress! + (t &* n &+ s) &* stride
                let bs = b.baseAddress! + s &* baseStride
                let ds = d.baseAddress! + s &* stride
                for i in 0..<stride { row[i] = bs[i] + alpha * ds[i] }
              }
            }
          }
        }
      }
      var shape = x.shape
      shape[0] = terms.count &* n
      return Tensor(shape: shape, scalars: scalars)
    }
    var relevances = [MethodArrays.product(sums[0], delta)]
    var baseActivation = base
    for l in 0..<start.layer {
      baseActivation = network.layers[l].forward(baseActivation)
      relevances.append(
        MethodArrays.product(
          sums[l + 1], MethodArrays.difference(trace.activations[l + 1], baseActivation)))
    }
    relevances.append(start.relevance)
    return Attribution(relevances: relevances, stabilisedCount: 0)
  }
}
