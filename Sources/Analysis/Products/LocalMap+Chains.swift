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

  /// `C · B` for a block `B` (`columns × k`); a square diagonal `C` (a ReLU mask) scales rows
  /// instead of running a GEMM.
  func applied(to block: Matrix) -> Matrix {
    switch representation {
    case .matrix(let m):
      guard let d = Self.diagonal(of: m) else { return m * block }
      var out = block.scalars
      let k = block.columns
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<d.count {
          let s = d[i]
          for c in 0..<k { o[i &* k &+ c] *= s }
        }
      }
      return Matrix(rows: block.rows, columns: k, scalars: out)
    case .operator(let o): return o.apply(block)
    }
  }

  /// The diagonal of a square matrix whose off-diagonal entries are all zero, else `nil`.
  /// - Complexity: O(n²), stops at the first off-diagonal nonzero.
  static func diagonal(of m: Matrix) -> [Double]? {
    guard m.rows == m.columns else { return nil }
    let n = m.rows
    return m.scalars.withUnsafeBufferPointer { a -> [Double]? in
      for i in 0..<n {
        for j in 0..<n where j != i && a[i &* n &+ j] != 0 { return nil }
      }
      return (0..<n).map { a[$0 &* n &+ $0] }
    }
  }
}
