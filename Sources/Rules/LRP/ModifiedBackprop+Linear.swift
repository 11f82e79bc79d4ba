import Networks

extension ModifiedBackprop {
  /// One dense/conv layer under `rule` (formulas in `LinearRule`), flat `[N, inputSize]` result.
  func linearStep(
    _ rule: LinearRule, map: LRPKernel.LinearMap, weight: [Float], bias: [Float]?,
    input: Tensor, output: Tensor, upstream r: [Float], stabilised: inout Int
  ) throws -> [Float] {
    let n = input.shape[0]
    let a = input.scalars
    let stab = convention.stabiliser
    // The rule's own z: the trace's, or recomputed without the bias the trace contains.
    let readsZ: Bool
    switch rule {
    case .zero, .epsilon, .gamma: readsZ = true
    default: readsZ = false
    }
    let z = readsZ && !rulesUseBias && bias != nil ? map.forward([(weight, a)], batch: n) : output.scalars
    let bias = rulesUseBias ? bias : nil
    if case .dense = map.geometry, n <= LRPKernel.SmallBatchDense.maximumBatch,
      let result = smallBatchDense(rule, map: map, weight: weight, bias: bias, a: a, z: z, batch: n, upstream: r, stabilised: &stabilised)
    {
      return result
    }
    switch rule {
    case .gradient:
      return map.backward([(weight, r)], batch: n)
    case .zero, .epsilon:
      let s: Stabiliser
      if case .epsilon(let e) = rule { s = .signed(e) } else { s = stab }
      let q = Self.divide(r, by: z, s, count: &stabilised)
      return LRPKernel.multiply(a, map.backward([(weight, q)], batch: n))
    case .alphaBeta(let alpha, let beta):
      return alphaBeta(
        alpha: alpha, beta: beta, map: map, weight: weight, bias: bias, a: a, batch: n, upstream: r,
        stabilised: &stabilised)
    case .gamma(let gamma):
      return self.gamma(
        gamma, map: map, weight: weight, bias: bias, a: a, z: z, batch: n, upstream: r,
        stabilised: &stabilised)
    case .zBox(let bounds):
      let (low, high) = try boxTensors(bounds, map: map, input: input)
      let wp = cache.weights(weight, .positive)
      let wn = cache.weights(weight, .negative)
      let z = map.forward(
        [(weight, a), (wp, low.map { -$0 }), (wn, high.map { -$0 })], batch: n)
      let q = Self.divide(r, by: z, stab, count: &stabilised)
      var result = LRPKernel.multiply(a, map.backward([(weight, q)], batch: n))
      LRPKernel.addProduct(&result, low.map { -$0 }, map.backward([(wp, q)], batch: n))
      LRPKernel.addProduct(&result, high.map { -$0 }, map.backward([(wn, q)], batch: n))
      return result
    case .wSquare, .flat:
      let w = cache.weights(weight, rule == .flat ? .ones : .square)
      // Input-independent: the denominators of one all-ones sample serve every sample.
      let one = map.forward([(w, [Float](repeating: 1, count: map.inputSize))], batch: 1)
      var z = LRPKernel.uninitialized(n &* map.outputSize)
      for s in 0..<n { z.replaceSubrange((s * map.outputSize)..<((s + 1) * map.outputSize), with: one) }
      let q = Self.divide(r, by: z, stab, count: &stabilised)
      return map.backward([(w, q)], batch: n)
    }
  }

