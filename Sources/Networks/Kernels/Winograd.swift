import Matrices

/// Winograd's minimal filtering F(2×2, 3×3) for 3×3, stride-1 convolutions (Lavin & Gray,
/// "Fast Algorithms for Convolutional Neural Networks", CVPR 2016).
///
/// Every 2×2 output tile comes from a 4×4 input tile `d` (stride 2) through
/// ```
/// Y = Aᵀ [ Σ_c (G g_{o,c} Gᵀ) ⊙ (Bᵀ d_c B) ] A
/// ```
/// with `Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]`, `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]`,
/// `Aᵀ = [1 1 1 0; 0 1 −1 −1]`. The sum over input channels is 16 independent GEMMs
/// `M_ξ[O × T] = U_ξ[O × C] · V_ξ[C × T]` (one per tile position `ξ = 4a + b`, `T` tiles), 2.25×
/// fewer multiplications than the direct form. All transform coefficients are 0, ±1 or ±½, so the
/// transforms add rounding only through additions; results agree with the direct sum to a few
/// units in the last place of the largest term.
///
/// The arithmetic of each output is fixed by the shapes (the GEMM contract plus fixed transform
/// formulas), never by the thread count or the grouping of samples.
struct Winograd23 {
  /// Input channels `C` (the GEMM depth).
  let inChannels: Int
  /// Output channels `O`.
  let outChannels: Int
  /// Input plane height and width.
  let height: Int, width: Int
  /// Zero padding at the top and left (the bottom and right follow from the output size).
  let padTop: Int, padLeft: Int
  /// Output plane height and width, `H + 2p − 2`.
  let outputHeight: Int, outputWidth: Int
  /// Tile rows and columns, `⌈OH/2⌉`, `⌈OW/2⌉`.
  let tileRows: Int, tileColumns: Int

  /// The F(2×2, 3×3) plan of a 3×3 stride-1 convolution on `height × width` planes.
  /// - Precondition: the padded input is at least 3×3.
  init(inChannels: Int, outChannels: Int, height: Int, width: Int, padding: Size2D) {
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.height = height
    self.width = width
    padTop = padding.height
    padLeft = padding.width
    outputHeight = height + 2 * padding.height - 2
    outputWidth = width + 2 * padding.width - 2
    precondition(outputHeight > 0 && outputWidth > 0, "Winograd23: input smaller than the kernel")
    tileRows = (outputHeight + 1) / 2
    tileColumns = (outputWidth + 1) / 2
  }

  /// Tiles per sample.
  var tilesPerSample: Int { tileRows &* tileColumns }

  /// Floats of transformed weights, `16·O·C`.
  var weightCount: Int { 16 &* outChannels &* inChannels }

  /// Samples processed together: enough tiles for efficient GEMMs (about 256 columns) while the
  /// transformed tiles of a group stay within a few MiB.
  func groupSize(batch: Int) -> Int {
    max(1, min(batch, 256 / max(1, tilesPerSample)))
  }

  /// GEMM columns (tiles) of a group of `samples`, rounded up to the 8-lane output vectors.
  func paddedColumns(samples: Int) -> Int { (samples &* tilesPerSample &+ 7) & ~7 }

  /// Scratch floats one group of `samples` needs: input transforms `16·C·T` and products `16·O·T`.
  func scratchCount(samples: Int) -> Int {
    16 &* (inChannels &+ outChannels) &* paddedColumns(samples: samples)
  }

  // MARK: - Weights

  /// Writes `U_ξ[o, c] = (G g Gᵀ)[a, b]` (`ξ = 4a + b`) for every output channel `o` in `range`,
  /// into `u` laid out `[16][O][C]`.
  ///
  /// With `transposedFlipped`, `g_{o,c}[i, j] = w[c, o, 2 − i, 2 − j]` for a weight tensor
  /// `w[C, O, 3, 3]` (the kernel of the transposed convolution, used for input gradients);
  /// otherwise `g_{o,c} = w[o, c]` for `w[O, C, 3, 3]`.
  /// - Complexity: about 40 operations per `(o, c)` pair.
  func transformWeights(
    _ w: UnsafePointer<Float>, transposedFlipped: Bool, outputChannels range: Range<Int>,
    into u: UnsafeMutablePointer<Float>
  ) {
    let o = outChannels
    let c = inChannels
    let plane = o &* c
    for oc in range {
      for ic in 0..<c {
        var g = SIMD16<Float>()  // g[3i + j]
        if transposedFlipped {
          let src = w + (ic &* o &+ oc) &* 9
          for k in 0..<9 { g[k] = src[8 &- k] }
        } else {
          let src = w + (oc &* c &+ ic) &* 9
          for k in 0..<9 { g[k] = src[k] }
        }
        // Rows of G·g (4 × 3), then each row r ↦ (r0, (r0+r1+r2)/2, (r0−r1+r2)/2, r2).
        let r0 = SIMD4<Float>(g[0], g[1], g[2], 0)
        let r1 = SIMD4<Float>(g[3], g[4], g[5], 0)
        let r2 = SIMD4<Float>(g[6], g[7], g[8], 0)
        let dst = u + (oc &* c &+ ic)
        Self.storeWeightRow(r0, dst, 0, plane)
        Self.storeWeightRow((r0 + r1 + r2) * 0.5, dst, 4 &* plane, plane)
        Self.storeWeightRow((r0 - r1 + r2) * 0.5, dst, 8 &* plane, plane)
        Self.storeWeightRow(r2, dst, 12 &* plane, plane)
      }
    }
  }

