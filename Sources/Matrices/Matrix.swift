/// A dense real matrix in Double precision, stored row-major, with value semantics.
///
/// Entry `(i, j)` lives at `scalars[i * columns + j]`. The storage is a `[Double]`, so copies
/// are cheap and copy-on-write. Shapes are checked once at every public entry point
/// (`precondition` with a message); zero-sized matrices (`0 × n`, `m × 0`) are allowed.
///
/// Products use ``GEMM/dgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``;
/// factorisations (``svd()``, ``qr()``) run on private contiguous column storage.
public struct Matrix: Sendable, Equatable {
  /// Number of rows `m`.
  public let rows: Int
  /// Number of columns `n`.
  public let columns: Int
  /// The `rows * columns` entries in row-major order.
  public internal(set) var scalars: [Double]

  /// Creates a `rows × columns` matrix with every entry equal to `value`.
  /// - Precondition: `rows ≥ 0`, `columns ≥ 0`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.scalars = [Double](repeating: value, count: rows * columns)
  }

  /// Creates a `rows × columns` matrix from its entries in row-major order.
  /// - Precondition: `scalars.count == rows * columns`.
  public init(rows: Int, columns: Int, scalars: [Double]) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    precondition(
      scalars.count == rows * columns,
      "Matrix: \(scalars.count) scalars given for a \(rows)×\(columns) matrix")
    self.rows = rows
    self.columns = columns
    self.scalars = scalars
  }

  /// Creates a matrix from an array of rows, e.g. `Matrix([[1, 2], [3, 4]])`.
  /// An empty array gives the `0 × 0` matrix.
  /// - Precondition: all rows have the same length.
  public init(_ rowArrays: [[Double]]) {
    let n = rowArrays.first?.count ?? 0
    precondition(
      rowArrays.allSatisfy { $0.count == n }, "Matrix: rows of different lengths")
    self.init(rows: rowArrays.count, columns: n, scalars: rowArrays.flatMap { $0 })
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.scalars[i * n + i] = 1 }
    return m
  }

  /// A `rows × columns` matrix of independent standard normal entries drawn from `generator`
  /// in row-major order (so the same seed gives the same matrix everywhere).
  public static func gaussian(rows: Int, columns: Int, using generator: inout SeededGenerator)
    -> Matrix
  {
    var m = Matrix(rows: rows, columns: columns)
    for k in 0..<(rows * columns) { m.scalars[k] = generator.nextGaussian() }
    return m
  }

  /// A diagonal `rows × columns` matrix with `diagonal` on its main diagonal.
  /// - Precondition: `diagonal.count ≤ min(rows, columns)`.
  public static func diagonal(_ diagonal: [Double], rows: Int, columns: Int) -> Matrix {
    precondition(diagonal.count <= min(rows, columns), "Matrix.diagonal: too many entries")
    var m = Matrix(rows: rows, columns: columns)
    for (i, d) in diagonal.enumerated() { m.scalars[i * columns + i] = d }
    return m
  }

  /// The entry in row `i`, column `j`.
  /// - Precondition: `0 ≤ i < rows`, `0 ≤ j < columns`.
  public subscript(i: Int, j: Int) -> Double {
    get {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) out of \(rows)×\(columns)")
      return scalars[i * columns + j]
    }
    set {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) out of \(rows)×\(columns)")
      scalars[i * columns + j] = newValue
    }
  }

  /// Row `i` as a vector of length `columns`.
  public func row(_ i: Int) -> [Double] {
    precondition(i >= 0 && i < rows, "Matrix.row: \(i) out of 0..<\(rows)")
    return Array(scalars[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as a vector of length `rows`.
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < columns, "Matrix.column: \(j) out of 0..<\(columns)")
    return (0..<rows).map { scalars[$0 * columns + j] }
  }

  /// Builds a matrix whose columns are the given vectors (all of length `rows`).
  /// - Precondition: every vector has `rows` entries.
  public init(rows: Int, columnVectors: [[Double]]) {
    precondition(columnVectors.allSatisfy { $0.count == rows }, "Matrix: column length mismatch")
    self.init(rows: rows, columns: columnVectors.count)
    for (j, v) in columnVectors.enumerated() {
      for i in 0..<rows { scalars[i * columns + j] = v[i] }
    }
  }

  /// The transpose `Aᵀ` (`columns × rows`).
  /// - Complexity: O(rows · columns), blocked for cache locality.
  public func transposed() -> Matrix {
    var t = Matrix(rows: columns, columns: rows)
    let (m, n) = (rows, columns)
    scalars.withUnsafeBufferPointer { a in
      t.scalars.withUnsafeMutableBufferPointer { b in
        let block = 32
        for i0 in stride(from: 0, to: m, by: block) {
          for j0 in stride(from: 0, to: n, by: block) {
            for i in i0..<min(i0 + block, m) {
              for j in j0..<min(j0 + block, n) { b[j &* m &+ i] = a[i &* n &+ j] }
            }
          }
        }
      }
    }
    return t
  }

  /// The columns `range` of this matrix, as a `rows × range.count` matrix.
  public func columns(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= columns, "Matrix.columns: \(range) out of 0..<\(columns)")
    var s = Matrix(rows: rows, columns: range.count)
    for i in 0..<rows {
      for (jj, j) in range.enumerated() { s.scalars[i * range.count + jj] = scalars[i * columns + j] }
    }
    return s
  }

  /// `true` when every entry is finite (no NaN, no ±∞).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// Calls `body` with mutable access to the row-major storage (for kernels in this module).
  mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
    scalars.withUnsafeMutableBufferPointer { body($0) }
  }
}