  /// Gradient, LRP-0, ε and αβ (on a non-negative input) on a dense layer with `N ≤ 4`, through
  /// `LRPKernel.SmallBatchDense` (active rows only, signs split on the fly); `nil` for other cases.
  private func smallBatchDense(
    _ rule: LinearRule, map: LRPKernel.LinearMap, weight: [Float], bias: [Float]?, a: [Float], z: [Float],
    batch n: Int, upstream r: [Float], stabilised: inout Int
  ) -> [Float]? {
    typealias Kernel = LRPKernel.SmallBatchDense
    let (rows, cols) = (map.rows, map.patch)
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
      addBias(&zp, bias, map: map) { paper ? $0 : max($0, 0) }
      let sp = Self.divide(r, by: zp, convention.stabiliser, scale: alpha, count: &stabilised)
      var sn = [Float](repeating: 0, count: sp.count)
      if beta != 0 {
        addBias(&zn, bias, map: map) { paper ? $0 : min($0, 0) }
        sn = Self.divide(r, by: zn, convention.stabiliser, scale: -beta, count: &stabilised)
      }
      return LRPKernel.multiply(
        a, Kernel.transposedProducts(weight: weight, rows: rows, cols: cols, active: active, positive: sp, negative: sn, batch: n))
    default:
      return nil
    }
  }

  /// `bias` mapped by `transform` and added to `z` (`[N, O, P]`), if the layer has a bias.
  private func addBias(_ z: inout [Float], _ bias: [Float]?, map: LRPKernel.LinearMap, _ transform: (Float) -> Float) {
    guard let bias else { return }
    LRPKernel.addBias(&z, bias.map(transform), planeSize: map.plane)
  }

  /// LRP-αβ (z⁺ for β = 0) with the convention's biases and stabiliser.
  private func alphaBeta(
    alpha: Float, beta: Float, map: LRPKernel.LinearMap, weight: [Float], bias: [Float]?,
    a: [Float], batch n: Int, upstream r: [Float], stabilised: inout Int
  ) -> [Float] {
    let wp = cache.weights(weight, .positive)
    let wn = cache.weights(weight, .negative)
    let stab = convention.stabiliser
    let paper = convention == .paper
    let mixed = !LRPKernel.isNonNegative(a)
    let ap = mixed ? LRPKernel.positivePart(a) : a
    let an = mixed ? LRPKernel.negativePart(a) : []
    let positive: [(weights: [Float], input: [Float])] = mixed ? [(wp, ap), (wn, an)] : [(wp, a)]
    let negative: [(weights: [Float], input: [Float])] = mixed ? [(wn, ap), (wp, an)] : [(wn, a)]
    let sums = map.forward(beta != 0 ? [positive, negative] : [positive], batch: n)
    var zp = sums[0]
    addBias(&zp, bias, map: map) { paper ? $0 : max($0, 0) }
    let sp = Self.divide(r, by: zp, stab, scale: alpha, count: &stabilised)
    var sn: [Float] = []
    if beta != 0 {
      var zn = sums[1]
      addBias(&zn, bias, map: map) { paper ? $0 : min($0, 0) }
      sn = Self.divide(r, by: zn, stab, scale: -beta, count: &stabilised)
    }
    let positiveTerms = beta != 0 ? [(wp, sp), (wn, sn)] : [(wp, sp)]
    var result = LRPKernel.multiply(ap, map.backward(positiveTerms, batch: n))
    if mixed {
      let negativeTerms = beta != 0 ? [(wn, sp), (wp, sn)] : [(wn, sp)]
      LRPKernel.addProduct(&result, an, map.backward(negativeTerms, batch: n))
    }
    return result
  }

  /// LRP-γ in the sign-split form (see `LinearRule.gamma`).
  private func gamma(
    _ gamma: Float, map: LRPKernel.LinearMap, weight: [Float], bias: [Float]?, a: [Float], z: [Float],
    batch n: Int, upstream r: [Float], stabilised: inout Int
  ) -> [Float] {
    let up = cache.weights(weight, .plusGammaPositive(gamma.bitPattern))
    let down = cache.weights(weight, .plusGammaNegative(gamma.bitPattern))
    let stab = convention.stabiliser
    let mixed = !LRPKernel.isNonNegative(a)
    let ap = mixed ? LRPKernel.positivePart(a) : a
    let an = mixed ? LRPKernel.negativePart(a) : []
    var rPositive = r
    var rNegative = r
    for i in r.indices {
      if !(z[i] > 0) { rPositive[i] = 0 }
      if !(z[i] < 0) { rNegative[i] = 0 }
    }
    let positive: [(weights: [Float], input: [Float])] = mixed ? [(up, ap), (down, an)] : [(up, a)]
    let negative: [(weights: [Float], input: [Float])] = mixed ? [(down, ap), (up, an)] : [(down, a)]
    let sums = map.forward([positive, negative], batch: n)
    var zPositive = sums[0]
    addBias(&zPositive, bias, map: map) { $0 + gamma * max($0, 0) }
    var zNegative = sums[1]
    addBias(&zNegative, bias, map: map) { $0 + gamma * min($0, 0) }
    let sPositive = Self.divide(rPositive, by: zPositive, stab, count: &stabilised)
    let sNegative = Self.divide(rNegative, by: zNegative, stab, count: &stabilised)
    var result = LRPKernel.multiply(ap, map.backward([(up, sPositive), (down, sNegative)], batch: n))
    if mixed {
      LRPKernel.addProduct(&result, an, map.backward([(down, sPositive), (up, sNegative)], batch: n))
    }
    return result
  }

  /// The zᴮ bounds as full `[N, inputSize]` tensors, checked against the layer input.
  /// - Throws: `AttributionError.invalidParameter` when the input leaves the box,
  ///   `.unsupportedLayer` for per-channel bounds on a dense layer or a channel-count mismatch.
  private func boxTensors(_ bounds: BoxBounds, map: LRPKernel.LinearMap, input: Tensor) throws -> ([Float], [Float]) {
    let n = input.shape[0]
    let size = map.inputSize
    var low = [Float](repeating: 0, count: n &* size)
    var high = low
    switch bounds {
    case .scalar(let l, let h):
      for i in low.indices {
        low[i] = l
        high[i] = h
      }
    case .perChannel(let l, let h):
      guard case .conv(let g) = map.geometry, g.channels == l.count, l.count == h.count else {
        throw AttributionError.unsupportedLayer(
          method: name, layer: map.name,
          reason: "per-channel zB bounds need a conv layer with \(l.count) input channels")
      }
      for i in low.indices {
        let c = (i % size) / g.planeSize
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
          "bounds containing the input of layer '\(map.name)': sample \(i / size) has \(input.scalars[i]) outside [\(low[i]), \(high[i])]"
      )
    }
    return (low, high)
  }
}
