/// Householder QR factorisation `A P = Q R` of an `m × n` matrix with `m ≥ n`, optionally with
/// column pivoting; the working kernel behind ``Matrix/qr()`` and the SVD preconditioner.
///
/// Reflector `k` is `H_k = I − β_k v_k v_kᵀ` with `v_k` supported on rows `k..<m`;
/// `Q = H_0 H_1 ⋯ H_{n−1}` restricted to its first `n` columns. The working matrix is stored
/// by columns (column `j` contiguous at offset `j·m`), so every reflector application is a pair
/// of unit-stride loops. With pivoting, step `k` moves the remaining column of largest norm to
/// position `k` (LAPACK `dgeqp3` order, norms recomputed exactly each step), so `|r_kk|` is
/// non-increasing.
///
/// - Complexity: `2mn² − 2n³/3` flops for `R`, the same again for the thin `Q`; pivoting adds
///   about `mn²/2` for norm recomputation.
struct HouseholderQR {
  /// Rows of `A`.
  let m: Int
  /// Columns of `A`.
  let n: Int
  /// Column storage: above the diagonal `R`, on and below it the reflector vectors `v_k`.
  private(set) var work: [Double]
  /// `β_k` of each reflector (0 when `H_k = I`).
  private(set) var betas: [Double]
  /// Diagonal of `R` (`r_kk = α_k`).
  private(set) var diagonal: [Double]
  /// `permutation[k]` is the column of `A` that ended at position `k`.
  private(set) var permutation: [Int]

  /// Factorises `columns`, the `n` columns of `A` stored contiguously (column `j` at `j·m`).
  init(m: Int, n: Int, columns: [Double], pivoting: Bool) {
    precondition(m >= n, "HouseholderQR: needs rows ≥ columns, got \(m)×\(n)")
    precondition(columns.count == m * n, "HouseholderQR: storage size")
    self.m = m
    self.n = n
    work = columns
    betas = [Double](repeating: 0, count: n)
    diagonal = [Double](repeating: 0, count: n)
    permutation = Array(0..<n)
    var betas = self.betas, diagonal = self.diagonal, permutation = self.permutation
    work.withUnsafeMutableBufferPointer { wb in
      guard let a = wb.baseAddress else { return }
      for k in 0..<n {
        let len = m &- k
        if pivoting {
          var best = k
          var bestNorm = -1.0
          for j in k..<n {
            let c = VectorKernels.norm(a + (j &* m &+ k), len)
            if c > bestNorm { bestNorm = c; best = j }
          }
          if best != k {
            let pk = a + k &* m, pb = a + best &* m
            for i in 0..<m { let t = pk[i]; pk[i] = pb[i]; pb[i] = t }
            permutation.swapAt(k, best)
          }
        }
        let v = a + (k &* m &+ k)
        let normX = VectorKernels.norm(v, len)
        if normX == 0 { betas[k] = 0; diagonal[k] = 0; continue }
        let alpha = v[0] >= 0 ? -normX : normX
        v[0] -= alpha
        let vv = VectorKernels.dot(v, v, len)
        let beta = 2 / vv
        betas[k] = beta
        diagonal[k] = alpha
        for j in (k &+ 1)..<max(n, k &+ 1) {
          let c = a + (j &* m &+ k)
          let s = beta * VectorKernels.dot(v, c, len)
          for i in 0..<len { c[i] -= s * v[i] }
        }
      }
    }
    self.betas = betas
    self.diagonal = diagonal
    self.permutation = permutation
  }

  /// Sign of row `k` chosen so that `r_kk ≥ 0` (Q's column `k` is flipped to match).
  private func sign(_ k: Int) -> Double { diagonal[k] < 0 ? -1 : 1 }

  /// `R` (`n × n`, upper triangular, nonnegative diagonal) in row-major order.
  func rowMajorR() -> [Double] {
    var r = [Double](repeating: 0, count: n * n)
    for k in 0..<n {
      let s = sign(k)
      r[k * n + k] = s * diagonal[k]
      for j in (k + 1)..<max(n, k + 1) { r[k * n + j] = s * work[j * m + k] }
    }
    return r
  }

  /// The thin `Q` (`m × n`, orthonormal columns) stored by columns (column `j` at `j·m`),
  /// formed by backward accumulation `H_k (H_{k+1} ⋯ [I; 0])`.
  func thinQColumns() -> [Double] {
    var q = [Double](repeating: 0, count: m * n)
    for j in 0..<n { q[j * m + j] = 1 }
    q.withUnsafeMutableBufferPointer { qb in
      work.withUnsafeBufferPointer { wb in
        guard let qp = qb.baseAddress, let a = wb.baseAddress else { return }
        for k in stride(from: n &- 1, through: 0, by: -1) where betas[k] != 0 {
          let v = a + (k &* m &+ k)
          let len = m &- k
          for j in k..<n {
            let c = qp + (j &* m &+ k)
            let s = betas[k] * VectorKernels.dot(v, c, len)
            for i in 0..<len { c[i] -= s * v[i] }
          }
        }
        for k in 0..<n where diagonal[k] < 0 {
          let c = qp + k &* m
          for i in 0..<m { c[i] = -c[i] }
        }
      }
    }
    return q
  }
}
