import Matrices

/// One local backward map `C_l` of a chain, `r_{l−1} = C_l r_l`: a `d_{l−1} × d_l` matrix acting
/// on column vectors (rows = the lower layer's units, columns = the upper layer's units).
///
/// Dense layers give explicit matrices; conv and pooling layers give matrix-free operators. The
/// label names the layer in reports (for example `fc2` or `conv3`).
public enum LocalMap: Sendable {
  /// An explicit `d_{l−1} × d_l` matrix.
  case matrix(Matrix, label: String)
  /// A matrix-free operator (only `apply` is used; no adjoint needed).
  case `operator`(LinearOperator, label: String)

  /// The layer's name.
  public var label: String {
    switch self {
    case .matrix(_, let label), .operator(_, let label): label
    }
  }

  /// `d_{l−1}`, the lower layer's size.
  public var rows: Int {
    switch self {
    case .matrix(let m, _): m.rows
    case .operator(let o, _): o.rows
    }
  }

  /// `d_l`, the upper layer's size.
  public var columns: Int {
    switch self {
    case .matrix(let m, _): m.columns
    case .operator(let o, _): o.columns
    }
  }

  /// `C_l · B` for a block `B` (`d_l × k`).
  func applied(to block: Matrix) -> Matrix {
    switch self {
    case .matrix(let m, _): m * block
    case .operator(let o, _): o.apply(block)
    }
  }
}
