/// Numeric values for every symbol of one dense layer: the bindings an expression is evaluated in.
///
/// Arrays indexed by `i` have `inputs` elements, by `j` `outputs` elements, and `w`, `p` are stored
/// `[i * outputs + j]` (input-major: row `i` holds the weights leaving input `i`). Missing
/// quantities are an error at evaluation time.
public struct LayerValues: Sendable, Hashable {
  /// Number of inputs (range of `i`).
  public var inputs: Int
  /// Number of outputs (range of `j`).
  public var outputs: Int
  /// The values of each quantity (see the layout above).
  public var values: [Quantity: [Double]]
  /// The values of the parameters.
  public var parameters: [String: Double]

  /// Creates bindings.
  /// - Precondition: every array has the length its index signature requires.
  public init(inputs: Int, outputs: Int, values: [Quantity: [Double]], parameters: [String: Double] = [:]) {
    precondition(inputs > 0 && outputs > 0, "a layer needs at least one input and one output")
    for (q, v) in values {
      let n = q.indices.reduce(1) { $0 * ($1 == .i ? inputs : outputs) }
      precondition(v.count == n, "\(q) needs \(n) values, got \(v.count)")
    }
    self.inputs = inputs
    self.outputs = outputs
    self.values = values
    self.parameters = parameters
  }

  /// Bindings for a dense layer where the derived quantities are consistent: `z = Σᵢ a·w + b` and,
  /// when `a0` is given, `z0 = Σᵢ a0·w + b`. Other quantities (`R`, `l`, `h`, `p`) are passed in `extra`.
  public static func dense(
    a: [Double], w: [Double], b: [Double], a0: [Double]? = nil, extra: [Quantity: [Double]] = [:],
    parameters: [String: Double] = [:]
  ) -> LayerValues {
    let n = a.count
    let m = b.count
    precondition(w.count == n * m, "w needs \(n)×\(m) values")
    func forward(_ x: [Double]) -> [Double] {
      (0..<m).map { j in (0..<n).reduce(b[j]) { $0 + x[$1] * w[$1 * m + j] } }
    }
    var values = extra
    values[.a] = a
    values[.w] = w
    values[.b] = b
    values[.z] = forward(a)
    if let a0 {
      values[.a0] = a0
      values[.z0] = forward(a0)
    }
    return LayerValues(inputs: n, outputs: m, values: values, parameters: parameters)
  }

  /// The value of quantity `q` at input `i` and output `j` (the unused index is ignored).
  public func value(_ q: Quantity, i: Int, j: Int) -> Double {
    guard let v = values[q] else { preconditionFailure("no value bound for \(q)") }
    switch q.indices {
    case [.i]: return v[i]
    case [.j]: return v[j]
    default: return v[i * outputs + j]
    }
  }
}

extension Expr {
  /// Evaluates the expression at input `i` and output `j` with a tree-walking interpreter.
  ///
  /// `sum_i` loops over all inputs and `sum_j` over all outputs, rebinding the index. Functions
  /// follow the `Function` conventions. O(size · inputs^(nesting of sum_i) · outputs^(…)).
  /// - Precondition: every quantity and parameter in the expression is bound.
  public func evaluate(in layer: LayerValues, i: Int = 0, j: Int = 0) -> Double {
    switch self {
    case .number(let x): return x
    case .parameter(let name):
      guard let v = layer.parameters[name] else { preconditionFailure("no value bound for parameter \(name)") }
      return v
    case .symbol(let q): return layer.value(q, i: i, j: j)
    case .negate(let x): return -x.evaluate(in: layer, i: i, j: j)
    case .binary(let op, let x, let y):
      let u = x.evaluate(in: layer, i: i, j: j)
      let v = y.evaluate(in: layer, i: i, j: j)
      switch op {
      case .add: return u + v
      case .subtract: return u - v
      case .multiply: return u * v
      case .divide: return u / v
      }
    case .power(let x, let n):
      let u = x.evaluate(in: layer, i: i, j: j)
      var r = 1.0
      for _ in 0..<Swift.abs(n) { r *= u }
      return n < 0 ? 1 / r : r
    case .call(let f, let x): return f.apply(x.evaluate(in: layer, i: i, j: j))
    case .sum(.i, let body): return (0..<layer.inputs).reduce(0) { $0 + body.evaluate(in: layer, i: $1, j: j) }
    case .sum(.j, let body): return (0..<layer.outputs).reduce(0) { $0 + body.evaluate(in: layer, i: i, j: $1) }
    }
  }

  /// The `inputs × outputs` matrix of values `self(i, j)`, row-major by `i`.
  public func matrix(in layer: LayerValues) -> [Double] {
    var result: [Double] = []
    result.reserveCapacity(layer.inputs * layer.outputs)
    for i in 0..<layer.inputs {
      for j in 0..<layer.outputs { result.append(evaluate(in: layer, i: i, j: j)) }
    }
    return result
  }
}
