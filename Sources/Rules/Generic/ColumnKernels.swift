import Symbolic

/// The loops behind every `ColumnProgram` instruction: each a single pass over raw buffers.
///
/// Summation order is fixed (ascending edge order within an output or an input), so results do
/// not depend on threading.
struct ColumnKernels {
  let graph: Connectivity
  /// The program's instructions (for operand domains).
  let instructions: [ColumnProgram.Instruction]

  init(graph: Connectivity, instructions: [ColumnProgram.Instruction]) {
    self.graph = graph
    self.instructions = instructions
  }

  /// The number of elements of a column of domain `d`.
  func length(_ d: ColumnProgram.Domain) -> Int {
    switch d {
    case .scalar: 1
    case .inputs: graph.inputs
    case .outputs: graph.outputs
    case .edges: graph.edgeCount
    }
  }

  /// The instructions an operation reads.
  static func operands(_ op: ColumnProgram.Operation) -> [Int] {
    switch op {
    case .constant, .load: []
    case .negate(let x), .call(_, let x), .power(let x, _), .fill(let x), .gatherInputs(let x),
      .gatherOutputs(let x), .sumPerOutput(let x), .sumPerInput(let x), .total(let x):
      [x]
    case .binary(_, let x, let y): [x, y]
    }
  }

  /// Computes one instruction into `out`; `operand(k)` is the column of instruction `k`.
  /// - Precondition: the operation is not a `load` (the caller copies loads).
  func execute(
    _ step: ColumnProgram.Instruction, into out: UnsafeMutablePointer<Double>,
    operand: (Int) -> UnsafePointer<Double>
  ) {
    let n = length(step.domain)
    switch step.operation {
    case .load: preconditionFailure("loads are copied by the caller")
    case .constant(let c): out[0] = c
    case .negate(let x):
      let u = operand(x)
      for k in 0..<n { out[k] = -u[k] }
    case .call(let f, let x):
      let u = operand(x)
      switch f {
      case .pos, .relu: for k in 0..<n { out[k] = u[k] > 0 ? u[k] : 0 }
      case .neg: for k in 0..<n { out[k] = u[k] < 0 ? u[k] : 0 }
      case .step: for k in 0..<n { out[k] = u[k] > 0 ? 1 : 0 }
      case .abs: for k in 0..<n { out[k] = Swift.abs(u[k]) }
      case .sign: for k in 0..<n { out[k] = u[k] < 0 ? -1 : 1 }
      case .stab: for k in 0..<n { out[k] = u[k] == 0 ? Function.stabiliserOffset : u[k] }
      case .sstab:
        let e = Function.signedStabiliserOffset
        for k in 0..<n { out[k] = u[k] < 0 ? u[k] - e : u[k] + e }
      case .pcount: for k in 0..<n { out[k] = Function.pseudocount(u[k]) }
      }
    case .power(let x, let exponent):
      let u = operand(x)
      for k in 0..<n {
        var r = 1.0
        for _ in 0..<Swift.abs(exponent) { r *= u[k] }
        out[k] = exponent < 0 ? 1 / r : r
      }
    case .binary(let op, let x, let y):
      let u = operand(x)
      let v = operand(y)
      let su = instructions[x].domain == .scalar ? 0 : 1
      let sv = instructions[y].domain == .scalar ? 0 : 1
      binary(op, u, su, v, sv, out, n)
    case .fill(let x):
      let c = operand(x)[0]
      for k in 0..<n { out[k] = c }
    case .gatherInputs(let x):
      let u = operand(x)
      graph.edgeInput.withUnsafeBufferPointer { index in
        for e in 0..<n { out[e] = u[index[e]] }
      }
    case .gatherOutputs(let x):
      let u = operand(x)
      graph.edgeOutput.withUnsafeBufferPointer { index in
        for e in 0..<n { out[e] = u[index[e]] }
      }
    case .sumPerOutput(let x):
      let u = operand(x)
      graph.outputStart.withUnsafeBufferPointer { start in
        for j in 0..<n {
          var total = 0.0
          for e in start[j]..<start[j &+ 1] { total += u[e] }
          out[j] = total
        }
      }
    case .sumPerInput(let x):
      let u = operand(x)
      graph.inputStart.withUnsafeBufferPointer { start in
        graph.inputEdges.withUnsafeBufferPointer { edges in
          for i in 0..<n {
            var total = 0.0
            for position in start[i]..<start[i &+ 1] { total += u[edges[position]] }
            out[i] = total
          }
        }
      }
    case .total(let x):
      let u = operand(x)
      var total = 0.0
      for k in 0..<length(instructions[x].domain) { total += u[k] }
      out[0] = total
    }
  }

  private func binary(
    _ op: BinaryOperator, _ u: UnsafePointer<Double>, _ su: Int, _ v: UnsafePointer<Double>, _ sv: Int,
    _ out: UnsafeMutablePointer<Double>, _ n: Int
  ) {
    switch op {
    case .add: for k in 0..<n { out[k] = u[k &* su] + v[k &* sv] }
    case .subtract: for k in 0..<n { out[k] = u[k &* su] - v[k &* sv] }
    case .multiply: for k in 0..<n { out[k] = u[k &* su] * v[k &* sv] }
    case .divide:
      for k in 0..<n { out[k] = u[k &* su] / v[k &* sv] }
    }
  }
}
