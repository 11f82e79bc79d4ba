/// A matrix-free linear operator `A: ℝⁿ → ℝᵐ` (`rows = m`, `columns = n`), given by a closure
/// that applies it to a **block of vectors** and, optionally, by one that applies its adjoint `Aᵀ`.
///
/// Blocks are ``Matrix`` values whose *columns* are the vectors: `apply` maps an `n × k` block
/// `X` to the `m × k` block `A X`, `applyAdjoint` maps `m × k` to `n × k` (`Aᵀ Y`). Working on
/// blocks lets an implementation batch its work (one GEMM instead of `k` matrix–vector
/// products, one convolution over a batch of `k` images). This is how backward maps of conv
/// layers are wrapped without materialising their (huge, sparse) matrices.
///
/// Closures must be pure (same block in, same block out) and `@Sendable`; the operator is a
/// value and can be shared across threads.
public struct LinearOperator: Sendable {
  /// Output dimension `m`.
  public let rows: Int
  /// Input dimension `n`.
  public let columns: Int
  private let forward: @Sendable (Matrix) -> Matrix
  private let backward: (@Sendable (Matrix) -> Matrix)?

  /// Creates an operator from block closures.
  /// - Parameters:
  ///   - rows: output dimension `m`.
  ///   - columns: input dimension `n`.
  ///   - apply: maps an `n × k` block `X` to `A X` (`m × k`).
  ///   - adjoint: maps an `m × k` block `Y` to `Aᵀ Y` (`n × k`), or `nil` if unavailable.
  public init(
    rows: Int, columns: Int, apply: @escaping @Sendable (Matrix) -> Matrix,
    adjoint: (@Sendable (Matrix) -> Matrix)? = nil
  ) {
    precondition(rows >= 0 && columns >= 0, "LinearOperator: negative shape \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.forward = apply
    self.backward = adjoint
  }

  /// The operator `x ↦ M x` of an explicit matrix, with adjoint `y ↦ Mᵀ y` (both by GEMM).
  public init(_ matrix: Matrix) {
    self.init(
      rows: matrix.rows, columns: matrix.columns,
      apply: { matrix * $0 },
      adjoint: { matrix.multiplied(by: $0, transposingSelf: true) })
  }

  /// The `n × n` identity operator (self-adjoint).
  public static func identity(_ n: Int) -> LinearOperator {
    LinearOperator(rows: n, columns: n, apply: { $0 }, adjoint: { $0 })
  }

  /// Whether ``applyAdjoint(_:)`` is available.
  public var hasAdjoint: Bool { backward != nil }

  /// `A X` for an `n × k` block `X` (columns are vectors).
  /// - Precondition: `block.rows == columns`; the closure returns `rows × k`.
  public func apply(_ block: Matrix) -> Matrix {
    precondition(block.rows == columns, "LinearOperator.apply: block has \(block.rows) rows, operator has \(columns) columns")
    let out = forward(block)
    precondition(out.rows == rows && out.columns == block.columns, "LinearOperator.apply: closure returned \(out.rows)×\(out.columns), expected \(rows)×\(block.columns)")
    return out
  }

  /// `Aᵀ Y` for an `m × k` block `Y`.
  /// - Precondition: ``hasAdjoint``; `block.rows == rows`; the closure returns `columns × k`.
  public func applyAdjoint(_ block: Matrix) -> Matrix {
    guard let backward else { preconditionFailure("LinearOperator.applyAdjoint: this operator has no adjoint") }
    precondition(block.rows == rows, "LinearOperator.applyAdjoint: block has \(block.rows) rows, operator has \(rows) rows")
    let out = backward(block)
    precondition(out.rows == columns && out.columns == block.columns, "LinearOperator.applyAdjoint: closure returned \(out.rows)×\(out.columns), expected \(columns)×\(block.columns)")
    return out
  }

  /// `A X`, the same as ``apply(_:)``.
  public func callAsFunction(_ block: Matrix) -> Matrix { apply(block) }

  /// `A x` for a single vector of length `columns`.
  public func apply(vector x: [Double]) -> [Double] {
    apply(Matrix(rows: x.count, columns: 1, scalars: x)).scalars
  }

  /// The adjoint operator `Aᵀ` (`columns × rows`), or `nil` when no adjoint was given.
  public var adjoint: LinearOperator? {
    guard let backward else { return nil }
    return LinearOperator(rows: columns, columns: rows, apply: backward, adjoint: forward)
  }

  /// The composition `(A ∘ B) x = A (B x)`; its adjoint `Bᵀ Aᵀ` exists when both adjoints do.
  /// - Precondition: `a.columns == b.rows`.
  public static func * (a: LinearOperator, b: LinearOperator) -> LinearOperator {
    precondition(a.columns == b.rows, "LinearOperator ∘: \(a.rows)×\(a.columns) after \(b.rows)×\(b.columns)")
    var adjoint: (@Sendable (Matrix) -> Matrix)? = nil
    if a.hasAdjoint && b.hasAdjoint {
      adjoint = { b.applyAdjoint(a.applyAdjoint($0)) }
    }
    return LinearOperator(rows: a.rows, columns: b.columns, apply: { a.apply(b.apply($0)) }, adjoint: adjoint)
  }

  /// The explicit `m × n` matrix, `A I_n` (one block application with `n` columns).
  /// - Complexity: one application to an `n × n` block.
  public func materialized() -> Matrix { apply(Matrix.identity(columns)) }
}
