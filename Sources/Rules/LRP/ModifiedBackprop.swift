import Networks

/// A modified backward pass built from per-layer rules: the fast kernel behind gradient,
/// input × gradient, Guided BP, Deconv, every LRP rule, DTD, Excitation BP and the composites.
///
/// ```
/// R_{l} = rule_l(a_l, z_l, R_{l+1})     for l = start.layer, …, 0
/// ```
/// Dense/conv layers use `composite`'s `LinearRule`; ReLU uses `relu`; max-pool routes each window
/// to its arg-max from the trace (winner takes all); average pool uses `averagePool`; flatten is a
/// reshape. The forward trace is reused, never recomputed: rules that need the layer's own `z`
/// (ε, LRP-0, γ's sign) read it from the trace; z⁺, αβ, γ, zᴮ, w² and flat run their modified
/// forward products (the `x⁻` products are skipped where the layer input is non-negative).
///
/// Batched over `N`; dense and conv products run through the layers' own kernels (`Dense` GEMMs,
/// `Conv2D` Winograd or im2col + GEMM), both cores. Derived weights (`W⁺`, `W⁻`, `W²`, stacked
/// sign-split grids) are cached per weight buffer; the terms of a sign-split rule are stacked into
/// one forward and one transposed product (`LRPKernel.SplitProduct`).
/// - Complexity: gradient, ε, LRP-0: one transposed product per dense/conv layer; z⁺: one forward
///   and one transposed product (each of twice the input channels at a layer with negative
///   inputs); αβ and γ: z⁺'s forward product (their other sums follow from the trace's `z`,
///   `LRPKernel.negativeSums`, on layers with ≥ 64 inputs per unit) and one transposed product of
///   twice the output channels. Per sample, with `F` the cost of a forward pass: gradient-type
///   methods, ε, w², flat ≈ 2F (trace + transposes); z⁺ ≈ 3F; αβ, γ ≈ 4F (trace included).
public struct ModifiedBackprop: RelevancePropagator {
  /// The method's command-line name (`lrp-epsilon`, `guided-backprop`, …).
  public var name: String
  /// `.logitValue` for the LRP family, `.unit` for the gradient family.
  public var seed: LogitSeed
  /// The rule of every dense and conv layer.
  public var composite: Composite
  /// The rule at ReLUs.
  public var relu: ReLURule
  /// The rule at average pools.
  public var averagePool: AveragePoolRule
  /// Stabiliser and bias conventions of the LRP rules.
  public var convention: Convention
  /// Multiply the result at every layer below the start by that layer's activation
  /// (input × gradient: `R_l = a_l ⊙ g_l`).
  public var multipliesByInput: Bool
  /// Whether the biases enter the LRP rules' denominators (default `true`). `false` is Zennit's
  /// `zero_params=['bias']`: the bias is zero inside the rule only (the trace keeps it).
  public var rulesUseBias: Bool = true
  /// Derived (sign-split, stacked) layers, shared by copies of this value.
  let cache = DerivedWeightCache()

  /// Creates a modified backward pass.
  /// - Parameters:
  ///   - name: the method name used in messages.
  ///   - seed: how class explanations seed the logits.
  ///   - composite: the rule per dense/conv layer.
  ///   - relu: the rule at ReLUs (`.pass` for LRP).
  ///   - averagePool: the rule at average pools.
  ///   - convention: `.paper` (default) or `.zennit`.
  ///   - multipliesByInput: input × gradient.
  public init(
    name: String, seed: LogitSeed, composite: Composite, relu: ReLURule,
    averagePool: AveragePoolRule, convention: Convention = .paper, multipliesByInput: Bool = false
  ) {
    self.name = name
    self.seed = seed
    self.composite = composite
    self.relu = relu
    self.averagePool = averagePool
    self.convention = convention
    self.multipliesByInput = multipliesByInput
  }

