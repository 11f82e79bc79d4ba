import Matrices

extension LinearOperator {
  /// The sparse operator `A` with `A[row[e], column[e]] = value[e]` (entries with the same position
  /// add up), applied matrix-free with its adjoint.
  ///
  /// `apply` maps an `columns × k` block `X` to `Y[r, c] = Σ_{e: row[e] = r} value[e]·X[column[e], c]`;
  /// the adjoint swaps the roles of `row` and `column`.
  /// - Parameters:
  ///   - rows: output dimension.
  ///   - columns: input dimension.
  ///   - row: the row of every entry.
  ///   - column: the column of every entry.
  ///   - value: the value of every entry.
  /// - Precondition: the three arrays have equal length and indices are in range.
  /// - Complexity: O(entries · k) per application.
  public static func sparse(rows: Int, columns: Int, row: [Int], column: [Int], value: [Double]) -> LinearOperator {
    precondition(row.count == column.count && row.count == value.count, "sparse operator: arrays of unequal length")
    precondition(row.allSatisfy { $0 >= 0 && $0 < rows } && column.allSatisfy { $0 >= 0 && $0 < columns },
      "sparse operator: index out of range")
    @Sendable func multiply(_ block: Matrix, from: [Int], to: [Int], outRows: Int) -> Matrix {
      let k = block.columns
      var out = [Double](repeating: 0, count: outRows * k)
      block.scalars.withUnsafeBufferPointer { x in
        for e in 0..<value.count {
          let v = value[e]
          guard v != 0 else { continue }
          let source = from[e] &* k
          let target = to[e] &* k
          for c in 0..<k { out[target &+ c] += v * x[source &+ c] }
        }
      }
      return Matrix(rows: outRows, columns: k, scalars: out)
    }
    return LinearOperator(
      rows: rows, columns: columns,
      apply: { multiply($0, from: column, to: row, outRows: rows) },
      adjoint: { multiply($0, from: row, to: column, outRows: columns) })
  }
}
