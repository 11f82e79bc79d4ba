import Networks

extension ModifiedBackprop {
  /// One dense/conv layer under `rule` (formulas in `LinearRule`), flat `[N, inputSize]` result.
  ///
  /// Every product runs through the layer's own kernels (`Conv2D.forward` / `inputGradient`,
  /// Winograd or im2col + GEMM; `Dense` GEMMs) on derived weights cached per network; sign-split
  /// rules stack their terms into one forward and one transposed product (`LRPKernel.SplitProduct`),
  /// and skip the `x⁻` terms where the layer input is non-negative.
  func linearStep(
    _ rule: LinearRule, layer: LRPKernel.LinearLayer, input: Tensor, output: Tensor, upstream r: [Float],
    stabilised: inout Int
  ) throws -> [Float] {
    let n = layer.batch
    let a = input.scalars
    let stab = convention.stabiliser
    // The rule's own z: the trace's, or recomputed without the bias the trace contains.
    let readsZ: Bool
    switch rule {
    case .zero, .epsilon, .gamma: readsZ = true
    default: readsZ = false
    }
    let recomputesZ = readsZ && !rulesUseBias && layer.bias != nil
    let z = recomputesZ ? cache.layer(layer, [[.identity]]).forward(a, layer: layer, batch: n) : output.scalars
    // The layer bias inside `z` (the trace's output contains it, the recomputed z does not).
    let zBias = recomputesZ ? nil : layer.bias
    let bias = rulesUseBias ? layer.bias : nil
    if case .dense = layer.kind, n <= LRPKernel.SmallBatchDense.maximumBatch,
      let result = smallBatchDense(rule, layer: layer, bias: bias, a: a, z: z, upstream: r, stabilised: &stabilised)
    {
      return result
    }
    switch rule {
    case .gradient:
      return layer.transpose(r)
    case .zero, .epsilon:
      let s: Stabiliser
      if case .epsilon(let e) = rule { s = .signed(e) } else { s = stab }
      let q = Self.divide(r, by: z, s, count: &stabilised)
      return LRPKernel.multiply(a, layer.transpose(q))
    case .alphaBeta(let alpha, let beta):
      let paper = convention == .paper
      // z⁻ = (z − b) − z⁺ (`LRPKernel.negativeSums`): only the activator row is multiplied forward.
      var product = signSplit(
        positive: .positive, negative: .negative, a: a, beta: beta,
        biases: [bias.map { $0.map { paper ? $0 : max($0, 0) } }, bias.map { $0.map { paper ? $0 : min($0, 0) } }],
        scales: [alpha, -beta], masks: [.all, .all])
      if beta != 0, LRPKernel.derivesNegativeSums(layer) {
        product.denominators = [.product, .split(positive: 0, negative: 1)]
        (product.layerInput, product.traceBias) = (a, zBias)
      }
      return product.run(layer: layer, cache: cache, upstream: r, z: z, stabiliser: stab, stabilised: &stabilised)
    case .gamma(let gamma):
      // With z^± = Σ max/min(w·x, 0): z_γ⁺ = (1+γ)·z⁺ + z⁻, z_γ⁻ = z⁺ + (1+γ)·z⁻ (plus biases),
      // so one forward product of z⁺'s grid serves both blocks.
      var product = signSplit(
        positive: .plusGammaPositive(gamma.bitPattern), negative: .plusGammaNegative(gamma.bitPattern), a: a, beta: 1,
        biases: [bias.map { $0.map { $0 + gamma * max($0, 0) } }, bias.map { $0.map { $0 + gamma * min($0, 0) } }],
        scales: [1, 1], masks: [.positiveZ, .negativeZ])
      guard LRPKernel.derivesNegativeSums(layer) else {
        return product.run(layer: layer, cache: cache, upstream: r, z: z, stabiliser: stab, stabilised: &stabilised)
      }
      product.forwardBlocks = product.inputs.count == 1 ? [[.positive]] : [[.positive, .negative]]
      product.denominators = [.split(positive: 1 + gamma, negative: 1), .split(positive: 1, negative: 1 + gamma)]
      (product.layerInput, product.traceBias) = (a, zBias)
      return product.run(layer: layer, cache: cache, upstream: r, z: z, stabiliser: stab, stabilised: &stabilised)
    case .zBox(let bounds):
      let (low, high) = try boxTensors(bounds, layer: layer, input: input)
      let terms = [a, low.map { -$0 }, high.map { -$0 }]
      return LRPKernel.SplitProduct(
        blocks: [[.identity, .positive, .negative]], inputs: terms, biases: [nil], scales: [1], masks: [.all],
        multipliers: terms
      ).run(layer: layer, cache: cache, upstream: r, z: z, stabiliser: stab, stabilised: &stabilised)
    case .wSquare, .flat:
      // Input-independent: the denominators of one all-ones sample serve every sample.
      return LRPKernel.SplitProduct(
        blocks: [[rule == .flat ? .ones : .square]], inputs: [[Float](repeating: 1, count: layer.inputSize)],
        biases: [nil], scales: [1], masks: [.all], multipliers: nil
      ).run(layer: layer, cache: cache, upstream: r, z: z, stabiliser: stab, sharedSums: true, stabilised: &stabilised)
    }
  }

