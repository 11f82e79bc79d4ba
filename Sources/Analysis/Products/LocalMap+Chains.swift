import Matrices
import Rules

extension LocalMap {
  /// An explicit map that belongs to no network layer (synthetic chains, tests, simulations).
  public static func matrix(_ m: Matrix, label: String) -> LocalMap {
    LocalMap(layerIndex: -1, layerName: label, layerType: "matrix", representation: .matrix(m))
  }

  /// A matrix-free map that belongs to no network layer.
  public static func `operator`(_ o: LinearOperator, label: String) -> LocalMap {
    LocalMap(layerIndex: -1, layerName: label, layerType: "operator", representation: .operator(o))
  }

  /// The name reports use for this map: the layer's name.
  public var label: String { layerName }

  /// The explicit matrix, or `nil` for a matrix-free map.
  var explicitMatrix: Matrix? {
    if case .matrix(let m) = representation { return m }
    return nil
  }

  /// `C · B` for a block `B` (`columns × k`).
  func applied(to block: Matrix) -> Matrix {
    switch representation {
    case .matrix(let m): m * block
    case .operator(let o): o.apply(block)
    }
  }
}
