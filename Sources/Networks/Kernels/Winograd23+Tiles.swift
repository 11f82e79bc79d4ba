/// The tile transforms of `Winograd23`: input tiles `Bᵀ d B` and output tiles `Aᵀ M A + b`.
extension Winograd23 {
  // MARK: - Input tiles

  /// Writes `V_ξ[c, col] = (Bᵀ d B)[a, b]` for channels `channels` of samples `0 ..< samples`
  /// starting at `x` (`[samples, C, H, W]`), into `v` laid out `[16][C][ld]` with
  /// `col = s·tiles + ty·TX + tx`; columns from `samples·tiles` to `ld` hold finite filler.
  ///
  /// Each plane is first copied into a zero-padded buffer in which every tile lies inside, then
  /// 8 tiles of a tile row are transformed at once (lane = tile): the even and odd halves of two
  /// 16-float loads per input row are the four tile columns.
  /// - Precondition: `ld ≥ paddedColumns(samples:)`.
  /// - Complexity: about 10 vector operations per 8 tiles and input row.
  func transformInput(
    _ x: UnsafePointer<Float>, samples: Int, channels: Range<Int>,
    into v: UnsafeMutablePointer<Float>, ld: Int
  ) {
    let c = inChannels
    let stride = c &* ld  // between ξ blocks
    let (h, w) = (height, width)
    let pw = paddedWidth
    let used = samples &* tilesPerSample
    withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedHeight &* pw) { buffer in
      let padded = buffer.baseAddress!
      padded.initialize(repeating: 0, count: buffer.count)
      for ic in channels {
        for s in 0..<samples {
          // The plane at rows padTop…, columns padLeft… of the zero buffer (borders stay zero).
          let plane = x + (s &* c &+ ic) &* h &* w
          for y in 0..<h {
            (padded + ((y &+ padTop) &* pw &+ padLeft)).update(from: plane + y &* w, count: w)
          }
          var rowStart = s &* tilesPerSample
          for ty in 0..<tileRows {
            let top = padded + 2 &* ty &* pw
            var tx = 0
            while tx < tileColumns {
              let dst = v + (ic &* ld &+ rowStart &+ tx)
              Self.transformTiles(top + 2 &* tx, rowStride: pw, into: dst, stride: stride)
              tx &+= 8
            }
            rowStart &+= tileColumns
          }
        }
        // Columns past the last 8-tile vector: zero (the GEMM reads them; their products are dropped).
        let written = (samples &- 1) &* tilesPerSample &+ (tileRows &- 1) &* tileColumns
          &+ vectorTileColumns
        for pad in min(max(used, written), ld)..<ld {
          for xi in 0..<16 { v[xi &* stride &+ ic &* ld &+ pad] = 0 }
        }
      }
    }
  }

  /// `Bᵀ d B` of the 8 tiles whose top-left input elements are `p, p + 2, …, p + 14` (rows
  /// `rowStride` apart), stored as 8 consecutive floats at `dst + ξ·stride`.
  @inline(__always) private static func transformTiles(
    _ p: UnsafePointer<Float>, rowStride: Int, into dst: UnsafeMutablePointer<Float>, stride: Int
  ) {
    // Row r of the 8 input tiles: d_r = (column 0, 1, 2, 3) with lane = tile.
    @inline(__always) func row(_ r: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
      let q = UnsafeRawPointer(p + r &* rowStride)
      let a = q.loadUnaligned(as: SIMD16<Float>.self)
      let b = q.loadUnaligned(fromByteOffset: 8, as: SIMD16<Float>.self)
      return (a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf)
    }
    let d0 = row(0), d1 = row(1), d2 = row(2), d3 = row(3)
    // Bᵀ d: rows (d0 − d2, d1 + d2, d2 − d1, d1 − d3), then · B on each row.
    store(d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3, dst, 0, stride)
    store(d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3, dst, 4, stride)
    store(d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3, dst, 8, stride)
    store(d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3, dst, 12, stride)

    /// Stores `t B = (t0 − t2, t1 + t2, t2 − t1, t1 − t3)` at positions `first … first + 3`.
    @inline(__always) func store(
      _ t0: SIMD8<Float>, _ t1: SIMD8<Float>, _ t2: SIMD8<Float>, _ t3: SIMD8<Float>,
      _ dst: UnsafeMutablePointer<Float>, _ first: Int, _ stride: Int
    ) {
      let out = UnsafeMutableRawPointer(dst + first &* stride)
      let step = stride &* 4
      out.storeBytes(of: t0 - t2, as: SIMD8<Float>.self)
      out.storeBytes(of: t1 + t2, toByteOffset: step, as: SIMD8<Float>.self)
      out.storeBytes(of: t2 - t1, toByteOffset: 2 &* step, as: SIMD8<Float>.self)
      out.storeBytes(of: t1 - t3, toByteOffset: 3 &* step, as: SIMD8<Float>.self)
    }
  }

  // MARK: - Output tiles

  /// Writes `Y = Aᵀ M A + b` for output channels `channels` of samples `0 ..< samples` into `y`
  /// (`[samples, O, OH, OW]`), through `epilogue` (whose second buffer, if any, has the same
  /// layout and starts at `epilogueOffset` elements for this group's first sample).
  ///
  /// 8 tiles of a tile row at a time (lane = tile): the two output rows of the 8 tiles are
  /// interleaved into 16 consecutive floats each; tiles cut by an odd output size are stored
  /// element by element.
  /// - Precondition: `ld ≥ paddedColumns(samples:)` (the last vector reads up to 7 columns past
  ///   the tiles).
  /// - Complexity: about 30 vector operations per 8 tiles and channel.
  func transformOutput(
    _ m: UnsafePointer<Float>, ld: Int, samples: Int, channels: Range<Int>,
    bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>,
    epilogue: ConvEpilogue, epilogueOffset: Int
  ) {
    let stride = outChannels &* ld
    let (oh, ow) = (outputHeight, outputWidth)
    let planeSize = oh &* ow
    for oc in channels {
      let bv = SIMD8<Float>(repeating: bias.map { $0[oc] } ?? 0)
      let base = m + oc &* ld
      for s in 0..<samples {
        let plane = (s &* outChannels &+ oc) &* planeSize
        var col = s &* tilesPerSample
        for ty in 0..<tileRows {
          let fullRows = 2 &* ty &+ 2 <= oh
          var tx = 0
          while tx < tileColumns {
            @inline(__always) func load(_ xi: Int) -> SIMD8<Float> {
              UnsafeRawPointer(base + (xi &* stride &+ col &+ tx)).loadUnaligned(as: SIMD8<Float>.self)
            }
            // Aᵀ M: rows (m0 + m1 + m2, m1 − m2 − m3) per column, then · A per row.
            var a0 = (load(0), load(1), load(2), load(3))
            let m1 = (load(4), load(5), load(6), load(7))
            let m2 = (load(8), load(9), load(10), load(11))
            a0 = (a0.0 + m1.0 + m2.0, a0.1 + m1.1 + m2.1, a0.2 + m1.2 + m2.2, a0.3 + m1.3 + m2.3)
            let m3 = (load(12), load(13), load(14), load(15))
            let a1 = (m1.0 - m2.0 - m3.0, m1.1 - m2.1 - m3.1, m1.2 - m2.2 - m3.2, m1.3 - m2.3 - m3.3)
            let y00 = a0.0 + a0.1 + a0.2 + bv
            let y01 = a0.1 - a0.2 - a0.3 + bv
            let y10 = a1.0 + a1.1 + a1.2 + bv
            let y11 = a1.1 - a1.2 - a1.3 + bv
            let at = plane &+ 2 &* ty &* ow &+ 2 &* tx
            if fullRows && 2 &* tx &+ 16 <= ow {
              emit(Self.interleave(y00, y01), y, at, epilogue, epilogueOffset)
              emit(Self.interleave(y10, y11), y, at &+ ow, epilogue, epilogueOffset)
            } else {
              for l in 0..<min(8, tileColumns &- tx) {
                let x0 = 2 &* (tx &+ l)
                let right = x0 &+ 1 < ow
                let below = 2 &* ty &+ 1 < oh
                let o = at &+ 2 &* l
                store(y00[l], y, o, epilogue, epilogueOffset)
                if right { store(y01[l], y, o &+ 1, epilogue, epilogueOffset) }
                if below { store(y10[l], y, o &+ ow, epilogue, epilogueOffset) }
                if right && below { store(y11[l], y, o &+ ow &+ 1, epilogue, epilogueOffset) }
              }
            }
            tx &+= 8
          }
          col &+= tileColumns
        }
      }
    }
  }

  /// `(a0, b0, a1, b1, …, a7, b7)`.
  @inline(__always) private static func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>)
    -> SIMD16<Float>
  {
    SIMD16(
      a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
  }

  /// Stores 16 consecutive output values through the epilogue.
  @inline(__always) private func emit(
    _ z: SIMD16<Float>, _ y: UnsafeMutablePointer<Float>, _ index: Int, _ epilogue: ConvEpilogue,
    _ epilogueOffset: Int
  ) {
    let relu = z.replacing(with: 0, where: z .<= 0)  // max(z, 0), see ConvEpilogue.relu
    switch epilogue {
    case .linear: UnsafeMutableRawPointer(y + index).storeBytes(of: z, as: SIMD16<Float>.self)
    case .relu: UnsafeMutableRawPointer(y + index).storeBytes(of: relu, as: SIMD16<Float>.self)
    case .linearAndReLU(let r):
      UnsafeMutableRawPointer(y + index).storeBytes(of: z, as: SIMD16<Float>.self)
      UnsafeMutableRawPointer(r + (epilogueOffset &+ index)).storeBytes(
        of: relu, as: SIMD16<Float>.self)
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