  /// Stores `r Gᵀ` (one row of `G g Gᵀ`) at `dst[first + b·stride]`, `b = 0…3`.
  @inline(__always) private static func storeWeightRow(
    _ r: SIMD4<Float>, _ dst: UnsafeMutablePointer<Float>, _ first: Int, _ stride: Int
  ) {
    dst[first] = r[0]
    dst[first &+ stride] = (r[0] + r[1] + r[2]) * 0.5
    dst[first &+ 2 &* stride] = (r[0] - r[1] + r[2]) * 0.5
    dst[first &+ 3 &* stride] = r[2]
  }

  // MARK: - Input tiles

  /// Writes `V_ξ[c, col] = (Bᵀ d B)[a, b]` for channels `channels` of samples `0 ..< samples`
  /// starting at `x` (`[samples, C, H, W]`), into `v` laid out `[16][C][ld]` with
  /// `col = s·tiles + ty·TX + tx`; columns from `samples·tiles` to `ld` are zeroed.
  /// - Complexity: about 40 operations per tile and channel.
  func transformInput(
    _ x: UnsafePointer<Float>, samples: Int, channels: Range<Int>,
    into v: UnsafeMutablePointer<Float>, ld: Int
  ) {
    let c = inChannels
    let stride = c &* ld  // between ξ blocks
    let (h, w) = (height, width)
    let used = samples &* tilesPerSample
    for ic in channels {
      for s in 0..<samples {
        let plane = x + (s &* c &+ ic) &* h &* w
        var col = s &* tilesPerSample
        for ty in 0..<tileRows {
          let y0 = 2 &* ty &- padTop
          let rowsInside = y0 >= 0 && y0 &+ 4 <= h
          for tx in 0..<tileColumns {
            let x0 = 2 &* tx &- padLeft
            var d0 = SIMD4<Float>(), d1 = SIMD4<Float>(), d2 = SIMD4<Float>(), d3 = SIMD4<Float>()
            if rowsInside && x0 >= 0 && x0 &+ 4 <= w {
              let p = UnsafeRawPointer(plane + (y0 &* w &+ x0))
              let rowBytes = w &* 4
              d0 = p.loadUnaligned(as: SIMD4<Float>.self)
              d1 = p.loadUnaligned(fromByteOffset: rowBytes, as: SIMD4<Float>.self)
              d2 = p.loadUnaligned(fromByteOffset: 2 &* rowBytes, as: SIMD4<Float>.self)
              d3 = p.loadUnaligned(fromByteOffset: 3 &* rowBytes, as: SIMD4<Float>.self)
            } else {
              func row(_ r: Int) -> SIMD4<Float> {
                var out = SIMD4<Float>()
                let y = y0 &+ r
                guard y >= 0 && y < h else { return out }
                for j in 0..<4 {
                  let xx = x0 &+ j
                  if xx >= 0 && xx < w { out[j] = plane[y &* w &+ xx] }
                }
                return out
              }
              d0 = row(0)
              d1 = row(1)
              d2 = row(2)
              d3 = row(3)
            }
            // Bᵀ d (rows), then each row t ↦ (t0 − t2, t1 + t2, t2 − t1, t1 − t3).
            let t = (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
            let dst = v + (ic &* ld &+ col)
            Self.storeRow(t.0, dst, stride &* 0, stride)
            Self.storeRow(t.1, dst, stride &* 4, stride)
            Self.storeRow(t.2, dst, stride &* 8, stride)
            Self.storeRow(t.3, dst, stride &* 12, stride)
            col &+= 1
          }
        }
      }
      for pad in used..<ld {
        for xi in 0..<16 { v[xi &* stride &+ ic &* ld &+ pad] = 0 }
      }
    }
  }

  /// Stores `t B` (one row of `Bᵀ d B`) at `dst[first + b·stride]`, `b = 0…3`.
  @inline(__always) private static func storeRow(
    _ t: SIMD4<Float>, _ dst: UnsafeMutablePointer<Float>, _ first: Int, _ stride: Int
  ) {
    dst[first] = t[0] - t[2]
    dst[first &+ stride] = t[1] + t[2]
    dst[first &+ 2 &* stride] = t[2] - t[1]
    dst[first &+ 3 &* stride] = t[1] - t[3]
  }

  // MARK: - Products

  /// `M_ξ = U_ξ · V_ξ` for `ξ` in `positions` (`u` `[16][O][C]`, `v` `[16][C][ld]`, `m` `[16][O][ld]`).
  func multiply(
    _ u: UnsafePointer<Float>, _ v: UnsafePointer<Float>, into m: UnsafeMutablePointer<Float>,
    ld: Int, positions: Range<Int>
  ) {
    let (o, c) = (outChannels, inChannels)
    for xi in positions {
      GEMM.sgemm(
        transposeA: false, transposeB: false, m: o, n: ld, k: c, alpha: 1,
        a: u + xi &* o &* c, lda: c, b: v + xi &* c &* ld, ldb: ld,
        beta: 0, c: m + xi &* o &* ld, ldc: ld)
    }
  }

  // MARK: - Output tiles

  /// Writes `Y = Aᵀ M A + b` for output channels `channels` of samples `0 ..< samples` into `y`
  /// (`[samples, O, OH, OW]`), through `epilogue` (whose second buffer, if any, has the same
  /// layout and starts at `epilogueOffset` elements for this group's first sample).
  /// - Complexity: about 30 operations per tile and channel, 8 tiles per vector.
  func transformOutput(
    _ m: UnsafePointer<Float>, ld: Int, samples: Int, channels: Range<Int>,
    bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>,
    epilogue: ConvEpilogue, epilogueOffset: Int
  ) {
    let o = outChannels
    let stride = o &* ld
    let (oh, ow) = (outputHeight, outputWidth)
    let planeSize = oh &* ow
    let used = samples &* tilesPerSample
    let evenPlane = oh & 1 == 0 && ow & 1 == 0
    withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, used)) { offsets in
      // Offset of each tile's top-left output element relative to its sample's channel 0.
      var col = 0
      for s in 0..<samples {
        for ty in 0..<tileRows {
          for tx in 0..<tileColumns {
            offsets[col] = s &* o &* planeSize &+ 2 &* ty &* ow &+ 2 &* tx
            col &+= 1
          }
        }
      }
      for oc in channels {
        let b = bias.map { $0[oc] } ?? 0
        let base = m + oc &* ld
        let planeOffset = oc &* planeSize
        var col0 = 0
        while col0 < used {
          // Aᵀ M (2 rows of 4), lane = tile.
          func load(_ xi: Int) -> SIMD8<Float> {
            UnsafeRawPointer(base + (xi &* stride &+ col0)).loadUnaligned(as: SIMD8<Float>.self)
          }
          let m0 = (load(0), load(1), load(2), load(3))
          let m1 = (load(4), load(5), load(6), load(7))
          let m2 = (load(8), load(9), load(10), load(11))
          let m3 = (load(12), load(13), load(14), load(15))
          let a0 = (m0.0 + m1.0 + m2.0, m0.1 + m1.1 + m2.1, m0.2 + m1.2 + m2.2, m0.3 + m1.3 + m2.3)
          let a1 = (m1.0 - m2.0 - m3.0, m1.1 - m2.1 - m3.1, m1.2 - m2.2 - m3.2, m1.3 - m2.3 - m3.3)
          let bv = SIMD8<Float>(repeating: b)
          let y00 = a0.0 + a0.1 + a0.2 + bv
          let y01 = a0.1 - a0.2 - a0.3 + bv
          let y10 = a1.0 + a1.1 + a1.2 + bv
          let y11 = a1.1 - a1.2 - a1.3 + bv
          let lanes = min(8, used &- col0)
          for l in 0..<lanes {
            let tile = col0 &+ l
            let at = planeOffset &+ offsets[tile]
            if evenPlane {
              store(y00[l], y, at, epilogue, epilogueOffset)
              store(y01[l], y, at &+ 1, epilogue, epilogueOffset)
              store(y10[l], y, at &+ ow, epilogue, epilogueOffset)
              store(y11[l], y, at &+ ow &+ 1, epilogue, epilogueOffset)
            } else {
              let within = offsets[tile] % planeSize
              let right = within % ow &+ 1 < ow
              let below = within / ow &+ 1 < oh
              store(y00[l], y, at, epilogue, epilogueOffset)
              if right { store(y01[l], y, at &+ 1, epilogue, epilogueOffset) }
              if below { store(y10[l], y, at &+ ow, epilogue, epilogueOffset) }
              if right && below { store(y11[l], y, at &+ ow &+ 1, epilogue, epilogueOffset) }
            }
          }
          col0 &+= 8
        }
      }
    }
  }

  /// Stores one output value through the epilogue.
  @inline(__always) private func store(
    _ z: Float, _ y: UnsafeMutablePointer<Float>, _ index: Int, _ epilogue: ConvEpilogue,
    _ epilogueOffset: Int
  ) {
    switch epilogue {
    case .linear: y[index] = z
    case .relu: y[index] = max(z, 0)
    case .linearAndReLU(let r):
      y[index] = z
      r[epilogueOffset &+ index] = max(z, 0)
    }
  }
}
