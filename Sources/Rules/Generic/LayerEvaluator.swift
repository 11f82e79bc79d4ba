import Symbolic

/// A `ColumnProgram` bound to one layer's connectivity and invariant values (weights, biases,
/// patterns), ready to run once per sample.
///
/// Invariant instructions are evaluated once at creation. Per-sample instructions write into a
/// scratch arena whose registers are reused as soon as a column is dead (liveness computed once),
/// so a run allocates nothing. Memory per run: the largest set of simultaneously live columns,
/// typically four or five edge-length columns of `Double`.
struct LayerEvaluator: Sendable {
  let program: ColumnProgram
  let graph: Connectivity
  /// The invariant columns, one arena.
  private let invariantArena: [Double]
  /// Offset of every instruction's column: in `invariantArena` for invariant instructions, in
  /// the scratch arena otherwise.
  private let offsets: [Int]
  /// Doubles the scratch arena needs.
  let scratchSize: Int

  /// Denominators at most this large in magnitude count as stabilised: zero (then `stab` gives
  /// 1e-7), or held off zero only by a stabiliser such as Zennit's `1e-6·sign(z)`.
  static let smallDenominator = 1e-6

  /// Per-sample quantities (`a`, `a0`, `l`, `h` per input; `z`, `z0`, `R` per output).
  typealias Sample = [Quantity: UnsafePointer<Double>]

  /// Binds `program` to a layer.
  /// - Parameters:
  ///   - graph: the layer's connectivity.
  ///   - invariants: `b` per output, `w` and `p` per storage slot (`graph.edgeSlot`).
  /// - Precondition: every invariant quantity the program loads is given with the right length.
  init(_ program: ColumnProgram, graph: Connectivity, invariants: [Quantity: [Double]]) {
    self.program = program
    self.graph = graph
    let steps = program.instructions
    let kernels = ColumnKernels(graph: graph, instructions: program.instructions)
    var offsets = [Int](repeating: -1, count: steps.count)
    var invariantSize = 0
    for (k, step) in steps.enumerated() where step.invariant {
      offsets[k] = invariantSize
      invariantSize += kernels.length(step.domain)
    }
    // Invariant columns, evaluated once.
    var arena = [Double](repeating: 0, count: max(invariantSize, 1))
    arena.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      let scratchKernels = kernels
      for (k, step) in steps.enumerated() where step.invariant {
        let out = base + offsets[k]
        if case .load(let q) = step.operation {
          guard let v = invariants[q] else { preconditionFailure("no value bound for \(q)") }
          if q == .b {
            precondition(v.count == graph.outputs, "b needs \(graph.outputs) values, got \(v.count)")
            for j in 0..<graph.outputs { out[j] = v[j] }
          } else {
            precondition(v.count >= graph.slotCount, "\(q) needs \(graph.slotCount) values, got \(v.count)")
            for e in 0..<graph.edgeCount { out[e] = v[graph.edgeSlot[e]] }
          }
        } else {
          scratchKernels.execute(step, into: out) { UnsafePointer(base + offsets[$0]) }
        }
      }
    }
    invariantArena = arena
    // Liveness of per-sample columns, then a first-fit register assignment per length.
    var lastUse = Array(steps.indices)
    for (k, step) in steps.enumerated() {
      for operand in ColumnKernels.operands(step.operation) { lastUse[operand] = max(lastUse[operand], k) }
    }
    // The result and the denominators (inspected after the run) stay live to the end.
    for k in [steps.count - 1] + program.denominators { lastUse[k] = steps.count }
    var free: [Int: [Int]] = [:]
    var size = 0
    var dying: [Int: [Int]] = [:]
    for (k, step) in steps.enumerated() {
      if !step.invariant {
        let n = kernels.length(step.domain)
        if let reuse = free[n]?.popLast() {
          offsets[k] = reuse
        } else {
          offsets[k] = size
          size += n
        }
        dying[lastUse[k], default: []].append(k)
      }
      // Columns whose last reader is k may be overwritten by instructions after k.
      for dead in dying[k] ?? [] where dead != k {
        free[kernels.length(steps[dead].domain), default: []].append(offsets[dead])
      }
    }
    self.offsets = offsets
    scratchSize = max(size, 1)
  }

  /// Runs the program for one sample and copies the result column into `output`.
  /// - Parameters:
  ///   - sample: the per-sample quantities the program loads.
  ///   - scratch: at least `scratchSize` Doubles, owned by the caller's thread.
  ///   - output: receives the result (length of the result's domain).
  /// - Returns: the number of stabilised denominators: elements of magnitude ≤ `smallDenominator`
  ///   of every denominator column (per output for `j`-only denominators, per edge for per-edge
  ///   ones), each column counted once.
  @discardableResult
  func run(_ sample: Sample, scratch: UnsafeMutablePointer<Double>, output: UnsafeMutableBufferPointer<Double>) -> Int {
    let kernels = ColumnKernels(graph: graph, instructions: program.instructions)
    let steps = program.instructions
    return invariantArena.withUnsafeBufferPointer { invariant in
      let fixed = invariant.baseAddress!
      func column(_ k: Int) -> UnsafePointer<Double> {
        steps[k].invariant ? fixed + offsets[k] : UnsafePointer(scratch + offsets[k])
      }
      for (k, step) in steps.enumerated() where !step.invariant {
        let out = scratch + offsets[k]
        if case .load(let q) = step.operation {
          guard let source = sample[q] else { preconditionFailure("no value bound for \(q)") }
          out.update(from: source, count: kernels.length(step.domain))
          continue
        }
        kernels.execute(step, into: out, operand: column)
      }
      let last = steps.count - 1
      let n = kernels.length(steps[last].domain)
      precondition(output.count == n, "output needs \(n) values, got \(output.count)")
      output.baseAddress!.update(from: column(last), count: n)
      var stabilised = 0
      for k in program.denominators {
        let d = column(k)
        for e in 0..<kernels.length(steps[k].domain) where Swift.abs(d[e]) <= LayerEvaluator.smallDenominator {
          stabilised &+= 1
        }
      }
      return stabilised
    }
  }
}
