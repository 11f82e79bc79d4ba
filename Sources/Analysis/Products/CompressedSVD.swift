import Matrices

/// The Jacobi SVD of a product with its all-zero rows and columns removed first.
///
/// Backward products of ReLU networks have many zero rows (inactive units below) and zero
/// columns (inactive units at the top); deleting them changes no nonzero singular value nor the
/// nonzero parts of the singular vectors, makes the SVD smaller (typically half the size in each
/// direction), and keeps the Jacobi iteration away from exactly zero columns.
enum CompressedSVD {
  /// `A = U Σ Vᵀ` with `U` (`m × r`) and `V` (`n × r`) zero on the removed rows, `r` the smaller
  /// count of nonzero rows and columns (the other `min(m, n) − r` singular values are exactly 0).
  /// - Complexity: O(mn) to find the lines, plus the Jacobi SVD of the `r_rows × r_columns` remainder.
  static func svd(_ a: Matrix) -> SingularValueDecomposition {
    let (m, n) = (a.rows, a.columns)
    var rowLive = [Bool](repeating: false, count: m), columnLive = [Bool](repeating: false, count: n)
    a.scalars.withUnsafeBufferPointer { s in
      for i in 0..<m {
        for j in 0..<n where s[i &* n &+ j] != 0 {
          rowLive[i] = true
          columnLive[j] = true
        }
      }
    }
    let rows = (0..<m).filter { rowLive[$0] }, columns = (0..<n).filter { columnLive[$0] }
    if rows.count == m && columns.count == n { return a.svd() }
    if rows.isEmpty || columns.isEmpty {
      return SingularValueDecomposition(u: Matrix(rows: m, columns: 0), singularValues: [], v: Matrix(rows: n, columns: 0), sweeps: 0)
    }
    var inner = [Double](repeating: 0, count: rows.count * columns.count)
    for (x, i) in rows.enumerated() {
      for (y, j) in columns.enumerated() { inner[x * columns.count + y] = a[i, j] }
    }
    let small = Matrix(rows: rows.count, columns: columns.count, scalars: inner).svd()
    let r = small.singularValues.count
    var u = [Double](repeating: 0, count: m * r), v = [Double](repeating: 0, count: n * r)
    for (x, i) in rows.enumerated() {
      for c in 0..<r { u[i * r + c] = small.u[x, c] }
    }
    for (y, j) in columns.enumerated() {
      for c in 0..<r { v[j * r + c] = small.v[y, c] }
    }
    return SingularValueDecomposition(
      u: Matrix(rows: m, columns: r, scalars: u),
      singularValues: small.singularValues,
      v: Matrix(rows: n, columns: r, scalars: v), sweeps: small.sweeps)
  }
}
