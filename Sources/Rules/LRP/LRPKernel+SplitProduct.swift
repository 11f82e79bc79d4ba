import Networks

extension LRPKernel {
  /// One sign-split relevance product of a dense/conv layer, through a `DerivedLayer`:
  ///
  /// ```
  /// z_r = Σ_g T_rg(W) · x_g + b_r                 (one stacked forward product)
  /// s_r = scale_r · mask_r(R) / stab(z_r)         (elementwise, stabilised entries counted)
  /// R_in = Σ_g m_g ⊙ Σ_r T_rg(W)ᵀ · s_r           (one stacked transposed product)
  /// ```
  /// z⁺ on a non-negative input is the grid `[[W⁺]]` on `[a]`; αβ on a mixed-sign input is
  /// `[[W⁺, W⁻], [W⁻, W⁺]]` on `[a⁺; a⁻]` with scales `α, −β`; γ adds the masks `1[z > 0]`,
  /// `1[z < 0]`; zᴮ is `[[W, W⁺, W⁻]]` on `[a; −l; −h]`.
  struct SplitProduct {
    /// Which upstream entries block `r` divides (the γ rule splits by the sign of the layer's `z`).
    enum Mask: Sendable { case all, positiveZ, negativeZ }

    /// The transform grid `R × G`.
    var blocks: [[DerivedWeightCache.Transform]]
    /// The `G` inputs `x_g`, each `[N, inputSize]` flat.
    var inputs: [[Float]]
    /// The bias added to each `z_r` (`O` values), or `nil`.
    var biases: [[Float]?]
    /// The factor of each `s_r` (`α`, `−β`, or 1).
    var scales: [Float]
    /// The mask of each block (default: all entries).
    var masks: [Mask]
    /// The multipliers `m_g` of the result (`[N, inputSize]` flat each); `nil`: the transposed
    /// product itself (`G = 1`, for w² and flat).
    var multipliers: [[Float]]?

    /// Runs the product on `layer` with upstream relevance `r` (`[N, outputSize]` flat).
    /// - Parameters:
    ///   - z: the layer's own `z` from the trace (read by the masks).
    ///   - sharedSums: the input is the same for every sample (w², flat): `z_r` is computed for one
    ///     sample and used for all.
    /// - Returns: `R_in`, `[N, inputSize]` flat.
    func run(
      layer: LinearLayer, cache: DerivedWeightCache, upstream r: [Float], z: [Float], stabiliser: Stabiliser,
      sharedSums: Bool = false, stabilised: inout Int
    ) -> [Float] {
      let derived = cache.layer(layer, blocks)
      let n = layer.batch
      let forwardBatch = sharedSums ? 1 : n
      let stackedInput = LRPKernel.stack(inputs, batch: forwardBatch, size: layer.inputSize)
      let sums = derived.forward(stackedInput, layer: layer, batch: forwardBatch)
      let s = LRPKernel.divideBlocks(
        r, sums: sums, sharedSums: sharedSums, layer: layer, product: self, z: z, stabiliser: stabiliser,
        count: &stabilised)
      let g = derived.transpose(s, layer: layer)
      guard let multipliers else { return g }
      return LRPKernel.combine(g, multipliers, batch: n, size: layer.inputSize)
    }
  }

  /// `[x_0[n]; x_1[n]; …]` per sample (`[N, G·size]` flat); a single input is returned as is.
  static func stack(_ inputs: [[Float]], batch n: Int, size: Int) -> [Float] {
    if inputs.count == 1 { return inputs[0] }
    let g = inputs.count
    var out = uninitialized(n &* g &* size)
    out.withUnsafeMutableBufferPointer { o in
      for (index, x) in inputs.enumerated() {
        x.withUnsafeBufferPointer { x in
          for s in 0..<n {
            (o.baseAddress! + (s &* g &+ index) &* size).update(from: x.baseAddress! + s &* size, count: size)
          }
        }
      }
    }
    return out
  }

