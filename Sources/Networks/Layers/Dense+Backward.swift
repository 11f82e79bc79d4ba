import Matrices

extension Dense {
  /// The gradient with respect to the layer input, `∂L/∂X = G · W`.
  ///
  /// ```
  /// ∂L/∂x[n, i] = Σ_o g[n, o] · W[o, i]
  /// ```
  /// Linear in `outputGradient` and independent of the input values (the transpose `Wᵀ` applied
  /// to every row). One GEMM with `W` as its `B` operand; for batches up to `4·NR` (64 on AVX2)
  /// GEMM packs `W` in small blocks on 4-row tiles, prefetching the next block (for a 32 MiB `W`
  /// the product stays bound by reading `W` with its long row stride; see
  /// Sources/CKernels/README.md). Large layers (`W` of at least `transposedGradientMinimumWeights`
  /// floats) at batches from 2 to `transposedGradientMaximumBatch` instead compute
  /// `(∂L/∂X)ᵀ = Wᵀ · Gᵀ` with a cached transposed copy of `W` (`TransposedWeightCache`), which
  /// GEMM reads in place as long sequential rows, the form of `forward`'s batched path. Both
  /// forms give every output the same GEMM sum in the same order, so the results are equal bit
  /// for bit (tested).
  /// - Parameter outputGradient: `[N, out]`.
  /// - Returns: `[N, in]`.
  /// - Complexity: `2·N·in·out` flops.
  public func inputGradient(outputGradient: Tensor) -> Tensor {
    precondition(
      outputGradient.rank == 2 && outputGradient.shape[1] == outputCount,
      "Dense \(name): output gradient must be [N, \(outputCount)], got \(outputGradient.shape)")
    let n = outputGradient.shape[0]
    if n >= 2 && n <= Self.transposedGradientMaximumBatch
      && inputCount &* outputCount >= Self.transposedGradientMinimumWeights
    {
      return transposedInputGradient(outputGradient)
    }
    var dx = [Float](repeating: 0, count: n &* inputCount)
    outputGradient.scalars.withUnsafeBufferPointer { g in
      weight.scalars.withUnsafeBufferPointer { w in
        dx.withUnsafeMutableBufferPointer { dx in
          guard n > 0, inputCount > 0, outputCount > 0 else { return }
          GEMM.sgemm(
            transposeA: false, transposeB: false, m: n, n: inputCount, k: outputCount,
            alpha: 1, a: g.baseAddress!, lda: outputCount, b: w.baseAddress!, ldb: inputCount,
            beta: 0, c: dx.baseAddress!, ldc: inputCount)
        }
      }
    }
    return Tensor(shape: [n, inputCount], scalars: dx)
  }

  /// The fewest weights (`in·out`, 4 Mi floats = 16 MiB) for which `inputGradient` keeps a
  /// transposed copy: smaller weights stay in the caches, and re-packing them costs little.
  static let transposedGradientMinimumWeights = 1 << 22

  /// The largest batch of the transposed form (GEMM's in-place skinny form, `4·NR` on AVX2).
  static let transposedGradientMaximumBatch = 64

  /// `inputGradient` as `(∂L/∂X)ᵀ = Wᵀ · Gᵀ` followed by a transpose, `Wᵀ` from the
  /// `TransposedWeightCache` (one transpose per weight buffer, then O(1)).
  private func transposedInputGradient(_ outputGradient: Tensor) -> Tensor {
    let n = outputGradient.shape[0]
    let (k, out) = (inputCount, outputCount)
    let wt = TransposedWeightCache.shared.transposed(weight.scalars, rows: out, columns: k)
    return Tensor.filling(shape: [n, k]) { dx in
      ScratchPool.shared.withBuffer(count: k &* n) { dxt in
        outputGradient.scalars.withUnsafeBufferPointer { g in
          wt.withUnsafeBufferPointer { w in
            GEMM.sgemm(
              transposeA: false, transposeB: true, m: k, n: n, k: out,
              alpha: 1, a: w.baseAddress!, lda: out, b: g.baseAddress!, ldb: out,
              beta: 0, c: dxt, ldc: n)
          }
        }
        for i in 0..<k {
          let row = dxt + i &* n
          for s in 0..<n { dx[s &* k &+ i] = row[s] }
        }
      }
    }
  }

  /// The gradients with respect to the weights and the bias, summed over the batch.
  ///
  /// ```
  /// ∂L/∂W[o, i] = Σ_n g[n, o] · x[n, i]      (Gᵀ X)
  /// ∂L/∂b[o]    = Σ_n g[n, o]
  /// ```
  /// - Parameters:
  ///   - input: `[N, in]`, the layer input from the forward trace.
  ///   - outputGradient: `[N, out]`.
  /// - Returns: the weight gradient `[out, in]` and the bias gradient `[out]` (`nil` without bias).
  /// - Complexity: `2·N·in·out` flops.
  public func parameterGradients(input: Tensor, outputGradient: Tensor) -> ParameterGradient {
    precondition(
      input.rank == 2 && input.shape[1] == inputCount
        && outputGradient.shape == [input.shape[0], outputCount],
      "Dense \(name): input [N, \(inputCount)] and output gradient [N, \(outputCount)] expected, got \(input.shape), \(outputGradient.shape)"
    )
    let n = input.shape[0]
    var dw = [Float](repeating: 0, count: outputCount &* inputCount)
    var db = [Float](repeating: 0, count: outputCount)
    outputGradient.scalars.withUnsafeBufferPointer { g in
      input.scalars.withUnsafeBufferPointer { x in
        dw.withUnsafeMutableBufferPointer { dw in
          guard n > 0, inputCount > 0, outputCount > 0 else { return }
          GEMM.sgemm(
            transposeA: true, transposeB: false, m: outputCount, n: inputCount, k: n,
            alpha: 1, a: g.baseAddress!, lda: outputCount, b: x.baseAddress!, ldb: inputCount,
            beta: 0, c: dw.baseAddress!, ldc: inputCount)
        }
        db.withUnsafeMutableBufferPointer { db in
          for row in 0..<n {
            let r = g.baseAddress! + row &* outputCount
            for o in 0..<outputCount { db[o] += r[o] }
          }
        }
      }
    }
    return ParameterGradient(
      weight: Tensor(shape: weight.shape, scalars: dw),
      bias: bias != nil ? Tensor(shape: [outputCount], scalars: db) : nil)
  }
}
