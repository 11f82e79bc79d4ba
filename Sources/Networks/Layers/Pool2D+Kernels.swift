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
