import Matrices
import Networks

extension LRPKernel {
  /// A dense or convolution layer seen as a bias-free linear map `x ↦ W x` on flat samples, with
  /// batched products for any weight matrix of the layer's shape (`W`, `W⁺`, `W⁻`, `W²`, …).
  ///
  /// Dense: `Y = X Wᵀ` and `X = S W` (one GEMM each). Conv: im2col + `W · cols` and `Wᵀ · S` +
  /// col2im, samples grouped so one patch matrix stays near `columnBudget` floats.
  struct LinearMap: Sendable {
    /// The default patch-matrix budget in floats (16 MiB).
    static let defaultColumnBudget = 1 << 22

    enum Geometry: Sendable { case dense, conv(Window) }

    /// The layer's name (for messages).
    let name: String
    /// Dense or conv geometry.
    let geometry: Geometry
    /// Output rows of the weight matrix `O`.
    let rows: Int
    /// Columns of the weight matrix `K` (dense inputs, or `C·kh·kw`).
    let patch: Int
    /// The patch-matrix budget in floats (tests use a small one to exercise grouping).
    var columnBudget = LinearMap.defaultColumnBudget
    /// Elements of one input sample.
    let inputSize: Int
    /// Elements of one output sample.
    let outputSize: Int
    /// Output positions per channel (`1` for dense).
    let plane: Int

    /// The map of a dense layer.
    init(_ d: Dense) {
      name = d.name
      geometry = .dense
      rows = d.outputCount
      patch = d.inputCount
      inputSize = d.inputCount
      outputSize = d.outputCount
      plane = 1
    }

    /// The map of a conv layer on `[N, C, H, W]` inputs of the given shape.
    init(_ c: Conv2D, inputShape: [Int]) {
      let g = Window(c, height: inputShape[2], width: inputShape[3])
      name = c.name
      geometry = .conv(g)
      rows = c.outputChannels
      patch = g.patchSize
      inputSize = g.sampleSize
      outputSize = c.outputChannels &* g.outputPlaneSize
      plane = g.outputPlaneSize
    }

    /// `Σ_t W_t · x_t` for a batch of `n` samples (no bias): `[N, outputSize]` flat.
    /// - Parameter terms: pairs of a weight matrix `[O, K]` and an input batch `[N, inputSize]`.
    func forward(_ terms: [(weights: [Float], input: [Float])], batch n: Int) -> [Float] {
      forward([terms], batch: n)[0]
    }

    /// Several sums `Σ_t W_t · x_t` at once; conv layers pack each distinct input array once per
    /// group of samples and reuse the patch matrix for every weight matrix applied to it.
    func forward(_ outputs: [[(weights: [Float], input: [Float])]], batch n: Int) -> [[Float]] {
      var results = outputs.map { _ in LRPKernel.uninitialized(n &* outputSize) }
      guard n > 0 else { return results }
      switch geometry {
      case .dense:
        for (o, terms) in outputs.enumerated() {
          results[o].withUnsafeMutableBufferPointer { y in
            for (t, term) in terms.enumerated() {
              term.weights.withUnsafeBufferPointer { w in
                term.input.withUnsafeBufferPointer { x in
                  GEMM.sgemm(
                    transposeA: false, transposeB: true, m: n, n: rows, k: patch, alpha: 1,
                    a: x.baseAddress!, lda: patch, b: w.baseAddress!, ldb: patch,
                    beta: t == 0 ? 0 : 1, c: y.baseAddress!, ldc: rows)
                }
              }
            }
          }
        }
      case .conv(let g):
        convForward(outputs, batch: n, window: g, into: &results)
      }
      return results
    }

    /// `Σ_t W_tᵀ · s_t` for a batch of `n` samples: `[N, inputSize]` flat.
    /// - Parameter terms: pairs of a weight matrix `[O, K]` and an upstream batch `[N, outputSize]`.
    func backward(_ terms: [(weights: [Float], upstream: [Float])], batch n: Int) -> [Float] {
      guard n > 0, !terms.isEmpty else { return [Float](repeating: 0, count: n &* inputSize) }
      var out: [Float]
      switch geometry {
      case .dense:
        out = LRPKernel.uninitialized(n &* inputSize)
        out.withUnsafeMutableBufferPointer { y in
          for (t, term) in terms.enumerated() {
            term.weights.withUnsafeBufferPointer { w in
              term.upstream.withUnsafeBufferPointer { s in
                GEMM.sgemm(
                  transposeA: false, transposeB: false, m: n, n: patch, k: rows, alpha: 1,
                  a: s.baseAddress!, lda: rows, b: w.baseAddress!, ldb: patch,
                  beta: t == 0 ? 0 : 1, c: y.baseAddress!, ldc: patch)
              }
            }
          }
        }
      case .conv(let g):
        out = [Float](repeating: 0, count: n &* inputSize)
        convBackward(terms, batch: n, window: g, into: &out)
      }
      return out
    }

    /// How many samples share one patch matrix.
    private func groupSize(batch n: Int) -> Int {
      max(1, min(n, columnBudget / max(1, patch &* plane)))
    }

