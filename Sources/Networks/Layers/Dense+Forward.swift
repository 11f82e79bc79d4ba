import Matrices

extension Dense {
  /// The affine map of a batch, `Y = X Wᵀ + b` (PyTorch `nn.Linear`).
  ///
  /// ```
  /// y[n, o] = b[o] + Σ_i W[o, i] · x[n, i]
  /// ```
  /// - Parameter input: `[N, in]`.
  /// - Returns: `[N, out]`.
  /// - Complexity: `2·N·in·out` flops (one GEMM).
  public func forward(_ input: Tensor) -> Tensor {
    precondition(
      input.rank == 2 && input.shape[1] == inputCount,
      "Dense \(name): input must be [N, \(inputCount)], got \(input.shape)")
    let n = input.shape[0]
    let out = outputCount
    let k = inputCount
    var y = [Float](repeating: 0, count: n &* out)
    if let bias {
      y.withUnsafeMutableBufferPointer { y in
        bias.scalars.withUnsafeBufferPointer { b in
          for row in 0..<n {
            (y.baseAddress! + row &* out).update(from: b.baseAddress!, count: out)
          }
        }
      }
    }
    input.scalars.withUnsafeBufferPointer { x in
      weight.scalars.withUnsafeBufferPointer { w in
        y.withUnsafeMutableBufferPointer { y in
          guard n > 0, out > 0 else { return }
          GEMM.sgemm(
            transposeA: false, transposeB: true, m: n, n: out, k: k,
            alpha: 1, a: x.baseAddress!, lda: k, b: w.baseAddress!, ldb: k,
            beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: out)
        }
      }
    }
    return Tensor(shape: [n, out], scalars: y)
  }
}
