extension CompiledExpr {
  /// The interpreter state for one layer: resolved bindings, the value stack and the sum caches.
  ///
  /// The environment is `(i, j, e)` with `e` the edge connecting `i` and `j` (per-edge loads read
  /// slot `edgeSlot[e]`). A sum's value depends only on its free indices, so it is cached per input
  /// (free `i`), per output (free `j`), per edge (both) or once (none) for the machine's lifetime.
  struct Machine {
    let programs: [Program]
    let graph: Connectivity
    let values: [[Double]]
    let parameters: [Double]
    var stack: [Double] = []
    var cache: [[Double]]
    var cached: [[Bool]]

    init(_ compiled: CompiledExpr, _ graph: Connectivity, _ values: [Quantity: [Double]], _ parameters: [String: Double]) {
      programs = compiled.programs
      self.graph = graph
      self.values = Quantity.allCases.map { values[$0] ?? [] }
      self.parameters = compiled.parameterNames.map { name in
        guard let v = parameters[name] else { preconditionFailure("no value bound for parameter \(name)") }
        return v
      }
      let sizes = compiled.programs.map { p in
        p.usesI && p.usesJ ? graph.edgeCount : p.usesI ? graph.inputs : p.usesJ ? graph.outputs : 1
      }
      cache = sizes.map { [Double](repeating: 0, count: $0) }
      cached = sizes.map { [Bool](repeating: false, count: $0) }
      stack.reserveCapacity(64)
    }

    private func load(_ q: Quantity, _ slot: Int, _ i: Int, _ j: Int, _ e: Int) -> Double {
      let v = values[slot]
      precondition(!v.isEmpty, "no value bound for \(q)")
      switch q {
      case .a, .a0, .l, .h: return v[i]
      case .b, .z, .R, .z0: return v[j]
      case .w, .p: return v[graph.edgeSlot[e]]
      }
    }

    mutating func run(_ p: Int, _ i: Int, _ j: Int, _ e: Int) -> Double {
      let base = stack.count
      for op in programs[p].ops {
        switch op {
        case .number(let x): stack.append(x)
        case .parameter(let k): stack.append(parameters[k])
        case .load(let q, let slot): stack.append(load(q, slot, i, j, e))
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
          let key = program.usesI && program.usesJ ? e : program.usesI ? i : program.usesJ ? j : 0
          if cached[sub][key] {
            stack.append(cache[sub][key])
            continue
          }
          var total = 0.0
          if k == .i {
            for edge in graph.outputStart[j]..<graph.outputStart[j + 1] {
              total += run(sub, graph.edgeInput[edge], j, edge)
            }
          } else {
            for position in graph.inputStart[i]..<graph.inputStart[i + 1] {
              let edge = graph.inputEdges[position]
              total += run(sub, i, graph.edgeOutput[edge], edge)
            }
          }
          cache[sub][key] = total
          cached[sub][key] = true
          stack.append(total)
        }
      }
      assert(stack.count == base + 1, "a program leaves exactly one value")
      return stack.removeLast()
    }
  }
}