  /// The activator/inhibitor grid of αβ and γ: on a non-negative input `[[P], [N]]` on `[a]`,
  /// otherwise `[[P, N], [N, P]]` on `[a⁺; a⁻]`; the second row is dropped when `beta == 0`.
  private func signSplit(
    positive p: DerivedWeightCache.Transform, negative q: DerivedWeightCache.Transform, a: [Float], beta: Float,
    biases: [[Float]?], scales: [Float], masks: [LRPKernel.SplitProduct.Mask]
  ) -> LRPKernel.SplitProduct {
    let rows = beta != 0 ? 2 : 1
    let mixed = !LRPKernel.isNonNegative(a)
    let inputs = mixed ? [LRPKernel.positivePart(a), LRPKernel.negativePart(a)] : [a]
    let grid: [[DerivedWeightCache.Transform]] = mixed ? [[p, q], [q, p]] : [[p], [q]]
    return LRPKernel.SplitProduct(
      blocks: Array(grid.prefix(rows)), inputs: inputs, biases: Array(biases.prefix(rows)),
      scales: Array(scales.prefix(rows)), masks: Array(masks.prefix(rows)), multipliers: inputs)
  }

  /// Gradient, LRP-0, ε, αβ and γ (on a non-negative input) on a dense layer with `N ≤ 4`, through
  /// `LRPKernel.SmallBatchDense` (active rows only, signs split on the fly); `nil` for other cases.
  private func smallBatchDense(
    _ rule: LinearRule, layer: LRPKernel.LinearLayer, bias: [Float]?, a: [Float], z: [Float],
    upstream r: [Float], stabilised: inout Int
  ) -> [Float]? {
    typealias Kernel = LRPKernel.SmallBatchDense
    let (n, rows, cols) = (layer.batch, layer.outputChannels, layer.inputChannels)
    let weight = layer.weight.scalars
    let active = Kernel.activeRows(r, batch: n, rows: rows)
    switch rule {
    case .gradient:
      return Kernel.transposedProducts(weight: weight, rows: rows, cols: cols, active: active, positive: r, negative: r, batch: n)
    case .zero, .epsilon:
      let s: Stabiliser
      if case .epsilon(let e) = rule { s = .signed(e) } else { s = convention.stabiliser }
      let q = Self.divide(r, by: z, s, count: &stabilised)
      return LRPKernel.multiply(
        a, Kernel.transposedProducts(weight: weight, rows: rows, cols: cols, active: active, positive: q, negative: q, batch: n))
    case .alphaBeta(let alpha, let beta) where LRPKernel.isNonNegative(a):
      let paper = convention == .paper
      var (zp, zn) = Kernel.signedProducts(weight: weight, rows: rows, cols: cols, active: active, x: a, batch: n, negative: beta != 0)
      if let bias { LRPKernel.addBias(&zp, bias.map { paper ? $0 : max($0, 0) }, planeSize: 1) }
      let sp = Self.divide(r, by: zp, convention.stabiliser, scale: alpha, count: &stabilised)
      var sn = [Float](repeating: 0, count: sp.count)
      if beta != 0 {
        if let bias { LRPKernel.addBias(&zn, bias.map { paper ? $0 : min($0, 0) }, planeSize: 1) }
        sn = Self.divide(r, by: zn, convention.stabiliser, scale: -beta, count: &stabilised)
      }
      return LRPKernel.multiply(
        a, Kernel.transposedProducts(weight: weight, rows: rows, cols: cols, active: active, positive: sp, negative: sn, batch: n))
    case .gamma(let gamma) where LRPKernel.isNonNegative(a):
      // z_γ± = z⁺ + z⁻ + γ·z^± + b + γ·b^±; weights w + γw^± = (1+γ)w^± + w^∓.
      let (zp, zn) = Kernel.signedProducts(weight: weight, rows: rows, cols: cols, active: active, x: a, batch: n, negative: true)
      var (up, down) = ([Float](repeating: 0, count: r.count), [Float](repeating: 0, count: r.count))
      var (rp, rn) = (up, down)
      for i in r.indices {
        let c = i % rows
        let b = bias?[c] ?? 0
        up[i] = zp[i] + zn[i] + gamma * zp[i] + (b + gamma * max(b, 0))
        down[i] = zp[i] + zn[i] + gamma * zn[i] + (b + gamma * min(b, 0))
        if z[i] > 0 { rp[i] = r[i] } else if z[i] < 0 { rn[i] = r[i] }
      }
      let s1 = Self.divide(rp, by: up, convention.stabiliser, count: &stabilised)
      let s2 = Self.divide(rn, by: down, convention.stabiliser, count: &stabilised)
      var (coefficientP, coefficientN) = (s1, s2)
      for i in s1.indices {
        coefficientP[i] = (1 + gamma) * s1[i] + s2[i]
        coefficientN[i] = s1[i] + (1 + gamma) * s2[i]
      }
      return LRPKernel.multiply(
        a,
        Kernel.transposedProducts(
          weight: weight, rows: rows, cols: cols, active: active, positive: coefficientP, negative: coefficientN, batch: n))
    default:
      return nil
    }
  }

