/// Householder QR factorisation and orthonormalisation of ``Matrix``.
extension Matrix {
  /// The thin QR factorisation `A = Q R` of an `m × n` matrix with `m ≥ n`, by Householder
  /// reflections (backward stable).
  ///
  /// `Q` is `m × n` with orthonormal columns, `R` is `n × n` upper triangular with a nonnegative
  /// diagonal (this fixes the factorisation uniquely when `A` has full column rank; for a
  /// Gaussian `A` it makes `Q` Haar-distributed).
  /// - Precondition: `rows ≥ columns`.
  /// - Complexity: about `4mn² − 4n³/3` flops.
  public func qr() -> (q: Matrix, r: Matrix) {
    precondition(rows >= columns, "Matrix.qr: needs rows ≥ columns, got \(rows)×\(columns)")
    let f = HouseholderQR(m: rows, n: columns, columns: columnMajorScalars(), pivoting: false)
    let q = Matrix(fromColumnMajor: f.thinQColumns(), rows: rows, columns: columns)
    return (q, Matrix(rows: columns, columns: columns, scalars: f.rowMajorR()))
  }

  /// An `m × n` matrix whose orthonormal columns span the column space of this `m × n`
  /// matrix (`m ≥ n`): the `Q` of ``qr()``. Used to orthonormalise random range sketches.
  ///
  /// When the matrix is rank-deficient, `Q` still has orthonormal columns; columns past the
  /// rank are then an arbitrary orthonormal completion inside the Householder frame.
  /// - Precondition: `rows ≥ columns`.
  /// - Complexity: about `4mn² − 4n³/3` flops.
  public func orthonormalizedColumns() -> Matrix {
    precondition(rows >= columns, "Matrix.orthonormalizedColumns: needs rows ≥ columns, got \(rows)×\(columns)")
    let f = HouseholderQR(m: rows, n: columns, columns: columnMajorScalars(), pivoting: false)
    return Matrix(fromColumnMajor: f.thinQColumns(), rows: rows, columns: columns)
  }

  /// The entries in column-major order (column `j` contiguous at `j·rows`).
  func columnMajorScalars() -> [Double] { transposed().scalars }

  /// Builds a `rows × columns` matrix from column-major storage.
  init(fromColumnMajor storage: [Double], rows: Int, columns: Int) {
    self = Matrix(rows: columns, columns: rows, scalars: storage).transposed()
  }
}
