/// Cosine similarities between matrix columns (the building block of CSC statistics).
extension Matrix {
  /// The `n × n` matrix of cosine similarities between all pairs of columns,
  /// `Cₖₗ = aₖ·aₗ / (‖aₖ‖ ‖aₗ‖)`.
  ///
  /// Rows and columns belonging to a zero column are NaN (undefined angle, as in
  /// ``cosineSimilarity(_:_:)``); the diagonal of a nonzero column is 1.
  /// - Complexity: O(m·n²) (one Gram product of the normalised columns).
  public func columnCosineSimilarities() -> Matrix {
    var normalized = self
    var zero = [Bool](repeating: false, count: columns)
    for j in 0..<columns {
      let nj = norm(column(j))
      if !(nj > 0) || !nj.isFinite { zero[j] = true; continue }
      for i in 0..<rows { normalized.scalars[i * columns + j] /= nj }
    }
    var c = normalized.multiplied(by: normalized, transposingSelf: true)
    for k in 0..<columns {
      for l in 0..<columns {
        if zero[k] || zero[l] { c.scalars[k * columns + l] = .nan; continue }
        c.scalars[k * columns + l] = k == l ? 1 : Swift.min(1, Swift.max(-1, c.scalars[k * columns + l]))
      }
    }
    return c
  }

  /// The cosine similarities between corresponding columns of `self` and `other`,
  /// `cos(aⱼ, bⱼ)` for every `j` (NaN where either column is zero).
  /// - Precondition: equal shapes.
  public func columnCosineSimilarities(with other: Matrix) -> [Double] {
    precondition(rows == other.rows && columns == other.columns, "columnCosineSimilarities: shapes \(rows)×\(columns) and \(other.rows)×\(other.columns)")
    return (0..<columns).map { cosineSimilarity(column($0), other.column($0)) }
  }
}
