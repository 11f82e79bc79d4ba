/// Adam (PyTorch `torch.optim.Adam` / Keras convention), with bias correction by default.
///
/// ```
/// g ← g + λ·p                                   (optional L2 weight decay λ, default 0)
/// m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   t ← t + 1
/// m̂ = m / (1 − β1ᵗ),      v̂ = v / (1 − β2ᵗ)         (biasCorrection = true, the default)
/// p ← p − lr · m̂ / (√v̂ + ε)
/// ```
/// Defaults: `lr = 1e-3`, `β1 = 0.9`, `β2 = 0.999`, `ε = 1e-8`, bias correction on. With
/// `biasCorrection = false` (the MLX default), `m̂ = m` and `v̂ = v`.
///
/// Reference: Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
public struct Adam: Optimizer {
  /// The step size `lr` (default 1e-3).
  public var learningRate: Float
  /// The first-moment decay `β1` (default 0.9).
  public var beta1: Float
  /// The second-moment decay `β2` (default 0.999).
  public var beta2: Float
  /// The denominator guard `ε` (default 1e-8).
  public var epsilon: Float
  /// The L2 weight-decay coefficient `λ` added to the gradient (default 0).
  public var weightDecay: Float
  /// Whether the moments are divided by `1 − βᵗ` (default `true`).
  public var biasCorrection: Bool
  /// The number of steps taken, `t`.
  public private(set) var step = 0
  /// The moments `(m, v)` per parameter slot.
  private var moments: [Int: (m: [Float], v: [Float])] = [:]

  /// Creates the optimizer; see the type documentation for the defaults.
  public init(
    learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
    weightDecay: Float = 0, biasCorrection: Bool = true
  ) {
    precondition(
      learningRate > 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0
        && weightDecay >= 0,
      "Adam: lr > 0, β1, β2 in [0, 1), ε > 0, weight decay ≥ 0")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.biasCorrection = biasCorrection
  }

  /// Applies one Adam step (increments `t` once for the whole network).
  /// - Complexity: `O(parameterCount)`.
  public mutating func update(_ network: inout Network, along gradients: ParameterGradients) {
    step += 1
    let t = Double(step)
    // PyTorch's form: p ← p − (lr / c1) · m / (√v / √c2 + ε), with c = 1 − βᵗ.
    let c1 = biasCorrection ? 1 - _powd(Double(beta1), t) : 1
    let c2 = biasCorrection ? 1 - _powd(Double(beta2), t) : 1
    let stepSize = Float(Double(learningRate) / c1)
    let inverseRootC2 = Float(1 / c2.squareRoot())
    let (b1, b2, eps, decay) = (beta1, beta2, epsilon, weightDecay)
    network.updateParameters(along: gradients) { slot, p, g in
      var state =
        moments.removeValue(forKey: slot)
        ?? ([Float](repeating: 0, count: p.count), [Float](repeating: 0, count: p.count))
      state.m.withUnsafeMutableBufferPointer { m in
        state.v.withUnsafeMutableBufferPointer { v in
          Self.kernel(
            p: p.baseAddress!, g: g.baseAddress!, m: m.baseAddress!, v: v.baseAddress!,
            count: p.count,
            beta1: b1, beta2: b2, epsilon: eps, weightDecay: decay, stepSize: stepSize,
            inverseRootC2: inverseRootC2)
        }
      }
      moments[slot] = state
    }
  }

  /// The elementwise Adam update on one parameter tensor (separate buffers, no aliasing).
  private static func kernel(
    p: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
    v: UnsafeMutablePointer<Float>, count: Int, beta1: Float, beta2: Float, epsilon: Float,
    weightDecay: Float, stepSize: Float, inverseRootC2: Float
  ) {
    let (a1, a2) = (1 - beta1, 1 - beta2)
    for i in 0..<count {
      let gi = g[i] + weightDecay * p[i]
      let mi = beta1 * m[i] + a1 * gi
      let vi = beta2 * v[i] + a2 * gi * gi
      m[i] = mi
      v[i] = vi
      p[i] -= stepSize * mi / (vi.squareRoot() * inverseRootC2 + epsilon)
    }
  }
}
