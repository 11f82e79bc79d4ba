/// Whole-layer evaluation: every node of an expression is computed once, as a column over its
/// index domain (a scalar, one value per input, per output, or per edge), so the interpretive
/// overhead is per node and per layer, never per element.
///
/// Semantics on a `Connectivity` (dense, or a convolution's receptive fields):
/// - `sum_i(x)` where `j` is bound sums over the inputs connected to `j` (the receptive field);
///   where `j` is not bound (in a rule body outside `sum_j`) it sums over all inputs;
/// - `sum_j(x)` where `i` is bound sums over the outputs connected to `i`; otherwise over all outputs.
/// On a dense layer this is the plain semantics of `Expr.evaluate`; values agree with it up to the
/// order of floating-point summation (here identical: both sum in ascending index order).
///
/// Complexity: O(nodes · edges) time; memory a few edge-length columns at a time.
public struct VectorEvaluator: Sendable {
  /// The layer's index structure.
  public let connectivity: Connectivity
  /// Per-input (`a`, `a0`, `l`, `h`), per-output (`b`, `z`, `z0`, `R`) and per-slot (`w`, `p`) values.
  public let values: [Quantity: [Double]]
  /// Parameter values.
  public let parameters: [String: Double]

  /// Creates an evaluator for one layer.
  /// - Precondition: every array is long enough for its index kind (`slotCount` for `w`, `p`).
  public init(connectivity: Connectivity, values: [Quantity: [Double]], parameters: [String: Double]) {
    for (q, v) in values {
      let need =
        q.indices == [.i] ? connectivity.inputs : q.indices == [.j] ? connectivity.outputs : connectivity.slotCount
      precondition(v.count >= need, "\(q) needs \(need) values, got \(v.count)")
    }
    self.connectivity = connectivity
    self.values = values
    self.parameters = parameters
  }

  /// An evaluator for a dense `LayerValues`.
  public init(_ layer: LayerValues) {
    self.init(
      connectivity: .dense(inputs: layer.inputs, outputs: layer.outputs), values: layer.values,
      parameters: layer.parameters)
  }

  /// The value of an expression in `i`, `j` (e.g. a local-matrix entry) at every edge, in the
  /// edge order of `connectivity`.
  public func entries(_ expr: Expr) -> [Double] { broadcast(column(expr, bound: [.i, .j]), to: .edges).values }

  /// The lower relevance `R[i]` of a rule at every input, from the bound upper relevance `R[j]`.
  public func relevance(_ rule: Rule) -> [Double] { broadcast(column(rule.body, bound: [.i]), to: .inputs).values }

  // MARK: - Columns

  enum Domain: Int, Comparable {
    case scalar, inputs, outputs, edges
    static func < (x: Domain, y: Domain) -> Bool { x.rawValue < y.rawValue }
    func joined(_ other: Domain) -> Domain {
      if self == other { return self }
      if self == .scalar { return other }
      if other == .scalar { return self }
      return .edges
    }
  }

  struct Column {
    var domain: Domain
    var values: [Double]
  }

  private func length(_ d: Domain) -> Int {
    switch d {
    case .scalar: 1
    case .inputs: connectivity.inputs
    case .outputs: connectivity.outputs
    case .edges: connectivity.edgeCount
    }
  }

  func broadcast(_ c: Column, to d: Domain) -> Column {
    if c.domain == d { return c }
    let g = connectivity
    switch (c.domain, d) {
    case (.scalar, _): return Column(domain: d, values: [Double](repeating: c.values[0], count: length(d)))
    case (.inputs, .edges): return Column(domain: d, values: g.edgeInput.map { c.values[$0] })
    case (.outputs, .edges): return Column(domain: d, values: g.edgeOutput.map { c.values[$0] })
    default: preconditionFailure("cannot broadcast \(c.domain) to \(d)")
    }
  }

  private func map(_ x: Column, _ f: (Double) -> Double) -> Column {
    Column(domain: x.domain, values: x.values.map(f))
  }

  private func combine(_ x: Column, _ y: Column, _ f: (Double, Double) -> Double) -> Column {
    let d = x.domain.joined(y.domain)
    let u = broadcast(x, to: d).values
    let v = broadcast(y, to: d).values
    var r = [Double](repeating: 0, count: u.count)
    for k in 0..<u.count { r[k] = f(u[k], v[k]) }
    return Column(domain: d, values: r)
  }

  func column(_ e: Expr, bound: Set<Index>) -> Column {
    switch e {
    case .number(let x): return Column(domain: .scalar, values: [x])
    case .parameter(let name):
      guard let v = parameters[name] else { preconditionFailure("no value bound for parameter \(name)") }
      return Column(domain: .scalar, values: [v])
    case .symbol(let q):
      guard let v = values[q] else { preconditionFailure("no value bound for \(q)") }
      switch q.indices {
      case [.i]: return Column(domain: .inputs, values: Array(v.prefix(connectivity.inputs)))
      case [.j]: return Column(domain: .outputs, values: Array(v.prefix(connectivity.outputs)))
      default: return Column(domain: .edges, values: connectivity.edgeSlot.map { v[$0] })
      }
    case .negate(let x): return map(column(x, bound: bound)) { -$0 }
    case .binary(let op, let x, let y):
      let u = column(x, bound: bound)
      let v = column(y, bound: bound)
      switch op {
      case .add: return combine(u, v, +)
      case .subtract: return combine(u, v, -)
      case .multiply: return combine(u, v, *)
      case .divide: return combine(u, v, /)
      }
    case .power(let x, let n):
      return map(column(x, bound: bound)) { u in
        var r = 1.0
        for _ in 0..<Swift.abs(n) { r *= u }
        return n < 0 ? 1 / r : r
      }
    case .call(let f, let x): return map(column(x, bound: bound)) { f.apply($0) }
    case .sum(let k, let body):
      return sum(k, column(body, bound: bound.union([k])), otherBound: bound.contains(k == .i ? .j : .i))
    }
  }

  private func sum(_ k: Index, _ body: Column, otherBound: Bool) -> Column {
    let g = connectivity
    guard otherBound else {
      // The other index is free: sum over all values of k (the body cannot depend on the other index).
      // Repeated addition in index order, exactly as `Expr.evaluate` does.
      let terms = broadcast(body, to: k == .i ? .inputs : .outputs).values
      return Column(domain: .scalar, values: [terms.reduce(0, +)])
    }
    let edges = broadcast(body, to: .edges).values
    if k == .i {
      var out = [Double](repeating: 0, count: g.outputs)
      for j in 0..<g.outputs {
        var total = 0.0
        for e in g.outputStart[j]..<g.outputStart[j + 1] { total += edges[e] }
        out[j] = total
      }
      return Column(domain: .outputs, values: out)
    }
    var out = [Double](repeating: 0, count: g.inputs)
    for i in 0..<g.inputs {
      var total = 0.0
      for position in g.inputStart[i]..<g.inputStart[i + 1] { total += edges[g.inputEdges[position]] }
      out[i] = total
    }
    return Column(domain: .inputs, values: out)
  }
}
