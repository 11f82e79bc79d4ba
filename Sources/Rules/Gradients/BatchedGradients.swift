import Networks

/// Gradient passes over many perturbed copies of a batch (integration steps, noise samples),
/// run in as few large passes as a memory budget allows.
///
/// Term `k` of sample `n` is row `(k − k₀)·N + n` of a pass over terms `k₀ ..< k₁`; its gradient
/// at every boundary `0 … start.layer` is added with weight `w_k` into one accumulator per boundary,
/// in term order (deterministic, independent of the chunking).
enum BatchedGradients {
  /// The most scalars (activations plus their gradients) one pass may hold: 2²⁶ floats = 256 MiB.
  static let scalarBudget = 1 << 26

  /// How many terms of an `n`-sample batch fit in one pass.
  static func termsPerPass(network: Network, batch n: Int) -> Int {
    max(1, scalarBudget / (2 &* MethodArrays.traceScalarsPerSample(network) &* max(n, 1)))
  }

  /// `Σ_k w_k · g_l(input_k)` at every boundary `l = 0 … start.layer` (shaped like a batch of `n`).
  /// - Parameters:
  ///   - network: the network.
  ///   - start: the vector injected at the output of `start.layer` for every term (`[N, …]`).
  ///   - weights: `w_k` for the `K = weights.count` terms.
  ///   - makeInputs: the perturbed inputs of terms `k₀ ..< k₁`, `[(k₁ − k₀)·N] + inputShape`.
  /// - Complexity: `K` forward and backward passes of the batch, in `⌈K / termsPerPass⌉` calls.
  static func weightedSum(
    network: Network, start: RelevanceStart, weights: [Float],
    makeInputs: (Range<Int>) -> Tensor
  ) -> [Tensor] {
    let n = start.relevance.shape[0]
    let perPass = termsPerPass(network: network, batch: n)
    var sums: [[Float]] = []
    var shapes: [[Int]] = []
    var k0 = 0
    while k0 < weights.count {
      let k1 = min(weights.count, k0 + perPass)
      let inputs = makeInputs(k0..<k1)
      let trace = network.trace(inputs)
      let upstream = MethodArrays.tiled(start.relevance, times: k1 - k0)
      let result = network.backward(
        trace: trace, upstream: upstream, at: start.layer, keepActivationGradients: true)
      if sums.isEmpty {
        shapes = result.activationGradients.dropLast().map { g in
          var s = g.shape
          s[0] = n
          return s
        }
        sums = shapes.map { [Float](repeating: 0, count: $0.reduce(1, *)) }
      }
      for l in 0..<sums.count {
        let g = result.activationGradients[l]
        let stride = sums[l].count
        g.scalars.withUnsafeBufferPointer { gp in
          sums[l].withUnsafeMutableBufferPointer { acc in
            for k in k0..<k1 {
              let w = weights[k]
              let row = gp.baseAddress! + (k - k0) &* stride
              for i in 0..<stride { acc[i] += w * row[i] }
            }
          }
        }
      }
      k0 = k1
    }
    return zip(shapes, sums).map { Tensor(shape: $0, scalars: $1) }
  }
}
