extension Pool2D {
  /// The window geometry of this pool on an NCHW input shape.
  func geometry(forInputShape shape: [Int]) -> WindowGeometry {
    precondition(shape.count == 4, "Pool \(name): input must be [N, C, H, W], got \(shape)")
    return WindowGeometry(
      channels: shape[1], height: shape[2], width: shape[3],
      kernel: kernelSize, stride: stride, padding: padding)
  }

  /// The output shape `[N, C, OH, OW]` for an NCHW input shape.
  func outputShape(forInputShape shape: [Int], geometry g: WindowGeometry) -> [Int] {
    [shape[0], shape[1], g.outputHeight, g.outputWidth]
  }

  /// Max pooling of a batch, with the position of every maximum.
  ///
  /// ```
  /// y[n, c, oy, ox] = max_{i,j} x[n, c, oy·sh − ph + i, ox·sw − pw + j]   (padding = −∞)
  /// ```
  /// Ties go to the first maximum in row-major window order, and a NaN wins (PyTorch CPU).
  /// - Parameter input: `[N, C, H, W]`.
  /// - Returns: the pooled tensor `[N, C, OH, OW]` and, for every output element, the flat index
  ///   into `input.scalars` of the element it took (the routing used by `maxPoolBackward`).
  /// - Complexity: `N·C·OH·OW·kh·kw` comparisons.
  public func maxPoolForward(_ input: Tensor) -> (output: Tensor, argmax: [Int32]) {
    let g = geometry(forInputShape: input.shape)
    precondition(input.count <= Int(Int32.max), "Pool \(name): input too large for Int32 indices")
    let planes = input.shape[0] &* input.shape[1]
    let p = g.outputPlaneSize
    var y = [Float](repeating: 0, count: planes &* p)
    var argmax = [Int32](repeating: 0, count: planes &* p)
    input.scalars.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        argmax.withUnsafeMutableBufferPointer { am in
          let src = SharedPointer(base: x.baseAddress!)
          let dst = SharedMutablePointer(base: y.baseAddress!)
          let idx = SharedMutablePointer(base: am.baseAddress!)
          ParallelChunks.run(count: planes, costPerItem: p &* g.kernelHeight &* g.kernelWidth) {
            range in
            for plane in range {
              Self.maxPlane(
                src.base, plane: plane, geometry: g, output: dst.base + plane &* p,
                argmax: idx.base + plane &* p)
            }
          }
        }
      }
    }
    return (Tensor(shape: outputShape(forInputShape: input.shape, geometry: g), scalars: y), argmax)
  }

  /// One plane of `maxPoolForward`. Windows fully inside the plane walk precomputed offsets;
  /// windows clipped by the padding take the bounds-aware path.
  private static func maxPlane(
    _ x: UnsafePointer<Float>, plane: Int, geometry g: WindowGeometry,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>
  ) {
    if g.kernelHeight == 2 && g.kernelWidth == 2 && g.strideHeight == 2 && g.strideWidth == 2
      && g.padHeight == 0 && g.padWidth == 0
    {
      maxPlane2x2(x, plane: plane, geometry: g, output: output, argmax: argmax)
      return
    }
    let base = plane &* g.planeSize
    let w = g.width
    let windowSize = g.kernelHeight &* g.kernelWidth
    withUnsafeTemporaryAllocation(of: Int.self, capacity: windowSize) { offsets in
      for i in 0..<g.kernelHeight {
        for j in 0..<g.kernelWidth { offsets[i &* g.kernelWidth &+ j] = i &* w &+ j }
      }
      for oy in 0..<g.outputHeight {
        let y0 = oy &* g.strideHeight &- g.padHeight
        let r0 = max(0, y0)
        let r1 = min(g.height, y0 &+ g.kernelHeight)
        for ox in 0..<g.outputWidth {
          let x0 = ox &* g.strideWidth &- g.padWidth
          let c0 = max(0, x0)
          let c1 = min(w, x0 &+ g.kernelWidth)
          // Start from the window's first element (padding never exceeds half the window, so
          // there is one) and replace only on a strictly larger value or a NaN, in row-major order.
          var bestIndex = base &+ r0 &* w &+ c0
          var best = x[bestIndex]
          if r1 &- r0 == g.kernelHeight && c1 &- c0 == g.kernelWidth {
            let start = bestIndex
            for k in 1..<windowSize {
              let index = start &+ offsets[k]
              let v = x[index]
              if v > best || v != v {
                best = v
                bestIndex = index
              }
            }
          } else {
            var iy = r0
            while iy < r1 {
              let rowStart = base &+ iy &* w
              var ix = iy == r0 ? c0 &+ 1 : c0
              while ix < c1 {
                let v = x[rowStart &+ ix]
                if v > best || v != v {
                  best = v
                  bestIndex = rowStart &+ ix
                }
                ix &+= 1
              }
              iy &+= 1
            }
          }
          let o = oy &* g.outputWidth &+ ox
          output[o] = best
          argmax[o] = Int32(truncatingIfNeeded: bestIndex)
        }
      }
    }
  }

  /// `maxPlane` for the common 2×2 window with stride 2 and no padding (every window lies inside
  /// the plane): the same comparisons in the same row-major order, without the offset table,
  /// 8 windows per vector where the row is wide enough.
  private static func maxPlane2x2(
    _ x: UnsafePointer<Float>, plane: Int, geometry g: WindowGeometry,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>
  ) {
    let base = plane &* g.planeSize
    let w = g.width
    for oy in 0..<g.outputHeight {
      let top = base &+ 2 &* oy &* w
      let out = oy &* g.outputWidth
      var ox = 0
      // 8 windows at once (lane = window): the even and odd halves of 16 floats of each row are
      // the left and right window columns; the same four comparisons per lane in the same order.
      while 2 &* ox &+ 16 <= w && ox &+ 8 <= g.outputWidth {
        let i0 = top &+ 2 &* ox
        let upper = UnsafeRawPointer(x + i0).loadUnaligned(as: SIMD16<Float>.self)
        let lower = UnsafeRawPointer(x + (i0 &+ w)).loadUnaligned(as: SIMD16<Float>.self)
        var best = upper.evenHalf
        var which = SIMD8<Float>()  // window position 0…3 of the maximum
        @inline(__always) func consider(_ v: SIMD8<Float>, _ position: Float) {
          let take = (v .> best) .| (v .!= v)
          best.replace(with: v, where: take)
          which.replace(with: position, where: take)
        }
        consider(upper.oddHalf, 1)
        consider(lower.evenHalf, 2)
        consider(lower.oddHalf, 3)
        UnsafeMutableRawPointer(output + (out &+ ox)).storeBytes(of: best, as: SIMD8<Float>.self)
        for l in 0..<8 {
          let k = Int(which[l])
          argmax[out &+ ox &+ l] = Int32(truncatingIfNeeded: i0 &+ 2 &* l &+ (k & 1) &+ (k >> 1) &* w)
        }
        ox &+= 8
      }
      while ox < g.outputWidth {
        let i0 = top &+ 2 &* ox
        var bestIndex = i0
        var best = x[i0]
        @inline(__always) func consider(_ index: Int) {
          let v = x[index]
          if v > best || v != v {
            best = v
            bestIndex = index
          }
        }
        consider(i0 &+ 1)
        consider(i0 &+ w)
        consider(i0 &+ w &+ 1)
        output[out &+ ox] = best
        argmax[out &+ ox] = Int32(truncatingIfNeeded: bestIndex)
        ox &+= 1
      }
    }
  }

  /// The gradient of max pooling: each output gradient goes to the element its window took.
  ///
  /// ```
  /// ∂L/∂x[k] = Σ_{o : argmax[o] = k} g[o]
  /// ```
  /// Linear in `outputGradient`; the same routing serves every attribution rule that treats
  /// max pooling like the gradient.
  /// - Parameters:
  ///   - outputGradient: `[N, C, OH, OW]`.
  ///   - argmax: the indices returned by `maxPoolForward` (or stored in the `ForwardTrace`).
  ///   - inputShape: `[N, C, H, W]`.
  /// - Returns: a tensor of `inputShape`.
  /// - Complexity: `N·C·OH·OW` additions.
  public func maxPoolBackward(outputGradient: Tensor, argmax: [Int32], inputShape: [Int]) -> Tensor
  {
    let g = geometry(forInputShape: inputShape)
    precondition(
      outputGradient.shape == outputShape(forInputShape: inputShape, geometry: g)
        && argmax.count == outputGradient.count,
      "Pool \(name): output gradient \(outputGradient.shape) and \(argmax.count) indices do not fit input \(inputShape)"
    )
    if g.tilesExactly {
      return tiledBackward(outputGradient: outputGradient, argmax: argmax, inputShape: inputShape, geometry: g, gate: nil).pooled
    }
    let planes = inputShape[0] &* inputShape[1]
    let p = g.outputPlaneSize
    var dx = [Float](repeating: 0, count: planes &* g.planeSize)
    outputGradient.scalars.withUnsafeBufferPointer { gy in
      argmax.withUnsafeBufferPointer { am in
        dx.withUnsafeMutableBufferPointer { dx in
          let src = SharedPointer(base: gy.baseAddress!)
          let idx = SharedPointer(base: am.baseAddress!)
          let dst = SharedMutablePointer(base: dx.baseAddress!)
          // Window indices of plane `c` stay inside plane `c`, so plane chunks write disjointly.
          ParallelChunks.run(count: planes, costPerItem: p) { range in
            for o in (range.lowerBound &* p)..<(range.upperBound &* p) {
              dst.base[Int(idx.base[o])] += src.base[o]
            }
          }
        }
      }
    }
    return Tensor(shape: inputShape, scalars: dx)
  }

  /// `maxPoolBackward` and the backward rule of a ReLU right below the pool, in one pass (the
  /// ReLU's input is positive at a window's arg-max exactly when the pooled value is):
  ///
  /// ```
  /// pooled[k] = g[o]                        if argmax[o] = k, else 0
  /// masked[k] = pooled[k] · gate(y[o], g[o])
  /// ```
  /// - Parameters:
  ///   - outputGradient: `[N, C, OH, OW]`.
  ///   - argmax: the routing from `maxPoolForward` (or the trace).
  ///   - output: the pooled values `y` (`[N, C, OH, OW]`, from the trace).
  ///   - inputShape: `[N, C, H, W]`.
  ///   - gate: which signs the ReLU rule keeps.
  /// - Returns: both vectors of `inputShape`, or `nil` when the windows do not tile the input
  ///   exactly (kernel = stride, no padding, no remainder): call `maxPoolBackward` and the ReLU rule then.
  /// - Complexity: one write pass over both results, `N·C·H·W` each.
  public func maxPoolBackward(
    outputGradient: Tensor, argmax: [Int32], output: Tensor, inputShape: [Int], throughReLU gate: ReLU.Gate
  ) -> (pooled: Tensor, masked: Tensor)? {
    let g = geometry(forInputShape: inputShape)
    guard g.tilesExactly else { return nil }
    precondition(output.shape == outputGradient.shape, "Pool \(name): pooled values \(output.shape) vs gradient \(outputGradient.shape)")
    let both = tiledBackward(
      outputGradient: outputGradient, argmax: argmax, inputShape: inputShape, geometry: g, gate: (gate, output.scalars))
    return (both.pooled, both.masked ?? both.pooled)
  }

  /// `maxPoolBackward` on windows that tile the plane: every input element is written once (the
  /// winner gets the gradient, the rest 0), so no zero-fill pass; with `gate`, also the
  /// ReLU-gated copy.
  private func tiledBackward(
    outputGradient: Tensor, argmax: [Int32], inputShape: [Int], geometry g: WindowGeometry,
    gate: (ReLU.Gate, [Float])?
  ) -> (pooled: Tensor, masked: Tensor?) {
    precondition(
      outputGradient.shape == outputShape(forInputShape: inputShape, geometry: g)
        && argmax.count == outputGradient.count,
      "Pool \(name): output gradient \(outputGradient.shape) and \(argmax.count) indices do not fit input \(inputShape)"
    )
    let planes = inputShape[0] &* inputShape[1]
    let p = g.outputPlaneSize
    let count = planes &* g.planeSize
    var dx = [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
    var dm = [Float](unsafeUninitializedCapacity: gate == nil ? 0 : count) { _, n in n = gate == nil ? 0 : count }
    let values = gate?.1 ?? []
    let (needsInput, needsSignal) = (gate?.0.positiveInput ?? false, gate?.0.positiveSignal ?? false)
    let (kh, kw, w, ow) = (g.kernelHeight, g.kernelWidth, g.width, g.outputWidth)
    outputGradient.scalars.withUnsafeBufferPointer { gy in
      argmax.withUnsafeBufferPointer { am in
        values.withUnsafeBufferPointer { yv in
          dx.withUnsafeMutableBufferPointer { dx in
            dm.withUnsafeMutableBufferPointer { dm in
              let src = SharedPointer(base: gy.baseAddress!)
              let idx = SharedPointer(base: am.baseAddress!)
              let pooled = gate == nil ? nil : SharedPointer(base: yv.baseAddress!)
              let dst = SharedMutablePointer(base: dx.baseAddress!)
              let gated = gate == nil ? nil : SharedMutablePointer(base: dm.baseAddress!)
              // Plane chunks write disjoint planes; each element of a plane lies in exactly one window.
              ParallelChunks.run(count: planes, costPerItem: g.planeSize) { range in
                for plane in range {
                  let base = plane &* g.planeSize
                  for oy in 0..<g.outputHeight {
                    let top = base &+ oy &* kh &* w
                    let first = plane &* p &+ oy &* ow
                    for ox in 0..<ow {
                      let o = first &+ ox
                      let v = src.base[o]
                      let corner = top &+ ox &* kw
                      let offset = Int(idx.base[o]) &- corner  // row-major offset of the winner in the plane
                      var kept: Float = 0
                      if let pooled {
                        kept = (!needsInput || pooled.base[o] > 0) && (!needsSignal || v > 0) ? v : 0
                      }
                      if kh == 2 && kw == 2 {
                        // The common 2×2 window, unrolled: four stores on two rows.
                        let (d, e) = (dst.base + corner, dst.base + (corner &+ w))
                        d[0] = offset == 0 ? v : 0
                        d[1] = offset == 1 ? v : 0
                        e[0] = offset == w ? v : 0
                        e[1] = offset == w &+ 1 ? v : 0
                        if let gated {
                          let (d, e) = (gated.base + corner, gated.base + (corner &+ w))
                          d[0] = offset == 0 ? kept : 0
                          d[1] = offset == 1 ? kept : 0
                          e[0] = offset == w ? kept : 0
                          e[1] = offset == w &+ 1 ? kept : 0
                        }
                        continue
                      }
                      for i in 0..<kh {
                        let row = i &* w
                        for j in 0..<kw {
                          let hit = offset == row &+ j
                          dst.base[corner &+ row &+ j] = hit ? v : 0
                          if let gated { gated.base[corner &+ row &+ j] = hit ? kept : 0 }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return (Tensor(shape: inputShape, scalars: dx), gate == nil ? nil : Tensor(shape: inputShape, scalars: dm))
  }

  /// Average pooling of a batch, counting padded zeros (`count_include_pad=True`).
  ///
  /// ```
  /// y[n, c, oy, ox] = (1 / (kh·kw)) · Σ_{i,j} x[n, c, oy·sh − ph + i, ox·sw − pw + j]   (padding = 0)
  /// ```
  /// - Parameter input: `[N, C, H, W]`.
  /// - Returns: `[N, C, OH, OW]`.
  /// - Complexity: `N·C·OH·OW·kh·kw` additions.
  public func avgPoolForward(_ input: Tensor) -> Tensor {
    let g = geometry(forInputShape: input.shape)
    let planes = input.shape[0] &* input.shape[1]
    let p = g.outputPlaneSize
    let scale = 1 / Float(g.kernelHeight &* g.kernelWidth)
    var y = [Float](repeating: 0, count: planes &* p)
    input.scalars.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        let src = SharedPointer(base: x.baseAddress!)
        let dst = SharedMutablePointer(base: y.baseAddress!)
        ParallelChunks.run(count: planes, costPerItem: p &* g.kernelHeight &* g.kernelWidth) {
          range in
          for plane in range {
            let xp = src.base + plane &* g.planeSize
            let yp = dst.base + plane &* p
            for oy in 0..<g.outputHeight {
              let y0 = oy &* g.strideHeight &- g.padHeight
              let rows = max(0, y0)..<min(g.height, y0 &+ g.kernelHeight)
              for ox in 0..<g.outputWidth {
                let x0 = ox &* g.strideWidth &- g.padWidth
                let cols = max(0, x0)..<min(g.width, x0 &+ g.kernelWidth)
                var sum: Float = 0
                for iy in rows {
                  for ix in cols { sum += xp[iy &* g.width &+ ix] }
                }
                yp[oy &* g.outputWidth &+ ox] = sum * scale
              }
            }
          }
        }
      }
    }
    return Tensor(shape: outputShape(forInputShape: input.shape, geometry: g), scalars: y)
  }

  /// The gradient of average pooling: each output gradient is spread evenly over its window,
  /// padding positions included (their share is dropped).
  ///
  /// ```
  /// ∂L/∂x[n, c, y, x] = (1 / (kh·kw)) · Σ_{windows (oy, ox) containing (y, x)} g[n, c, oy, ox]
  /// ```
  /// - Parameters:
  ///   - outputGradient: `[N, C, OH, OW]`.
  ///   - inputShape: `[N, C, H, W]`.
  /// - Returns: a tensor of `inputShape`.
  /// - Complexity: `N·C·OH·OW·kh·kw` additions.
  public func avgPoolBackward(outputGradient: Tensor, inputShape: [Int]) -> Tensor {
    let g = geometry(forInputShape: inputShape)
    precondition(
      outputGradient.shape == outputShape(forInputShape: inputShape, geometry: g),
      "Pool \(name): output gradient \(outputGradient.shape) does not fit input \(inputShape)")
    let planes = inputShape[0] &* inputShape[1]
    let p = g.outputPlaneSize
    let scale = 1 / Float(g.kernelHeight &* g.kernelWidth)
    var dx = [Float](repeating: 0, count: planes &* g.planeSize)
    outputGradient.scalars.withUnsafeBufferPointer { gy in
      dx.withUnsafeMutableBufferPointer { dx in
        let src = SharedPointer(base: gy.baseAddress!)
        let dst = SharedMutablePointer(base: dx.baseAddress!)
        ParallelChunks.run(count: planes, costPerItem: p &* g.kernelHeight &* g.kernelWidth) {
          range in
          for plane in range {
            let gp = src.base + plane &* p
            let xp = dst.base + plane &* g.planeSize
            for oy in 0..<g.outputHeight {
              let y0 = oy &* g.strideHeight &- g.padHeight
              let rows = max(0, y0)..<min(g.height, y0 &+ g.kernelHeight)
              for ox in 0..<g.outputWidth {
                let x0 = ox &* g.strideWidth &- g.padWidth
                let cols = max(0, x0)..<min(g.width, x0 &+ g.kernelWidth)
                let share = gp[oy &* g.outputWidth &+ ox] * scale
                for iy in rows {
                  for ix in cols { xp[iy &* g.width &+ ix] += share }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: inputShape, scalars: dx)
  }
}

extension WindowGeometry {
  /// Whether the windows partition every plane exactly (kernel = stride, no padding, no
  /// remainder), so each input element lies in exactly one window.
  fileprivate var tilesExactly: Bool {
    kernelHeight == strideHeight && kernelWidth == strideWidth && padHeight == 0 && padWidth == 0
      && outputHeight &* kernelHeight == height && outputWidth &* kernelWidth == width
  }
}