  /// The zᴮ bounds as full `[N, inputSize]` arrays, checked against the layer input.
  /// - Throws: `AttributionError.invalidParameter` when the input leaves the box,
  ///   `.unsupportedLayer` for per-channel bounds on a dense layer or a channel-count mismatch.
  private func boxTensors(_ bounds: BoxBounds, layer: LRPKernel.LinearLayer, input: Tensor) throws -> ([Float], [Float]) {
    let n = input.shape[0]
    let size = layer.inputSize
    var low = [Float](repeating: 0, count: n &* size)
    var high = low
    switch bounds {
    case .scalar(let l, let h):
      for i in low.indices {
        low[i] = l
        high[i] = h
      }
    case .perChannel(let l, let h):
      guard case .conv = layer.kind, layer.inputChannels == l.count, l.count == h.count else {
        throw AttributionError.unsupportedLayer(
          method: name, layer: layer.name,
          reason: "per-channel zB bounds need a conv layer with \(l.count) input channels")
      }
      let plane = layer.inputPlane
      for i in low.indices {
        let c = (i % size) / plane
        low[i] = l[c]
        high[i] = h[c]
      }
    case .inputRange:
      for s in 0..<n {
        let sample = input.scalars[(s * size)..<((s + 1) * size)]
        let (l, h) = (sample.min() ?? 0, sample.max() ?? 0)
        for i in (s * size)..<((s + 1) * size) {
          low[i] = l
          high[i] = h
        }
      }
    }
    for i in input.scalars.indices where !(low[i] <= input.scalars[i] && input.scalars[i] <= high[i]) {
      throw AttributionError.invalidParameter(
        method: name, parameter: "low, high",
        expected:
          "bounds containing the input of layer '\(layer.name)': sample \(i / size) has \(input.scalars[i]) outside [\(low[i]), \(high[i])]"
      )
    }
    return (low, high)
  }
}
