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

  /// The value at input `i`, output `j`. O(size · sum ranges).
  /// - Precondition: every quantity and parameter used is bound in `layer`.
  public func evaluate(in layer: LayerValues, i: Int = 0, j: Int = 0) -> Double {
    var machine = Machine(self, layer)
    return machine.run(0, i, j)
  }

  /// The `inputs × outputs` matrix of values, row-major by `i`, with sums cached per free index.
  public func matrix(in layer: LayerValues) -> [Double] {
    var machine = Machine(self, layer)
    var result = [Double](repeating: 0, count: layer.inputs * layer.outputs)
    for i in 0..<layer.inputs {
      for j in 0..<layer.outputs { result[i * layer.outputs + j] = machine.run(0, i, j) }
    }
    return result
  }

  /// The interpreter state for one layer: resolved bindings, the value stack and the sum caches.
  struct Machine {
    let programs: [Program]
    let inputs: Int
    let outputs: Int
    let values: [[Double]]
    let parameters: [Double]
    var stack: [Double] = []
    var cache: [[Double]]
    var cached: [[Bool]]

    init(_ compiled: CompiledExpr, _ layer: LayerValues) {
      programs = compiled.programs
      inputs = layer.inputs
      outputs = layer.outputs
      values = Quantity.allCases.map { layer.values[$0] ?? [] }
      parameters = compiled.parameterNames.map { name in
        guard let v = layer.parameters[name] else { preconditionFailure("no value bound for parameter \(name)") }
        return v
      }
      let slots = layer.inputs * layer.outputs
      cache = programs.map { _ in [Double](repeating: 0, count: slots) }
      cached = programs.map { _ in [Bool](repeating: false, count: slots) }
      stack.reserveCapacity(64)
    }

    private func load(_ q: Quantity, _ slot: Int, _ i: Int, _ j: Int) -> Double {
      let v = values[slot]
      precondition(!v.isEmpty, "no value bound for \(q)")
      switch q {
      case .a, .a0, .l, .h: return v[i]
      case .b, .z, .R, .z0: return v[j]
      case .w, .p: return v[i &* outputs &+ j]
      }
    }

    mutating func run(_ p: Int, _ i: Int, _ j: Int) -> Double {
      let base = stack.count
      for op in programs[p].ops {
        switch op {
        case .number(let x): stack.append(x)
        case .parameter(let k): stack.append(parameters[k])
        case .load(let q, let slot): stack.append(load(q, slot, i, j))
        case .negate: stack[stack.count - 1] = -stack[stack.count - 1]
        case .binary(let o):
          let y = stack.removeLast()
          let x = stack[stack.count - 1]
          switch o {
          case .add: stack[stack.count - 1] = x + y
          case .subtract: stack[stack.count - 1] = x - y
          case .multiply: stack[stack.count - 1] = x * y
          case .divide: stack[stack.count - 1] = x / y
          }
        case .power(let n):
          let x = stack[stack.count - 1]
          var r = 1.0
          for _ in 0..<Swift.abs(n) { r *= x }
          stack[stack.count - 1] = n < 0 ? 1 / r : r
        case .call(let f): stack[stack.count - 1] = f.apply(stack[stack.count - 1])
        case .sum(let k, let sub):
          let program = programs[sub]
          let slot = (program.usesI ? i : 0) &* outputs &+ (program.usesJ ? j : 0)
          if cached[sub][slot] {
            stack.append(cache[sub][slot])
            continue
          }
          var total = 0.0
          if k == .i {
            for ii in 0..<inputs { total += run(sub, ii, j) }
          } else {
            for jj in 0..<outputs { total += run(sub, i, jj) }
          }
          cache[sub][slot] = total
          cached[sub][slot] = true
          stack.append(total)
        }
      }
      assert(stack.count == base + 1, "a program leaves exactly one value")
      return stack.removeLast()
    }
  }
}