    private func convForward(
      _ outputs: [[(weights: [Float], input: [Float])]], batch n: Int, window g: Window,
      into results: inout [[Float]]
    ) {
      let group = groupSize(batch: n)
      let (o, p, k) = (rows, plane, patch)
      // Distinct input arrays (by buffer identity), each packed once per group.
      var inputs: [[Float]] = []
      var uses: [[(output: Int, weights: [Float])]] = []
      func address(_ a: [Float]) -> UInt { a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
      for (index, terms) in outputs.enumerated() {
        for term in terms {
          if let u = inputs.firstIndex(where: { address($0) == address(term.input) && $0.count == term.input.count }) {
            uses[u].append((index, term.weights))
          } else {
            inputs.append(term.input)
            uses.append([(index, term.weights)])
          }
        }
      }
      var columns = LRPKernel.uninitialized(k &* group &* p)
      var products = outputs.map { _ in LRPKernel.uninitialized(o &* group &* p) }
      var start = 0
      while start < n {
        let count = min(group, n - start)
        let ld = count &* p
        let first = start
        var written = [Bool](repeating: false, count: outputs.count)
        for (u, input) in inputs.enumerated() {
          columns.withUnsafeMutableBufferPointer { cols in
            input.withUnsafeBufferPointer { x in
              let src = ReadPointer(base: x.baseAddress!)
              let dst = WritePointer(base: cols.baseAddress!)
              LRPKernel.forEachSampleChannels(count: count, window: g) { s, channels in
                LRPKernel.pack(
                  src.base + (first &+ s) &* g.sampleSize, window: g, into: dst.base, ld: ld, offset: s &* p,
                  channels: channels)
              }
            }
            for use in uses[u] {
              let beta: Float = written[use.output] ? 1 : 0
              written[use.output] = true
              use.weights.withUnsafeBufferPointer { w in
                // One sample: the GEMM writes the [O, P] block in place, no scatter.
                if count == 1 {
                  results[use.output].withUnsafeMutableBufferPointer { y in
                    GEMM.sgemm(
                      transposeA: false, transposeB: false, m: o, n: ld, k: k, alpha: 1,
                      a: w.baseAddress!, lda: k, b: cols.baseAddress!, ldb: ld,
                      beta: beta, c: y.baseAddress! + first &* o &* p, ldc: ld)
                  }
                } else {
                  products[use.output].withUnsafeMutableBufferPointer { prod in
                    GEMM.sgemm(
                      transposeA: false, transposeB: false, m: o, n: ld, k: k, alpha: 1,
                      a: w.baseAddress!, lda: k, b: cols.baseAddress!, ldb: ld,
                      beta: beta, c: prod.baseAddress!, ldc: ld)
                  }
                }
              }
            }
          }
        }
        for index in outputs.indices where count > 1 {
          products[index].withUnsafeBufferPointer { prod in
            results[index].withUnsafeMutableBufferPointer { y in
              for s in 0..<count {
                for oc in 0..<o {
                  (y.baseAddress! + ((first &+ s) &* o &+ oc) &* p).update(
                    from: prod.baseAddress! + (oc &* ld &+ s &* p), count: p)
                }
              }
            }
          }
        }
        start += count
      }
    }

    private func convBackward(
      _ terms: [(weights: [Float], upstream: [Float])], batch n: Int, window g: Window,
      into out: inout [Float]
    ) {
      let group = groupSize(batch: n)
      var columns = LRPKernel.uninitialized(patch &* group &* plane)
      var gathered = LRPKernel.uninitialized(rows &* group &* plane)
      let (o, p, k) = (rows, plane, patch)
      columns.withUnsafeMutableBufferPointer { cols in
        gathered.withUnsafeMutableBufferPointer { gg in
          out.withUnsafeMutableBufferPointer { dx in
            var start = 0
            while start < n {
              let count = min(group, n - start)
              let ld = count &* p
              for (t, term) in terms.enumerated() {
                term.upstream.withUnsafeBufferPointer { s in
                  // One sample's [O, P] block is already the GEMM layout: no gather.
                  let source = s.baseAddress! + start &* o &* p
                  if count > 1 {
                    for i in 0..<count {
                      for oc in 0..<o {
                        (gg.baseAddress! + (oc &* ld &+ i &* p)).update(from: source + (i &* o &+ oc) &* p, count: p)
                      }
                    }
                  }
                  term.weights.withUnsafeBufferPointer { w in
                    GEMM.sgemm(
                      transposeA: true, transposeB: false, m: k, n: ld, k: o, alpha: 1,
                      a: w.baseAddress!, lda: k, b: count > 1 ? UnsafePointer(gg.baseAddress!) : source, ldb: ld,
                      beta: t == 0 ? 0 : 1, c: cols.baseAddress!, ldc: ld)
                  }
                }
              }
              let first = start
              let src = ReadPointer(base: UnsafePointer(cols.baseAddress!))
              let dst = WritePointer(base: dx.baseAddress!)
              LRPKernel.forEachSampleChannels(count: count, window: g) { s, channels in
                LRPKernel.unpackAdding(
                  src.base, ld: ld, offset: s &* p, window: g,
                  into: dst.base + (first &+ s) &* g.sampleSize, channels: channels)
              }
              start += count
            }
          }
        }
      }
    }
  }
}