  /// The stacked `s_r = scale_r · mask_r(R) / stab(z_r + b_r)` (`[N, R·outputSize]` flat), counting
  /// the stabilised denominators that carry relevance.
  static func divideBlocks(
    _ r: [Float], sums: [Float], sharedSums: Bool, layer: LinearLayer, product: SplitProduct, z: [Float],
    stabiliser: Stabiliser, count: inout Int
  ) -> [Float] {
    let n = layer.batch
    let (o, p) = (layer.outputChannels, layer.plane)
    let blocks = product.blocks.count
    let rowCount = n &* blocks &* o
    var out = uninitialized(rowCount &* p)
    var counts = [Float](repeating: 0, count: rowCount)
    // Per block: the bias of each channel (0 without bias), the scale and the mask.
    var biasTable = [Float](repeating: 0, count: blocks &* o)
    for b in 0..<blocks {
      if let bias = product.biases[b] { for c in 0..<o { biasTable[b &* o &+ c] = bias[c] } }
    }
    let scales = product.scales
    let masks = product.masks
    r.withUnsafeBufferPointer { rb in
      sums.withUnsafeBufferPointer { sb in
        z.withUnsafeBufferPointer { zb in
          out.withUnsafeMutableBufferPointer { ob in
            counts.withUnsafeMutableBufferPointer { cb in
              biasTable.withUnsafeBufferPointer { tb in
                let (rp, sp, zp, tp) = (
                  ReadPointer(base: rb.baseAddress!), ReadPointer(base: sb.baseAddress!), ReadPointer(base: zb.baseAddress!),
                  ReadPointer(base: tb.baseAddress!)
                )
                let (op, cp) = (WritePointer(base: ob.baseAddress!), WritePointer(base: cb.baseAddress!))
                // Row (sample s, block b, channel c) writes its own P outputs and its own count.
                parallel(count: rowCount, costPerItem: p &* 8) { range in
                  for row in range {
                    let c = row % o
                    let b = (row / o) % blocks
                    let s = row / (o &* blocks)
                    let upstream = rp.base + (s &* o &+ c) &* p
                    let layerZ = zp.base + (s &* o &+ c) &* p
                    let sumSample: Int = sharedSums ? 0 : s &* blocks
                    let sumRow: Int = (sumSample &+ b) &* o &+ c
                    let sum = sp.base + sumRow &* p
                    let dst = op.base + row &* p
                    let stabilised = quotients(
                      upstream, sums: sum, bias: tp.base[b &* o &+ c], scale: scales[b], stabiliser: stabiliser,
                      mask: masks[b], z: layerZ, into: dst, count: p)
                    cp.base[row] = Float(stabilised)
                  }
                }
              }
            }
          }
        }
      }
    }
    count += counts.reduce(0) { $0 + Int($1) }
    return out
  }

  /// `Σ_g m_g ⊙ G_g` per sample, `G` stacked `[N, G·size]`, each `m_g` `[N, size]`.
  static func combine(_ g: [Float], _ multipliers: [[Float]], batch n: Int, size: Int) -> [Float] {
    let blocks = multipliers.count
    if blocks == 1 { return multiply(multipliers[0], g) }
    let m = stack(multipliers, batch: n, size: size)
    var out = uninitialized(n &* size)
    let chunks = (size + 1023) / 1024
    g.withUnsafeBufferPointer { gb in
      m.withUnsafeBufferPointer { mb in
        out.withUnsafeMutableBufferPointer { ob in
          let (gp, mp, op) = (ReadPointer(base: gb.baseAddress!), ReadPointer(base: mb.baseAddress!), WritePointer(base: ob.baseAddress!))
          // Item (sample, chunk) writes its own 1024 outputs.
          parallel(count: n &* chunks, costPerItem: 1024 &* 2 &* blocks) { range in
            for item in range {
              let s = item / chunks
              let q0 = (item % chunks) &* 1024
              let q1 = min(size, q0 &+ 1024)
              let dst = op.base + s &* size
              let base = s &* blocks &* size
              for q in q0..<q1 { dst[q] = mp.base[base &+ q] * gp.base[base &+ q] }
              for b in 1..<blocks {
                let offset = base &+ b &* size
                for q in q0..<q1 { dst[q] += mp.base[offset &+ q] * gp.base[offset &+ q] }
              }
            }
          }
        }
      }
    }
    return out
  }
}
