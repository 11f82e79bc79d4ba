import Matrices

/// The local backward matrix `C = ∂R_lower/∂R_upper` of one network layer for one sample, so that
/// `r_lower = C · r_upper` (paper-digest §2.3: `r_{l-1} = C_l r_l`).
///
/// `rows` is the size of the layer's input (lower), `columns` the size of its output (upper), both
/// flattened per sample in row-major (C, H, W) order. Dense layers and ReLUs on vectors give an
/// explicit `Matrix`; conv, pooling, flatten and ReLUs on images give a matrix-free
/// `LinearOperator` with its adjoint.
public struct LocalMap: Sendable {
  /// How the map is stored.
  public enum Representation: Sendable {
    /// An explicit `rows × columns` matrix with `C[i, j]`.
    case matrix(Matrix)
    /// A matrix-free operator `ℝ^columns → ℝ^rows` with adjoint.
    case `operator`(LinearOperator)
  }

  /// Index of the layer in `network.layers`.
  public let layerIndex: Int
  /// The layer's name.
  public let layerName: String
  /// The layer's type name (`dense`, `conv2d`, `relu`, `maxpool2d`, `avgpool2d`, `flatten`).
  public let layerType: String
  /// The map.
  public let representation: Representation

  /// Creates a map.
  public init(layerIndex: Int, layerName: String, layerType: String, representation: Representation) {
    self.layerIndex = layerIndex
    self.layerName = layerName
    self.layerType = layerType
    self.representation = representation
  }

  /// Size of the layer input (lower relevance).
  public var rows: Int {
    switch representation {
    case .matrix(let m): m.rows
    case .operator(let o): o.rows
    }
  }

  /// Size of the layer output (upper relevance).
  public var columns: Int {
    switch representation {
    case .matrix(let m): m.columns
    case .operator(let o): o.columns
    }
  }

  /// The map as an operator (a matrix is wrapped, no copy).
  public var linearOperator: LinearOperator {
    switch representation {
    case .matrix(let m): LinearOperator(m)
    case .operator(let o): o
    }
  }

  /// The explicit `rows × columns` matrix (an operator is applied to the identity).
  /// - Complexity: O(rows · columns) memory; for operators one application to a `columns`-wide block.
  public func materialized() -> Matrix {
    switch representation {
    case .matrix(let m): m
    case .operator(let o): o.apply(Matrix.identity(o.columns))
    }
  }

  /// `C · r` for one upper vector.
  public func apply(_ upper: [Double]) -> [Double] {
    precondition(upper.count == columns, "LocalMap \(layerName): vector of \(upper.count), expected \(columns)")
    return linearOperator.apply(vector: upper)
  }
}
