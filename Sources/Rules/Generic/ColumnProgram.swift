import Symbolic

/// A rule expression compiled for one layer into a flat list of whole-column instructions.
///
/// Every node of the expression becomes one instruction that computes a *column*: a scalar, one
/// value per input (`i`), per output (`j`) or per edge (`(i, j)` connected in the layer's
/// `Connectivity`). Broadcasts are explicit instructions, so every arithmetic instruction is a
/// tight loop over same-length buffers; nothing is interpreted per element. Columns that depend
/// only on weights, patterns, biases, numbers and parameters (`pos(w[i,j])`, the w² denominator
/// `sum_i(w[i,j]^2)`) are *invariant*: computed once per layer, not once per sample.
///
/// Sum semantics (the same as `VectorEvaluator`): `sum_i(x)` where `j` is bound runs over the inputs
/// connected to `j` (the receptive field); where `j` is not bound it runs over all inputs. `sum_j`
/// likewise. So, per output, the `j`-only terms (the denominators) are computed once, then the
/// per-edge terms, then the outer `sum_j` scatters into the inputs.
struct ColumnProgram: Sendable {
  /// The index domain of a column.
  enum Domain: Int, Sendable {
    case scalar, inputs, outputs, edges
  }

  enum Operation: Sendable, Hashable {
    case constant(Double)
    /// A per-sample (`a`, `a0`, `l`, `h`, `z`, `z0`, `R`) or invariant (`b`, `w`, `p`) quantity.
    case load(Quantity)
    case negate(Int)
    case call(Function, Int)
    case power(Int, exponent: Int)
    case binary(BinaryOperator, Int, Int)
    /// Scalar to every element of the instruction's domain.
    case fill(Int)
    /// Input column to edges (`x[edgeInput[e]]`).
    case gatherInputs(Int)
    /// Output column to edges (`x[edgeOutput[e]]`).
    case gatherOutputs(Int)
    /// Edge column summed over the edges of every output (`sum_i` with `j` bound).
    case sumPerOutput(Int)
    /// Edge column summed over the edges of every input (`sum_j` with `i` bound).
    case sumPerInput(Int)
    /// Input or output column summed to a scalar (a sum whose other index is free).
    case total(Int)
  }

  struct Instruction: Sendable {
    var operation: Operation
    var domain: Domain
    /// Depends only on invariant quantities, numbers and parameters.
    var invariant: Bool
  }

  /// The instructions in evaluation order; the last one is the result.
  let instructions: [Instruction]
  /// The quantities the program loads.
  let quantities: Set<Quantity>
  /// The denominator columns (divisors and bases of negative powers), before any broadcast,
  /// each once: what `LayerEvaluator.run` inspects to count stabilised denominators.
  let denominators: [Int]

  /// Whether `q` is the same for every sample of a batch.
  static func isInvariant(_ q: Quantity) -> Bool { q == .w || q == .p || q == .b }

  /// Compiles `expr` with the free indices `bound`, so that the result has domain `inputs`
  /// (`bound == [.i]`, a rule body) or `edges` (`bound == [.i, .j]`, a local-matrix entry).
  /// - Precondition: every parameter is in `parameters`.
  init(_ expr: Expr, bound: Set<Index>, parameters: [String: Double]) {
    var builder = Builder(parameters: parameters)
    var result = builder.emit(expr, bound: bound)
    let target: Domain = bound == [.i] ? .inputs : bound == [.j] ? .outputs : .edges
    result = builder.convert(result, to: target)
    let steps = builder.instructions
    var found: [Int] = []
    func source(_ k: Int) -> Int {
      switch steps[k].operation {
      case .fill(let x), .gatherInputs(let x), .gatherOutputs(let x): source(x)
      default: k
      }
    }
    for step in steps {
      switch step.operation {
      case .binary(.divide, _, let v): found.append(source(v))
      case .power(let x, let n) where n < 0: found.append(source(x))
      default: break
      }
    }
    var seen = Set<Int>()
    denominators = found.filter { seen.insert($0).inserted }
    instructions = steps
    quantities = builder.quantities
    precondition(result == instructions.count - 1, "the result is the last instruction")
  }

  private struct Builder {
    let parameters: [String: Double]
    var instructions: [Instruction] = []
    var quantities: Set<Quantity> = []
    var memo: [Operation: Int] = [:]

    mutating func add(_ op: Operation, _ domain: Domain, invariant: Bool) -> Int {
      if let k = memo[op], instructions[k].domain == domain { return k }
      instructions.append(Instruction(operation: op, domain: domain, invariant: invariant))
      memo[op] = instructions.count - 1
      return instructions.count - 1
    }

    func domain(_ k: Int) -> Domain { instructions[k].domain }
    func invariant(_ k: Int) -> Bool { instructions[k].invariant }

    /// Broadcasts column `k` to `target` (scalar → any, inputs/outputs → edges).
    mutating func convert(_ k: Int, to target: Domain) -> Int {
      let from = domain(k)
      if from == target { return k }
      switch (from, target) {
      case (.scalar, _): return add(.fill(k), target, invariant: invariant(k))
      case (.inputs, .edges): return add(.gatherInputs(k), .edges, invariant: invariant(k))
      case (.outputs, .edges): return add(.gatherOutputs(k), .edges, invariant: invariant(k))
      default: preconditionFailure("cannot broadcast \(from) to \(target)")
      }
    }

    static func join(_ x: Domain, _ y: Domain) -> Domain {
      if x == y { return x }
      if x == .scalar { return y }
      if y == .scalar { return x }
      return .edges
    }

    mutating func emit(_ e: Expr, bound: Set<Index>) -> Int {
      switch e {
      case .number(let x):
        return add(.constant(x), .scalar, invariant: true)
      case .parameter(let name):
        guard let v = parameters[name] else { preconditionFailure("no value bound for parameter \(name)") }
        return add(.constant(v), .scalar, invariant: true)
      case .symbol(let q):
        quantities.insert(q)
        let d: Domain = q.indices == [.i] ? .inputs : q.indices == [.j] ? .outputs : .edges
        return add(.load(q), d, invariant: ColumnProgram.isInvariant(q))
      case .negate(let x):
        let k = emit(x, bound: bound)
        return add(.negate(k), domain(k), invariant: invariant(k))
      case .call(let f, let x):
        let k = emit(x, bound: bound)
        return add(.call(f, k), domain(k), invariant: invariant(k))
      case .power(let x, let n):
        let k = emit(x, bound: bound)
        return add(.power(k, exponent: n), domain(k), invariant: invariant(k))
      case .binary(let op, let x, let y):
        var u = emit(x, bound: bound)
        var v = emit(y, bound: bound)
        let d = Builder.join(domain(u), domain(v))
        if domain(u) != .scalar { u = convert(u, to: d) }
        if domain(v) != .scalar { v = convert(v, to: d) }
        return add(.binary(op, u, v), d, invariant: invariant(u) && invariant(v))
      case .sum(let k, let body):
        let other: Index = k == .i ? .j : .i
        let b = emit(body, bound: bound.union([k]))
        if bound.contains(other) {
          let edges = convert(b, to: .edges)
          return add(k == .i ? .sumPerOutput(edges) : .sumPerInput(edges), k == .i ? .outputs : .inputs,
            invariant: invariant(edges))
        }
        let column = convert(b, to: k == .i ? .inputs : .outputs)
        return add(.total(column), .scalar, invariant: invariant(column))
      }
    }
  }
}
