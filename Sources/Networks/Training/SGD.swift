/// Stochastic gradient descent with optional momentum and weight decay (PyTorch `torch.optim.SGD`,
/// dampening 0, not Nesterov).
///
/// ```
/// g ← g + λ·p            (weight decay λ)
/// v ← μ·v + g            (v starts at 0, so the first step has v = g)
/// p ← p − lr·v
/// ```
/// With `μ = 0` this is plain `p ← p − lr·g`.
public struct SGD: Optimizer {
  /// The step size `lr`.
  public var learningRate: Float
  /// The momentum `μ` (0 disables it).
  public var momentum: Float
  /// The L2 weight-decay coefficient `λ` added to the gradient.
  public var weightDecay: Float
  /// The velocity `v` per parameter slot.
  private var velocity: [Int: [Float]] = [:]

  /// Creates the optimizer.
  /// - Parameters:
  ///   - learningRate: `lr`, positive.
  ///   - momentum: `μ ∈ [0, 1)`, default 0.
  ///   - weightDecay: `λ ≥ 0`, default 0.
  public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
    precondition(
      learningRate > 0 && momentum >= 0 && weightDecay >= 0,
      "SGD: lr > 0, momentum ≥ 0, weight decay ≥ 0")
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }

  /// Applies one step `v ← μv + g + λp`, `p ← p − lr·v`.
  /// - Complexity: `O(parameterCount)`.
  public mutating func update(_ network: inout Network, along gradients: ParameterGradients) {
    let (lr, mu, decay) = (learningRate, momentum, weightDecay)
    network.updateParameters(along: gradients) { slot, p, g in
      if mu == 0 {
        for i in 0..<p.count { p[i] -= lr * (g[i] + decay * p[i]) }
        return
      }
      var v = velocity.removeValue(forKey: slot) ?? [Float](repeating: 0, count: p.count)
      v.withUnsafeMutableBufferPointer { v in
        for i in 0..<p.count {
          v[i] = mu * v[i] + (g[i] + decay * p[i])
          p[i] -= lr * v[i]
        }
      }
      velocity[slot] = v
    }
  }
}
