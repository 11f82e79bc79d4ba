import Matrices

extension SimulationFamily {
  /// The `index`-th backward matrix (`rows × columns`, row-major) of this family, drawn from `g`.
  func matrix(index: Int, rows: Int, columns: Int, using g: inout SeededGenerator) -> [Double] {
    if case .supplied(_, let matrices, _) = self { return matrices[index].scalars }
    var w = GaussianFill.matrix(rows: rows, columns: columns, using: &g)
    switch self {
    case .vanilla, .relu, .supplied:
      break
    case .positive:
      for i in w.indices { w[i] = abs(w[i]) }
    case .nonNegative:
      for i in w.indices where w[i] < 0 { w[i] = 0 }
    case .alphaBeta(let a, let b):
      for i in w.indices { w[i] = w[i] >= 0 ? a * w[i] : b * w[i] }
    case .stochastic:
      var sums = [Double](repeating: 0, count: columns)
      for i in w.indices { w[i] = abs(w[i]); sums[i % columns] += w[i] }
      for i in w.indices { w[i] /= sums[i % columns] }
    case .pattern(let rho):
      for j in 0..<rows {
        var s = 0.0, ss = 0.0
        for i in 0..<columns { let x = w[j * columns + i]; s += x; ss += x * x }
        let q = (1 - rho) * ss + rho * s * s
        for i in 0..<columns {
          let x = w[j * columns + i]
          w[j * columns + i] = x * ((1 - rho) * x + rho * s) / q
        }
      }
    }
    return w
  }
}
