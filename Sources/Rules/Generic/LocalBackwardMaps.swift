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
///
/// Preparing is done once per trace (layer graphs, compiled entry programs, invariant columns and,
/// for signal-dependent methods, one batched propagation of `start`); `maps(row:)` then costs one
/// evaluation of each entry per edge.
public struct LocalBackwardMaps: Sendable {
  /// The network.
  public let network: Network
  /// The trace the maps are taken at.
  public let trace: ForwardTrace
  /// The method.
  public let method: NetworkRule
  /// Reference, bounds and patterns.
  public let bindings: RuleBindings
  /// The layers `0 … top` with their compiled entry programs (`nil` for max pool and flatten).
  private let layers: [(layer: BoundLayer, evaluator: LayerEvaluator?)]
  /// The upper signal at every layer boundary (`relevances` of the propagated start), for
  /// signal-dependent methods.
  private let signals: [Tensor]?

  /// Prepares the maps of layers `0 … top` at every row of `trace`.
  /// - Parameters:
  ///   - network: the network.
  ///   - trace: its forward trace (any batch size).
  ///   - method: the method (rules, parameters).
  ///   - bindings: reference (batch 1 or the trace's batch), bounds and patterns.
  ///   - start: the upper signal (batch of `trace`), required when a rule is not linear in `R` or
  ///     the method has a threshold; `top` is `start.layer`, else the last layer.
  /// - Throws: `AttributionError` for unbindable symbols, missing parameters, or a
  ///   signal-dependent method without `start`.
  public init(
    network: Network, trace: ForwardTrace, method: NetworkRule, bindings: RuleBindings = .none,
    start: RelevanceStart? = nil
  ) throws {
    self.network = network
    self.trace = trace
    self.method = method
    self.bindings = bindings
    let top = start?.layer ?? network.layers.count - 1
    let prepareStart = start ?? RelevanceStart(layer: top, relevance: Tensor(shape: trace.activations[top + 1].shape))
    let propagator = GenericRulePropagator(method: method, bindings: bindings)
    let bound = try propagator.prepare(network: network, trace: trace, start: prepareStart)
    layers = bound.map { layer in
      guard case .rule(let rule, let graph) = layer.kind else { return (layer, nil) }
      let program = ColumnProgram(rule.localEntry, bound: [.i, .j], parameters: method.parameters)
      return (layer, LayerEvaluator(program, graph: graph.connectivity, invariants: graph.invariants))
    }
    let signalDependent = method.threshold != nil || method.allRules.contains { !$0.1.isLinearInRelevance }
    if signalDependent {
      guard let start else {
        throw AttributionError.invalidParameter(
          method: method.name, parameter: "start", expected: "an upper signal: the method is not linear in R")
      }
      signals = try propagator.propagate(network: network, trace: trace, start: start).relevances
    } else {
      signals = nil
    }
  }

  /// The maps of batch row `row`, bottom first (`maps[l]` belongs to `network.layers[l]`).
  /// - Complexity: one evaluation of each rule's entry per edge; dense maps cost `in·out` Doubles.
  public func maps(row: Int) -> [LocalMap] {
    precondition(row >= 0 && row < trace.batchSize, "row \(row) out of 0..<\(trace.batchSize)")
    return layers.map { layer, evaluator in
      let upper = signals.map { signal -> [Double] in
        let t = signal[layer.index + 1]
        let n = t.count / trace.batchSize
        return t.scalars[(row * n)..<((row + 1) * n)].map(Double.init)
      }
      return localMap(layer, evaluator: evaluator, row: row, upper: upper)
    }
  }

  /// The maps of one row: `LocalBackwardMaps(…).maps(row:)`.
  public static func compute(
    network: Network, trace: ForwardTrace, row: Int, method: NetworkRule, bindings: RuleBindings = .none,
    start: RelevanceStart? = nil
  ) throws -> [LocalMap] {
    try LocalBackwardMaps(network: network, trace: trace, method: method, bindings: bindings, start: start).maps(row: row)
  }

  private func localMap(_ layer: BoundLayer, evaluator: LayerEvaluator?, row: Int, upper: [Double]?) -> LocalMap {
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
      let offset = row * layer.inputSize
      return make(.operator(.sparse(
        rows: layer.inputSize, columns: layer.outputSize,
        row: routing[(row * layer.outputSize)..<((row + 1) * layer.outputSize)].map { Int($0) - offset },
        column: Array(0..<layer.outputSize), value: [Double](repeating: 1, count: layer.outputSize))))
    case .rule(_, let graph):
      let evaluator = evaluator!
      var values = layer.sample(row: row, trace: trace, bindings: bindings, needs: evaluator.program.quantities)
      var signal = upper ?? [Double](repeating: 0, count: layer.outputSize)
      var keep = [Double](repeating: 1, count: layer.outputSize)
      if let threshold = layer.threshold {
        let output = trace.activations[layer.index + 1].rows(row..<(row + 1)).scalars
        let products = zip(output, signal).map { Double($0) * $1 }
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
      if case .dense = network.layers[layer.index] { return make(.matrix(Self.matrix(entries, g))) }
      if layer.isActivation, vectorLayer { return make(.matrix(Self.matrix(entries, g))) }
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
