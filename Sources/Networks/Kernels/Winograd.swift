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

  /// GEMM columns of a group of `samples`: its tiles plus room for the 7 lanes an 8-tile vector
  /// may run past the last tile, rounded up to a multiple of 8.
  func paddedColumns(samples: Int) -> Int { (samples &* tilesPerSample &+ 14) & ~7 }

  /// Tile columns rounded up to whole 8-tile vectors.
  var vectorTileColumns: Int { (tileColumns &+ 7) & ~7 }
  /// Row stride of the zero-padded copy of an input plane: every 8-tile vector reads 18 columns.
  var paddedWidth: Int { 2 &* vectorTileColumns &+ 2 }
  /// Rows of the zero-padded copy of an input plane (4 per tile row, overlapping by 2).
  var paddedHeight: Int { 2 &* tileRows &+ 2 }

  /// Scratch floats one group of `samples` needs: input transforms `16·C·T` and products `16·O·T`.
  func scratchCount(samples: Int) -> Int {
    16 &* (inChannels &+ outChannels) &* paddedColumns(samples: samples)
  }

  // MARK: - Weights

  /// Writes `U_ξ[o, c] = (G g Gᵀ)[a, b]` (`ξ = 4a + b`) for every output channel `o` in `range`,
  /// into `u` laid out `[16][O][C]`, 8 input channels at a time (lane = channel).
  ///
  /// With `transposedFlipped`, `g_{o,c}[i, j] = w[c, o, 2 − i, 2 − j]` for a weight tensor
  /// `w[C, O, 3, 3]` (the kernel of the transposed convolution, used for input gradients);
  /// otherwise `g_{o,c} = w[o, c]` for `w[O, C, 3, 3]`.
  /// - Complexity: about 10 operations per `(o, c)` pair.
  func transformWeights(
    _ w: UnsafePointer<Float>, transposedFlipped: Bool, outputChannels range: Range<Int>,
    into u: UnsafeMutablePointer<Float>
  ) {
    let o = outChannels
    let c = inChannels
    let plane = o &* c
    for oc in range {
      var ic = 0
      while ic < c {
        let lanes = min(8, c &- ic)
        // Element k = 3i + j of the kernel of lane l (channel ic + l) sits at
        // first[l·laneStride + k·elementStride].
        let (first, laneStride, elementStride) =
          transposedFlipped
          ? (w + ((ic &* o &+ oc) &* 9 &+ 8), o &* 9, -1) : (w + (oc &* c &+ ic) &* 9, 9, 1)
        @inline(__always) func gather(_ k: Int) -> SIMD8<Float> {
          let p = first + k &* elementStride
          if lanes == 8 {
            let s = laneStride
            return SIMD8(
              p[0], p[s], p[2 &* s], p[3 &* s], p[4 &* s], p[5 &* s], p[6 &* s], p[7 &* s])
          }
          var v = SIMD8<Float>()
          for l in 0..<lanes { v[l] = p[l &* laneStride] }
          return v
        }
        let r0 = (gather(0), gather(1), gather(2))
        let r1 = (gather(3), gather(4), gather(5))
        let r2 = (gather(6), gather(7), gather(8))
        // Rows of G·g: r0, (r0 + r1 + r2)/2, (r0 − r1 + r2)/2, r2; then each row · Gᵀ.
        let dst = u + (oc &* c &+ ic)
        let half = SIMD8<Float>(repeating: 0.5)
        Self.storeWeightRow(r0, dst, 0, plane, lanes)
        Self.storeWeightRow(
          ((r0.0 + r1.0 + r2.0) * half, (r0.1 + r1.1 + r2.1) * half, (r0.2 + r1.2 + r2.2) * half),
          dst, 4, plane, lanes)
        Self.storeWeightRow(
          ((r0.0 - r1.0 + r2.0) * half, (r0.1 - r1.1 + r2.1) * half, (r0.2 - r1.2 + r2.2) * half),
          dst, 8, plane, lanes)
        Self.storeWeightRow(r2, dst, 12, plane, lanes)
        ic &+= 8
      }
    }
  }

  /// Stores `r Gᵀ = (r0, (r0 + r1 + r2)/2, (r0 − r1 + r2)/2, r2)` (one row of `G g Gᵀ`, lane =
  /// input channel) at positions `first … first + 3` (`stride` apart), `lanes` lanes each.
  @inline(__always) private static func storeWeightRow(
    _ r: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>), _ dst: UnsafeMutablePointer<Float>,
    _ first: Int, _ stride: Int, _ lanes: Int
  ) {
    let half = SIMD8<Float>(repeating: 0.5)
    let values = (r.0, (r.0 + r.1 + r.2) * half, (r.0 - r.1 + r.2) * half, r.2)
    let out = dst + first &* stride
    if lanes == 8 {
      let raw = UnsafeMutableRawPointer(out)
      let step = stride &* 4
      raw.storeBytes(of: values.0, as: SIMD8<Float>.self)
      raw.storeBytes(of: values.1, toByteOffset: step, as: SIMD8<Float>.self)
      raw.storeBytes(of: values.2, toByteOffset: 2 &* step, as: SIMD8<Float>.self)
      raw.storeBytes(of: values.3, toByteOffset: 3 &* step, as: SIMD8<Float>.self)
    } else {
      for l in 0..<lanes {
        out[l] = values.0[l]
        out[stride &+ l] = values.1[l]
        out[2 &* stride &+ l] = values.2[l]
        out[3 &* stride &+ l] = values.3[l]
      }
    }
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
}
