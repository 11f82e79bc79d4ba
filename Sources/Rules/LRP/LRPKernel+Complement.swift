import Networks

extension LRPKernel {
  /// The sums of a layer's negative contributions, `z⁻_k = Σ_j min(w_jk·x_j, 0)`, from the
  /// positive ones `z⁺_k = Σ_j max(w_jk·x_j, 0)` and the layer's own pre-activation:
  ///
  /// ```
  /// z⁻ = (z − c) − z⁺        (c: the bias inside z; since z⁺ + z⁻ = Σ_j w_jk·x_j)
  /// ```
  /// — one elementwise pass instead of a second forward product. Where the difference cancels
  /// (`T·|z⁻| < |z⁺| + |z − c| + |c|`, `T = conditionLimit`: the rounding of `z`, `z⁺` and the bias
  /// would dominate `z⁻`) the element is summed directly in Double instead, so `z⁻` keeps the
  /// accuracy of a direct product. On layers with many inputs per unit that is rare (positive and
  /// negative sums are of one size); it also covers exact zeros (`z⁺ = z⁻ = 0`, `c ≠ 0`).
  /// - Parameters:
  ///   - z: the layer's pre-activation `[N, O·P]` (from the trace), containing `traceBias`.
  ///   - positive: `z⁺`, `[N, O·P]`.
  ///   - input: the layer input `x`, `[N, inputSize]` (for the direct sums).
  /// - Returns: `z⁻`, `[N, O·P]` flat; deterministic (independent of the thread count).
  /// - Complexity: O(N·O·P) plus `C·kh·kw` (conv) or `K` (dense) per directly summed element.
  static func negativeSums(
    z: [Float], traceBias: [Float]?, positive: [Float], input: [Float], layer: LinearLayer
  ) -> [Float] {
    precondition(z.count == positive.count, "negativeSums: \(z.count) pre-activations for \(positive.count) sums")
    let (n, o, p) = (layer.batch, layer.outputChannels, layer.plane)
    var out = uninitialized(z.count)
    let bias = traceBias ?? [Float](repeating: 0, count: o)
    let weight = layer.weight.scalars
    let geometry = ConvGeometry(layer)
    z.withUnsafeBufferPointer { zb in
      positive.withUnsafeBufferPointer { pb in
        input.withUnsafeBufferPointer { xb in
          weight.withUnsafeBufferPointer { wb in
            bias.withUnsafeBufferPointer { cb in
              out.withUnsafeMutableBufferPointer { ob in
                let (zp, pp, xp, wp, cp) = (
                  ReadPointer(base: zb.baseAddress!), ReadPointer(base: pb.baseAddress!), ReadPointer(base: xb.baseAddress!),
                  ReadPointer(base: wb.baseAddress!), ReadPointer(base: cb.baseAddress!)
                )
                let op = WritePointer(base: ob.baseAddress!)
                // Row (sample s, channel c) writes its own P outputs.
                parallel(count: n &* o, costPerItem: p &* 4) { range in
                  for row in range {
                    let (s, c) = (row / o, row % o)
                    let first = row &* p
                    let layerBias = cp.base[c]
                    let (zr, pr) = (UnsafeRawPointer(zp.base + first), UnsafeRawPointer(pp.base + first))
                    let or = UnsafeMutableRawPointer(op.base + first)
                    let (cv, limit) = (SIMD8<Float>(repeating: layerBias), SIMD8<Float>(repeating: conditionLimit))
                    var q = 0
                    // Eight lanes at a time; a lane that fails the condition test is summed directly.
                    while q &+ 8 <= p {
                      let linear = zr.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self) - cv
                      let plus = pr.loadUnaligned(fromByteOffset: q &* 4, as: SIMD8<Float>.self)
                      let minus = linear - plus
                      or.storeBytes(of: minus, toByteOffset: q &* 4, as: SIMD8<Float>.self)
                      let bad = limit * magnitude(minus) .< magnitude(plus) + magnitude(linear) + magnitude(cv)
                      if any(bad) {
                        for lane in 0..<8 where bad[lane] {
                          op.base[first &+ q &+ lane] = geometry.negativeSum(
                            weight: wp.base, input: xp.base, sample: s, channel: c, position: q &+ lane)
                        }
                      }
                      q &+= 8
                    }
                    while q < p {
                      let linear = zp.base[first &+ q] - layerBias
                      let plus = pp.base[first &+ q]
                      let minus = linear - plus
                      if conditionLimit * abs(minus) < abs(plus) + abs(linear) + abs(layerBias) {
                        op.base[first &+ q] = geometry.negativeSum(
                          weight: wp.base, input: xp.base, sample: s, channel: c, position: q)
                      } else {
                        op.base[first &+ q] = minus
                      }
                      q &+= 1
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// `|v|` lane-wise.
  @inline(__always) static func magnitude(_ v: SIMD8<Float>) -> SIMD8<Float> { v.replacing(with: -v, where: v .< 0) }

  /// Above this ratio of the summed magnitudes to `|z⁻|`, `negativeSums` sums directly.
  static let conditionLimit: Float = 4

  /// The fewest inputs per unit (`C·kh·kw` or `K`) for which `negativeSums` pays: with few terms
  /// the difference often cancels (8 % of the units of a 3×3 conv on 3 channels), and such a
  /// layer's own product is cheap anyway.
  static let minimumSplitInputs = 64

  /// Whether the αβ/γ kernels take `z⁻` from the trace on this layer (`negativeSums`) rather
  /// than from a product of its own.
  static func derivesNegativeSums(_ layer: LinearLayer) -> Bool {
    layer.weight.count / max(1, layer.outputChannels) >= minimumSplitInputs
  }

  /// The receptive field of one output element of a dense or conv layer.
  struct ConvGeometry: Sendable {
    /// Input channels (dense: inputs), input height and width (dense: 1).
    let channels: Int, height: Int, width: Int
    /// Kernel and output extents, strides and padding (dense: 1, 1, 1, 1, 0).
    let kernelHeight: Int, kernelWidth: Int, outputWidth: Int
    let strideHeight: Int, strideWidth: Int, padHeight: Int, padWidth: Int

    init(_ layer: LinearLayer) {
      switch layer.kind {
      case .dense(let d):
        (channels, height, width) = (d.inputCount, 1, 1)
        (kernelHeight, kernelWidth, outputWidth) = (1, 1, 1)
        (strideHeight, strideWidth, padHeight, padWidth) = (1, 1, 0, 0)
      case .conv(let c):
        (channels, height, width) = (layer.inputShape[1], layer.inputShape[2], layer.inputShape[3])
        (kernelHeight, kernelWidth, outputWidth) = (c.weight.shape[2], c.weight.shape[3], layer.outputShape[3])
        (strideHeight, strideWidth, padHeight, padWidth) = (c.stride.height, c.stride.width, c.padding.height, c.padding.width)
      }
    }

    /// `Σ_j min(w_jk·x_j, 0)` for output `(sample, channel, position)`, accumulated in Double.
    func negativeSum(weight: UnsafePointer<Float>, input: UnsafePointer<Float>, sample: Int, channel: Int, position: Int) -> Float {
      let (oy, ox) = (position / outputWidth, position % outputWidth)
      let plane = height &* width
      let kernel = kernelHeight &* kernelWidth
      var sum = 0.0
      for ci in 0..<channels {
        let x = input + (sample &* channels &+ ci) &* plane
        let w = weight + (channel &* channels &+ ci) &* kernel
        for i in 0..<kernelHeight {
          let iy = oy &* strideHeight &- padHeight &+ i
          guard iy >= 0 && iy < height else { continue }
          for j in 0..<kernelWidth {
            let ix = ox &* strideWidth &- padWidth &+ j
            guard ix >= 0 && ix < width else { continue }
            let term = Double(w[i &* kernelWidth &+ j]) * Double(x[iy &* width &+ ix])
            if term < 0 { sum += term }
          }
        }
      }
      return Float(sum)
    }
  }
}