  /// Propagates `start` down to the input; see the type's documentation for the per-layer rules.
  /// - Throws: `AttributionError.startShape` for a start that does not fit, `.invalidParameter`
  ///   for a start layer out of range, a rule out of its domain or zᴮ bounds the layer input violates, `.unsupportedLayer`
  ///   for per-channel zᴮ bounds on a dense layer.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    precondition(
      trace.activations.count == network.layers.count + 1, "\(name): the trace does not belong to this network")
    guard network.layers.indices.contains(start.layer) else {
      throw AttributionError.invalidParameter(
        method: name, parameter: "start layer", expected: "a layer index in 0..<\(network.layers.count), got \(start.layer)")
    }
    let top = trace.activations[start.layer + 1]
    guard start.relevance.count == top.count,
      start.relevance.shape.first == top.shape.first
    else {
      throw AttributionError.startShape(layer: start.layer, expected: top.shape, got: start.relevance.shape)
    }
    try composite.validate(method: name, network: network)
    var relevances = [Tensor](repeating: Tensor(shape: [0]), count: start.layer + 2)
    relevances[start.layer + 1] = start.relevance.reshaped(to: top.shape)
    var stabilised = 0
    for l in stride(from: start.layer, through: 0, by: -1) {
      relevances[l] = try step(
        layer: l, network: network, trace: trace, upstream: relevances[l + 1], stabilised: &stabilised)
    }
    if multipliesByInput {
      for l in 0...start.layer {
        relevances[l] = Tensor(
          shape: relevances[l].shape, scalars: LRPKernel.multiply(trace.activations[l].scalars, relevances[l].scalars))
      }
    }
    return Attribution(relevances: relevances, stabilisedCount: stabilised)
  }

  /// One layer of the backward pass.
  private func step(
    layer l: Int, network: Network, trace: ForwardTrace, upstream: Tensor, stabilised: inout Int
  ) throws -> Tensor {
    let input = trace.activations[l]
    let output = trace.activations[l + 1]
    switch network.layers[l] {
    case .dense(let d):
      let n = input.shape[0]
      let layer = LRPKernel.LinearLayer(kind: .dense(d), inputShape: [n, d.inputCount], outputShape: [n, d.outputCount])
      let r = try linearStep(
        composite.rule(at: l, in: network) ?? .gradient, layer: layer, input: input, output: output,
        upstream: upstream.scalars, stabilised: &stabilised)
      return Tensor(shape: input.shape, scalars: r)
    case .conv2d(let c):
      let layer = LRPKernel.LinearLayer(kind: .conv(c), inputShape: input.shape, outputShape: output.shape)
      let r = try linearStep(
        composite.rule(at: l, in: network) ?? .gradient, layer: layer, input: input, output: output,
        upstream: upstream.scalars, stabilised: &stabilised)
      return Tensor(shape: input.shape, scalars: r)
    case .maxPool2d(let p):
      let routing = trace.maxPoolIndices[l] ?? p.maxPoolForward(input).argmax
      return p.maxPoolBackward(outputGradient: upstream, argmax: routing, inputShape: input.shape)
    case .avgPool2d(let p):
      switch averagePool {
      case .gradient:
        return p.avgPoolBackward(outputGradient: upstream, inputShape: input.shape)
      case .lrp:
        let s = Self.divide(upstream.scalars, by: output.scalars, convention.stabiliser, count: &stabilised)
        let spread = p.avgPoolBackward(outputGradient: Tensor(shape: output.shape, scalars: s), inputShape: input.shape)
        return Tensor(shape: input.shape, scalars: LRPKernel.multiply(input.scalars, spread.scalars))
      }
    case .relu:
      if relu == .pass { return upstream }
      return Tensor(shape: input.shape, scalars: Self.relu(relu, upstream: upstream.scalars, input: input.scalars))
    case .flatten:
      return upstream.reshaped(to: input.shape)
    }
  }

  /// The ReLU rule applied elementwise (eight lanes at a time, both cores for large layers):
  /// `.gradient` keeps `g` where `x > 0`, `.guided` where `x > 0` and `g > 0`, `.deconv` where
  /// `g > 0`; `.pass` returns `g` unchanged.
  static func relu(_ rule: ReLURule, upstream: [Float], input: [Float]) -> [Float] {
    precondition(upstream.count == input.count, "relu: \(upstream.count) signals for \(input.count) inputs")
    if rule == .pass || upstream.isEmpty { return upstream }
    var out = LRPKernel.uninitialized(upstream.count)
    upstream.withUnsafeBufferPointer { g in
      input.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { o in
          let (gp, xp, op) = (
            LRPKernel.ReadPointer(base: g.baseAddress!), LRPKernel.ReadPointer(base: x.baseAddress!),
            LRPKernel.WritePointer(base: o.baseAddress!)
          )
          LRPKernel.elementwise(count: o.count) { range in
            let (rg, rx, ro) = (UnsafeRawPointer(gp.base), UnsafeRawPointer(xp.base), UnsafeMutableRawPointer(op.base))
            var i = range.lowerBound
            while i &+ 8 <= range.upperBound {
              let gv = rg.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
              let xv = rx.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
              let keep: SIMDMask<SIMD8<Int32>>
              switch rule {
              case .pass: keep = SIMDMask(repeating: true)
              case .gradient: keep = xv .> 0
              case .guided: keep = (xv .> 0) .& (gv .> 0)
              case .deconv: keep = gv .> 0
              }
              ro.storeBytes(of: gv.replacing(with: 0, where: .!keep), toByteOffset: i &* 4, as: SIMD8<Float>.self)
              i &+= 8
            }
            while i < range.upperBound {
              let (gi, xi) = (gp.base[i], xp.base[i])
              let kept: Bool
              switch rule {
              case .pass: kept = true
              case .gradient: kept = xi > 0
              case .guided: kept = xi > 0 && gi > 0
              case .deconv: kept = gi > 0
              }
              op.base[i] = kept ? gi : 0
              i &+= 1
            }
          }
        }
      }
    }
    return out
  }

  /// `scale · R_k / s(z_k)` elementwise, counting the stabilised denominators that carry relevance.
  static func divide(
    _ r: [Float], by z: [Float], _ stabiliser: Stabiliser, scale: Float = 1,
    count: inout Int
  ) -> [Float] {
    precondition(r.count == z.count, "divide: \(r.count) relevances for \(z.count) denominators")
    guard !r.isEmpty else { return [] }
    var out = LRPKernel.uninitialized(r.count)
    let blocks = (r.count + 1023) / 1024
    var counts = [Float](repeating: 0, count: blocks)
    r.withUnsafeBufferPointer { r in
      z.withUnsafeBufferPointer { z in
        out.withUnsafeMutableBufferPointer { out in
          counts.withUnsafeMutableBufferPointer { counts in
            let (rp, zp) = (LRPKernel.ReadPointer(base: r.baseAddress!), LRPKernel.ReadPointer(base: z.baseAddress!))
            let (op, cp) = (LRPKernel.WritePointer(base: out.baseAddress!), LRPKernel.WritePointer(base: counts.baseAddress!))
            let total = r.count
            // Each block of 1024 writes its own outputs and its own count (exact in Float below 2²⁴).
            LRPKernel.parallel(count: blocks, costPerItem: 1024 &* 8) { range in
              for block in range {
                let first = block &* 1024
                let stabilised = LRPKernel.quotients(
                  rp.base + first, sums: zp.base + first, bias: 0, scale: scale, stabiliser: stabiliser, mask: .all,
                  z: zp.base + first, into: op.base + first, count: min(total, first &+ 1024) &- first)
                cp.base[block] = Float(stabilised)
              }
            }
          }
        }
      }
    }
    count += counts.reduce(0) { $0 + Int($1) }
    return out
  }
}
