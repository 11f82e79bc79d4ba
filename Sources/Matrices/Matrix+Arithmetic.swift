/// Products, sums, scalings and entrywise operations on ``Matrix``.
extension Matrix {
  /// The matrix product `A · B` (`m × k` times `k × n`), computed by ``GEMM/dgemm``.
  /// - Precondition: `a.columns == b.rows`.
  /// - Complexity: `2·m·n·k` floating-point operations.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    a.multiplied(by: b)
  }

  /// `op(self) · op(other)` with `op(X) = Xᵀ` when the corresponding flag is set, by ``GEMM/dgemm``
  /// without forming a transpose. `transposingSelf: true` gives `AᵀB`, used for Gram matrices.
  /// - Precondition: the inner dimensions agree.
  /// - Complexity: `2·m·n·k` floating-point operations.
  public func multiplied(by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false)
    -> Matrix
  {
    let m = transposingSelf ? columns : rows
    let k = transposingSelf ? rows : columns
    let k2 = transposingOther ? other.columns : other.rows
    let n = transposingOther ? other.rows : other.columns
    precondition(k == k2, "Matrix product: inner dimensions \(k) and \(k2) differ")
    var c = Matrix(rows: m, columns: n)
    if m == 0 || n == 0 { return c }
    if k == 0 { return c }
    let lda = columns
    let ldb = other.columns
    scalars.withUnsafeBufferPointer { a in
      other.scalars.withUnsafeBufferPointer { b in
        c.withUnsafeMutableScalars { cp in
          GEMM.dgemm(
            transposeA: transposingSelf, transposeB: transposingOther, m: m, n: n, k: k,
            alpha: 1, a: a.baseAddress!, lda: max(lda, 1), b: b.baseAddress!, ldb: max(ldb, 1),
            beta: 0, c: cp.baseAddress!, ldc: n)
        }
      }
    }
    return c
  }

  /// The matrix–vector product `A · x`.
  /// - Precondition: `x.count == columns`.
  /// - Complexity: `2·m·n` floating-point operations.
  public static func * (a: Matrix, x: [Double]) -> [Double] {
    precondition(x.count == a.columns, "Matrix·vector: \(a.rows)×\(a.columns) times vector of length \(x.count)")
    var y = [Double](repeating: 0, count: a.rows)
    let n = a.columns
    a.scalars.withUnsafeBufferPointer { ap in
      x.withUnsafeBufferPointer { xp in
        for i in 0..<a.rows {
          y[i] = VectorKernels.dot(ap.baseAddress! + i &* n, xp.baseAddress!, n)
        }
      }
    }
    return y
  }

  /// The vector–matrix product `xᵀ · A` (equivalently `Aᵀ x`), a vector of length `columns`.
  /// - Precondition: `x.count == rows`.
  public static func * (x: [Double], a: Matrix) -> [Double] {
    precondition(x.count == a.rows, "vector·Matrix: vector of length \(x.count) times \(a.rows)×\(a.columns)")
    var y = [Double](repeating: 0, count: a.columns)
    let n = a.columns
    for i in 0..<a.rows where x[i] != 0 {
      let xi = x[i]
      for j in 0..<n { y[j] += xi * a.scalars[i &* n &+ j] }
    }
    return y
  }

  /// The entrywise sum `A + B`.
  /// - Precondition: equal shapes.
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "Matrix +: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    return Matrix(rows: a.rows, columns: a.columns, scalars: zip(a.scalars, b.scalars).map { $0 + $1 })
  }

  /// The entrywise difference `A − B`.
  /// - Precondition: equal shapes.
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "Matrix -: shapes \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    return Matrix(rows: a.rows, columns: a.columns, scalars: zip(a.scalars, b.scalars).map { $0 - $1 })
  }

  /// The negation `−A`.
  public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }

  /// The scaled matrix `s · A`.
  public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }

  /// The scaled matrix `A · s`.
  public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }

  /// The scaled matrix `A / s`.
  public static func / (a: Matrix, s: Double) -> Matrix { a.map { $0 / s } }

  /// The entrywise (Hadamard) product `A ∘ B`, `(A ∘ B)ᵢⱼ = aᵢⱼ bᵢⱼ`.
  /// - Precondition: equal shapes.
  public func hadamard(_ other: Matrix) -> Matrix {
    precondition(rows == other.rows && columns == other.columns, "Matrix.hadamard: shapes \(rows)×\(columns) and \(other.rows)×\(other.columns)")
    return Matrix(rows: rows, columns: columns, scalars: zip(scalars, other.scalars).map { $0 * $1 })
  }

  /// The matrix with `transform` applied to every entry.
  public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
    Matrix(rows: rows, columns: columns, scalars: try scalars.map(transform))
  }

  /// The Frobenius norm `‖A‖_F = √(Σᵢⱼ aᵢⱼ²)`, computed with scaling so that it neither
  /// overflows nor underflows for finite entries.
  public var frobeniusNorm: Double { norm(scalars) }

  /// The largest absolute entry `max |aᵢⱼ|` (0 for an empty matrix).
  public var maxAbs: Double { scalars.reduce(0) { Swift.max($0, abs($1)) } }
}
