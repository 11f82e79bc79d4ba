import Networks

/// How DeepLIFT sends multipliers through a max-pool layer.
public enum DeepLIFTMaxPoolRule: String, Sendable, Equatable, CaseIterable {
  /// Like the gradient: each window's multiplier goes to the arg-max of `x` (ties to the first
  /// maximum). This is what Captum 0.9.0 computes in a ReLU → MaxPool chain (its ReLU hook keeps
  /// the gradient captured before the max-pool hook rewrote it, issue #1104) and what the
  /// Tests/Fixtures references record. Summation to delta can fail below the pool where `x` and
  /// the reference take a window's maximum at different places.
  case gradient
  /// DeepLIFT's difference rule (Captum after PR #1843): with `y`, `y⁰` the pooled values of `x`
  /// and the reference and `ŷ = max(y, y⁰)`, output `o` gives the contribution `m_o (ŷ − y⁰)` to the
  /// arg-max of `x` and `m_o (y − ŷ)` to the arg-max of the reference; the input multiplier is the
  /// summed contribution divided by `Δa` (the gradient where `|Δa| < 1e-10`). Contributions then
  /// sum to `m_o (y − y⁰)` per window, so summation to delta holds at every boundary.
  case delta
}

extension DeepLIFT {
  /// The input multiplier of a max-pool layer under `DeepLIFTMaxPoolRule.delta`.
  /// - Parameters:
  ///   - m: the multiplier at the pool output `[N, C, OH, OW]`.
  ///   - routing: the arg-max of `x` (flat indices into the input batch).
  ///   - output: the pool output for `x`; `refInput`, `refOutput` those of the reference (batch 1 or N).
  ///   - inputDelta: `Δa` at the pool input.
  static func maxPoolDelta(
    _ pool: Pool2D, multiplier m: Tensor, routing: [Int32], output: Tensor,
    refInput: Tensor, refOutput: Tensor, inputDelta: Tensor
  ) -> Tensor {
    let refRouting = pool.maxPoolForward(refInput).argmax
    let samples = output.shape[0]
    let perOutput = output.count / samples
    let perInput = inputDelta.count / samples
    let shared = refInput.shape[0] == 1
    var contribution = [Float](repeating: 0, count: inputDelta.count)
    let gradient = pool.maxPoolBackward(outputGradient: m, argmax: routing, inputShape: inputDelta.shape)
    for o in 0..<output.count {
      let local = shared ? o % perOutput : o
      let jr = Int(refRouting[local]) + (shared ? (o / perOutput) * perInput : 0)
      let jx = Int(routing[o])
      let y = output.scalars[o]
      let yr = refOutput.scalars[local]
      let top = max(y, yr)
      contribution[jx] += m.scalars[o] * (top - yr)
      contribution[jr] += m.scalars[o] * (y - top)
    }
    var result = gradient.scalars
    for i in 0..<result.count {
      let d = inputDelta.scalars[i]
      if abs(d) >= rescaleEpsilon { result[i] = contribution[i] / d }
    }
    return Tensor(shape: inputDelta.shape, scalars: result)
  }
}
