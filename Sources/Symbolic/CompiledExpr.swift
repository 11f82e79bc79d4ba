/// An expression compiled once into flat stack-machine programs, evaluated over Doubles.
///
/// Each `sum` becomes its own program, invoked by a `sum` instruction. When a whole matrix is
/// evaluated, the value of every sum is cached per value of its free indices, so a denominator
/// such as `sum_i(a[i]*pos(w[i,j]))` is computed once per `j` instead of once per `(i, j)`:
/// `matrix(in:)` of the z⁺ entry costs O(inputs·outputs) instead of O(inputs²·outputs).
/// Results equal `Expr.evaluate` up to summation order (identical here: both sum in index order).
public struct CompiledExpr: Sendable {
  enum Op: Sendable, Hashable {
    case number(Double)
    case parameter(Int)
    /// Load quantity `q`, whose values sit in `Machine.values[slot]`.
    case load(Quantity, slot: Int)
    case negate
    case binary(BinaryOperator)
    case power(Int)
    case call(Function)
    /// `sum` over `index` of program `program`; the sum's value is cached in slot `program`.
    case sum(index: Index, program: Int)
  }

  struct Program: Sendable {
    var ops: [Op] = []
    /// Free indices of the `sum` expression this program is the body of (the cache key).
    var usesI = false
    var usesJ = false
  }

  /// `programs[0]` is the expression itself; the others are sum bodies.
  let programs: [Program]
  /// The parameters the expression reads, in slot order.
  public let parameterNames: [String]
  /// The compiled expression.
  public let source: Expr

  /// Compiles `expr`. O(size).
  public init(_ expr: Expr) {
    var programs = [Program()]
    var names: [String] = []
    func emit(_ e: Expr, into p: Int) {
      switch e {
      case .number(let x): programs[p].ops.append(.number(x))
      case .parameter(let name):
        if !names.contains(name) { names.append(name) }
        programs[p].ops.append(.parameter(names.firstIndex(of: name)!))
      case .symbol(let q): programs[p].ops.append(.load(q, slot: Quantity.allCases.firstIndex(of: q)!))
      case .negate(let x):
        emit(x, into: p)
        programs[p].ops.append(.negate)
      case .binary(let op, let x, let y):
        emit(x, into: p)
        emit(y, into: p)
        programs[p].ops.append(.binary(op))
      case .power(let x, let n):
        emit(x, into: p)
        programs[p].ops.append(.power(n))
      case .call(let f, let x):
        emit(x, into: p)
        programs[p].ops.append(.call(f))
      case .sum(let k, let body):
        let free = e.freeIndices
        programs.append(Program(ops: [], usesI: free.contains(.i), usesJ: free.contains(.j)))
        let sub = programs.count - 1
        emit(body, into: sub)
        programs[p].ops.append(.sum(index: k, program: sub))
      }
    }
    emit(expr, into: 0)
    self.programs = programs
    parameterNames = names
    source = expr
  }

  /// The value at input `i`, output `j` of a dense layer. O(size · sum ranges).
  /// - Precondition: every quantity and parameter used is bound in `layer`.
  public func evaluate(in layer: LayerValues, i: Int = 0, j: Int = 0) -> Double {
    var machine = Machine(self, .dense(inputs: layer.inputs, outputs: layer.outputs), layer.values, layer.parameters)
    return machine.run(0, i, j, j &* layer.inputs &+ i)
  }

  /// The `inputs × outputs` matrix of values of a dense layer, row-major by `i`, with sums cached
  /// per free index. O(inputs · outputs · size) for entries whose sums have at most one free index.
  public func matrix(in layer: LayerValues) -> [Double] {
    let byEdge = entries(
      on: .dense(inputs: layer.inputs, outputs: layer.outputs), values: layer.values, parameters: layer.parameters)
    var result = [Double](repeating: 0, count: layer.inputs * layer.outputs)
    for j in 0..<layer.outputs {
      for i in 0..<layer.inputs { result[i * layer.outputs + j] = byEdge[j * layer.inputs + i] }
    }
    return result
  }

  /// The value at every edge of a layer with the given connectivity (edge order of `connectivity`).
  ///
  /// `values` holds `a`, `a0`, `l`, `h` per input, `b`, `z`, `z0`, `R` per output, and `w`, `p` per
  /// storage slot (`connectivity.edgeSlot`). Sums run over connected pairs only.
  /// - Precondition: every quantity and parameter used is bound with the right length.
  /// - Complexity: O(edges · size) when each sum has at most one free index (all catalogue rules).
  public func entries(on connectivity: Connectivity, values: [Quantity: [Double]], parameters: [String: Double])
    -> [Double]
  {
    for (q, v) in values {
      let need =
        q.indices == [.i] ? connectivity.inputs : q.indices == [.j] ? connectivity.outputs : connectivity.slotCount
      precondition(v.count >= need, "\(q) needs \(need) values, got \(v.count)")
    }
    var machine = Machine(self, connectivity, values, parameters)
    return (0..<connectivity.edgeCount).map { e in
      machine.run(0, connectivity.edgeInput[e], connectivity.edgeOutput[e], e)
    }
  }
}
