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
  ///
  /// Blocks whose denominator is `.split` need no forward product of their own: αβ's `z⁻` and
  /// both of γ's sums are combinations of `z⁺ = Σ max(w·x, 0)` (the one forward product) and
  /// `z⁻ = Σ min(w·x, 0) = (z − b) − z⁺` from the trace (`negativeSums`).
  struct SplitProduct {
    /// Which upstream entries block `r` divides (the γ rule splits by the sign of the layer's `z`).
    enum Mask: Sendable { case all, positiveZ, negativeZ }

    /// Where block `r`'s sum `z_r` (before its bias) comes from.
    enum Denominator: Sendable, Equatable {
      /// Its own row of the stacked forward product.
      case product
      /// `p · z⁺ + q · z⁻`, `z⁺` the forward product's single row (the grid `[[W⁺]]` on `[x]` or
      /// `[[W⁺, W⁻]]` on `[x⁺; x⁻]`), `z⁻` from `negativeSums`.
      case split(positive: Float, negative: Float)
    }

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
    /// Each block's sum (default: all `.product`); the `.product` blocks come first.
    var denominators: [Denominator]? = nil
    /// The forward grid when it is not the leading `.product` rows of `blocks` (γ: z⁺'s grid).
    var forwardBlocks: [[DerivedWeightCache.Transform]]? = nil
    /// For `.split` blocks: the layer input `x` (`[N, inputSize]`) and the bias inside `z`.
    var layerInput: [Float]? = nil
    /// The layer bias contained in the `z` that `.split` blocks read (`nil`: none).
    var traceBias: [Float]? = nil

    /// The grid of the forward product: `forwardBlocks`, or the leading `.product` rows.
    var forwardGrid: [[DerivedWeightCache.Transform]] {
      if let forwardBlocks { return forwardBlocks }
      guard let denominators else { return blocks }
      let rows = denominators.prefix { $0 == .product }.count
      precondition(
        rows >= 1 && denominators.dropFirst(rows).allSatisfy { $0 != .product },
        "SplitProduct: the product blocks must lead")
      return Array(blocks.prefix(rows))
    }

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
      let grid = forwardGrid
      let forward = grid == blocks ? derived : cache.layer(layer, grid)
      let n = layer.batch
      let forwardBatch = sharedSums ? 1 : n
      let stackedInput = LRPKernel.stack(inputs, batch: forwardBatch, size: layer.inputSize)
      let sums = forward.forward(stackedInput, layer: layer, batch: forwardBatch)
      var negatives: [Float] = []
      if let denominators, denominators.contains(where: { $0 != .product }) {
        precondition(grid.count == 1 && !sharedSums, "SplitProduct: split sums need the single z⁺ row")
        guard let layerInput else { preconditionFailure("SplitProduct: split sums need the layer input") }
        negatives = LRPKernel.negativeSums(z: z, traceBias: traceBias, positive: sums, input: layerInput, layer: layer)
      }
      let s = LRPKernel.divideBlocks(
        r, sums: sums, negatives: negatives, sharedSums: sharedSums, layer: layer, product: self, z: z,
        stabiliser: stabiliser, count: &stabilised)
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
    _ r: [Float], sums: [Float], negatives: [Float], sharedSums: Bool, layer: LinearLayer, product: SplitProduct, z: [Float],
    stabiliser: Stabiliser, count: inout Int
  ) -> [Float] {
    let n = layer.batch
    let (o, p) = (layer.outputChannels, layer.plane)
    let blocks = product.blocks.count
    let forwardRows = product.forwardGrid.count
    let denominators = product.denominators ?? Array(repeating: .product, count: blocks)
    // `.split` blocks read `negatives`; a one-element stand-in keeps the pointer valid otherwise.
    let minus = negatives.isEmpty ? [Float](repeating: 0, count: 1) : negatives
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
               minus.withUnsafeBufferPointer { mb in
                let (rp, sp, zp, tp, mp) = (
                  ReadPointer(base: rb.baseAddress!), ReadPointer(base: sb.baseAddress!), ReadPointer(base: zb.baseAddress!),
                  ReadPointer(base: tb.baseAddress!), ReadPointer(base: mb.baseAddress!)
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
                    let sumSample: Int = sharedSums ? 0 : s &* forwardRows
                    let dst = op.base + row &* p
                    let bias = tp.base[b &* o &+ c]
                    let stabilised: Int
                    switch denominators[b] {
                    case .product:
                      let sum = sp.base + ((sumSample &+ b) &* o &+ c) &* p
                      stabilised = quotients(
                        upstream, sums: sum, bias: bias, scale: scales[b], stabiliser: stabiliser,
                        mask: masks[b], z: layerZ, into: dst, count: p)
                    case .split(let u, let v):
                      let at = (s &* o &+ c) &* p
                      stabilised = quotients(
                        upstream,
                        denominators: SplitDenominators(positive: sp.base + at, negative: mp.base + at, u: u, v: v, bias: bias),
                        scale: scales[b], stabiliser: stabiliser, mask: masks[b], z: layerZ, into: dst, count: p)
                    }
                    cp.base[row] = Float(stabilised)
                  }
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
