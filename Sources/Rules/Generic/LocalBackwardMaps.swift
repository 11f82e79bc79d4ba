import Matrices
import Networks
import Symbolic

/// The local backward matrices `C_l = ∂R_lower/∂R_upper` of a method at one sample of a traced
/// network: what the rank analysis multiplies (`r_0 = C_0 C_1 ⋯ C_L r_{L+1}`).
///
/// Per layer kind (the same layer map as `NetworkRule` and `GenericRulePropagator`):
/// - dense: the rule's `Rule.localEntry` (the symbolic derivative `∂R[i]/∂R[j]`) at every `(i, j)`,
///   an explicit `Matrix`;
/// - conv, average pool: the entry on every edge of the receptive fields (zero padding: padded
///   positions are not inputs), a sparse matrix-free `LinearOperator` with adjoint;
/// - ReLU: the activation rule's entry on the element-wise layer, a diagonal (`Matrix` after a
///   dense layer, operator on images): `1` for LRP's pass-through, `1[z > 0]` for gradient-type
///   rules, `1[z > 0]·1[R > 0]` for Guided BP at the given signal;
/// - max pool: winner-take-all, `C[argmax(j), j] = 1`; flatten: the identity.
///
/// Rules that are not linear in `R` (Guided BP, Deconv, RectGrad's threshold) are linearised at
/// the upper signal that `start` produces at each layer; the entry keeps `step(R[j])` as derived
/// symbolically (at a kink, `R[j] = 0`, the one-sided value 0).
public enum LocalBackwardMaps {
  /// The maps of layers `0 … top` for batch row `row`, bottom first (`maps[l]` belongs to
  /// `network.layers[l]`).
  /// - Parameters:
  ///   - network: the network.
  ///   - trace: its forward trace (any batch size).
  ///   - row: the sample, `0 ..< trace.batchSize`.
  ///   - method: the method (rules, parameters).
  ///   - bindings: reference (a row or batch 1), bounds and patterns.
  ///   - start: the upper signal, required when a rule is not linear in `R`; its batch is that
  ///     of `trace` (row `row` is used). `top` defaults to `start.layer`, else the last layer.
  /// - Throws: `AttributionError` for unbindable symbols, missing parameters, or a
  ///   signal-dependent method without `start`.
  /// - Complexity: one evaluation of each rule's entry per edge; dense maps cost `in·out` Doubles.
  public static func compute(
    network: Network, trace: ForwardTrace, row: Int, method: NetworkRule, bindings: RuleBindings = .none,
    start: RelevanceStart? = nil
  ) throws -> [LocalMap] {
    precondition(row >= 0 && row < trace.batchSize, "row \(row) out of 0..<\(trace.batchSize)")
    let single = trace.row(row)
    var rowBindings = bindings
    if let reference = bindings.reference, reference.batchSize > 1 { rowBindings.reference = reference.row(row) }
    let top = start?.layer ?? network.layers.count - 1
    let rowStart =
      start.map { RelevanceStart(layer: $0.layer, relevance: $0.relevance.sample(row)) }
      ?? RelevanceStart(layer: top, relevance: Tensor(shape: single.activations[top + 1].shape))
    let propagator = GenericRulePropagator(method: method, bindings: rowBindings)
    let layers = try propagator.prepare(network: network, trace: single, start: rowStart)
    let signalDependent =
      method.threshold != nil || method.allRules.contains { !$0.1.isLinearInRelevance }
    var signals: [Tensor]? = nil
    if signalDependent {
      guard start != nil else {
        throw AttributionError.invalidParameter(
          method: method.name, parameter: "start", expected: "an upper signal: the method is not linear in R")
      }
      signals = try propagator.propagate(network: network, trace: single, start: rowStart).relevances
    }
    return try layers.map { layer in
      let upper = signals.map { $0[layer.index + 1].scalars.map(Double.init) }
      return try localMap(layer, network: network, trace: single, method: method, bindings: rowBindings, upper: upper)
    }
  }

  static func localMap(
    _ layer: BoundLayer, network: Network, trace: ForwardTrace, method: NetworkRule, bindings: RuleBindings,
    upper: [Double]?
  ) throws -> LocalMap {
    let type = network.layers[layer.index].typeName
    func make(_ r: LocalMap.Representation) -> LocalMap {
      LocalMap(layerIndex: layer.index, layerName: layer.name, layerType: type, representation: r)
    }
    switch layer.kind {
    case .flatten:
      return make(.operator(.identity(layer.inputSize)))
    case .maxPool:
      guard let routing = trace.maxPoolIndices[layer.index] else {
        preconditionFailure("max-pool layer \(layer.name) has no routing in the trace")
      }
      return make(.operator(.sparse(
        rows: layer.inputSize, columns: layer.outputSize, row: routing.map { Int($0) },
        column: Array(0..<layer.outputSize), value: [Double](repeating: 1, count: layer.outputSize))))
    case .rule(let rule, let graph):
      let program = ColumnProgram(rule.localEntry, bound: [.i, .j], parameters: method.parameters)
      let evaluator = LayerEvaluator(program, graph: graph.connectivity, invariants: graph.invariants)
      var values = layer.sample(row: 0, trace: trace, bindings: bindings, needs: program.quantities)
      var signal = upper ?? [Double](repeating: 0, count: layer.outputSize)
      var keep = [Double](repeating: 1, count: layer.outputSize)
      if let threshold = layer.threshold {
        let output = trace.activations[layer.index + 1].scalars.map(Double.init)
        let products = zip(output, signal).map { $0 * $1 }
        let tau = threshold.threshold(products)
        for k in signal.indices where !(products[k] > tau) {
          signal[k] = 0
          keep[k] = 0
        }
      }
      values[.R] = signal
      let g = graph.connectivity
      var entries = [Double](repeating: 0, count: g.edgeCount)
      entries.withUnsafeMutableBufferPointer { out in
        _ = evaluator.run(values: values, into: out.baseAddress!, count: g.edgeCount)
      }
      for e in 0..<g.edgeCount { entries[e] *= keep[g.edgeOutput[e]] }
      let vectorLayer = trace.activations[layer.index].rank == 2
      if case .dense = network.layers[layer.index] {
        return make(.matrix(matrix(entries, g)))
      }
      if layer.isActivation, vectorLayer {
        return make(.matrix(matrix(entries, g)))
      }
      return make(.operator(.sparse(rows: g.inputs, columns: g.outputs, row: g.edgeInput, column: g.edgeOutput, value: entries)))
    }
  }

  /// The explicit `inputs × outputs` matrix of edge values.
  static func matrix(_ entries: [Double], _ g: Connectivity) -> Matrix {
    var scalars = [Double](repeating: 0, count: g.inputs * g.outputs)
    for e in 0..<g.edgeCount { scalars[g.edgeInput[e] * g.outputs + g.edgeOutput[e]] += entries[e] }
    return Matrix(rows: g.inputs, columns: g.outputs, scalars: scalars)
  }
}
