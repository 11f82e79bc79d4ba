import Dispatch
import Networks
import Symbolic

/// Runs any method written in the rule language on a traced network: the generic path that every
/// fast kernel must agree with, and the path of user-written rules.
///
/// Per layer (see `NetworkRule` for which rule runs where), the rule body is compiled once into a
/// `ColumnProgram`: sample-invariant columns (`pos(w)`, `sum_i(w^2)`) are computed once per layer,
/// the `j`-only terms (denominators) once per output and sample, then the per-edge terms, then the
/// outer `sum_j` into the inputs. Rows of the batch run in parallel on all cores. Arithmetic is
/// `Double`; relevance is handed between layers in `Double` and stored per layer as `Float`.
///
/// Complexity: per sample and layer, O(instructions · edges) with edges = `in·out` for dense
/// layers and `out · receptive field` for conv layers. Memory: a few edge-length `Double` columns
/// per core.
public struct GenericRulePropagator: RelevancePropagator {
  /// The method.
  public let method: NetworkRule
  /// Reference, bounds and patterns.
  public let bindings: RuleBindings

  /// Creates a propagator.
  public init(method: NetworkRule, bindings: RuleBindings = .none) {
    self.method = method
    self.bindings = bindings
  }

  /// The method's name.
  public var name: String { method.name }
  /// The method's seed (`NetworkRule.seed`).
  public var seed: LogitSeed { method.seed }

  /// Propagates `start` down to the input.
  /// - Throws: `AttributionError` for a bad start shape, a missing parameter, reference, bound or
  ///   pattern, or a symbol a layer cannot bind.
  public func propagate(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> Attribution {
    let layers = try prepare(network: network, trace: trace, start: start)
    let batch = trace.batchSize
    var upper = start.relevance.scalars.map(Double.init)
    var relevances = [start.relevance]
    var stabilised = 0
    for layer in layers.reversed() {
      let result = try step(layer, upper: upper, trace: trace, batch: batch)
      upper = result.lower
      stabilised += result.stabilised
      relevances.append(Tensor(shape: trace.activations[layer.index].shape, scalars: upper.map(Float.init)))
    }
    return Attribution(relevances: relevances.reversed(), stabilisedCount: stabilised)
  }

  /// Checks the start and the parameters and binds layers `0 … start.layer`.
  func prepare(network: Network, trace: ForwardTrace, start: RelevanceStart) throws -> [BoundLayer] {
    precondition(trace.activations.count == network.layers.count + 1, "the trace does not belong to this network")
    guard start.layer >= 0, start.layer < network.layers.count else {
      throw AttributionError.startShape(layer: start.layer, expected: [], got: start.relevance.shape)
    }
    let expected = trace.activations[start.layer + 1].shape
    guard start.relevance.shape == expected else {
      throw AttributionError.startShape(layer: start.layer, expected: expected, got: start.relevance.shape)
    }
    for (label, rule) in method.allRules {
      for name in rule.body.parameters.sorted() where method.parameters[name] == nil {
        throw AttributionError.invalidParameter(method: method.name, parameter: name, expected: "a value (used by the \(label) rule)")
      }
    }
    if let reference = bindings.reference, reference.batchSize != 1, reference.batchSize != trace.batchSize {
      throw AttributionError.invalidParameter(
        method: method.name, parameter: "reference",
        expected: "a trace of batch 1 or \(trace.batchSize), got \(reference.batchSize)")
    }
    let shapes = try network.activationShapes()
    return try (0...start.layer).map {
      try BoundLayer(index: $0, top: start.layer, network: network, method: method, bindings: bindings, shapes: shapes)
    }
  }

  /// One layer for the whole batch: `upper` is `[N · outputSize]`, the result `[N · inputSize]`.
  func step(_ layer: BoundLayer, upper: [Double], trace: ForwardTrace, batch: Int) throws -> (lower: [Double], stabilised: Int) {
    switch layer.kind {
    case .flatten:
      return (upper, 0)
    case .maxPool:
      guard let routing = trace.maxPoolIndices[layer.index] else {
        preconditionFailure("max-pool layer \(layer.name) has no routing in the trace")
      }
      var lower = [Double](repeating: 0, count: batch * layer.inputSize)
      for o in 0..<upper.count { lower[Int(routing[o])] += upper[o] }
      return (lower, 0)
    case .rule(let rule, let graph):
      let program = ColumnProgram(rule.body, bound: [.i], parameters: method.parameters)
      let evaluator = LayerEvaluator(program, graph: graph.connectivity, invariants: graph.invariants)
      var lower = [Double](repeating: 0, count: batch * layer.inputSize)
      var counts = [Int](repeating: 0, count: batch)
      let needs = program.quantities
      let bindings = self.bindings
      lower.withUnsafeMutableBufferPointer { out in
        counts.withUnsafeMutableBufferPointer { countBuffer in
          let shared = RowOutputs(lower: out.baseAddress!, counts: countBuffer.baseAddress!)
          let work = { @Sendable (row: Int) in
            var values = layer.sample(row: row, trace: trace, bindings: bindings, needs: needs)
            var signal = Array(upper[(row * layer.outputSize)..<((row + 1) * layer.outputSize)])
            if let threshold = layer.threshold {
              let output = trace.activations[layer.index + 1].rows(row..<(row + 1)).scalars
              let products = zip(output, signal).map { Double($0) * $1 }
              let tau = threshold.threshold(products)
              for k in signal.indices where !(products[k] > tau) { signal[k] = 0 }
            }
            values[.R] = signal
            shared.counts[row] = evaluator.run(values: values, into: shared.lower + row * layer.inputSize, count: layer.inputSize)
          }
          if batch > 1 {
            DispatchQueue.concurrentPerform(iterations: batch, execute: work)
          } else {
            work(0)
          }
        }
      }
      return (lower, counts.reduce(0, +))
    }
  }
}

/// Raw output pointers shared by the rows of a batch. Invariant: row `n` writes only
/// `lower[n·inputSize ..< (n+1)·inputSize]` and `counts[n]`, so concurrent rows never overlap,
/// and the buffers outlive `concurrentPerform`.
struct RowOutputs: @unchecked Sendable {
  let lower: UnsafeMutablePointer<Double>
  let counts: UnsafeMutablePointer<Int>
}

extension LayerEvaluator {
  /// Runs on arrays: allocates a scratch arena, binds `values` and writes `count` results.
  func run(values: [Quantity: [Double]], into output: UnsafeMutablePointer<Double>, count: Int) -> Int {
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: scratchSize)
    defer { scratch.deallocate() }
    var pointers: [Quantity: UnsafeMutablePointer<Double>] = [:]
    defer { for p in pointers.values { p.deallocate() } }
    for (q, v) in values where program.quantities.contains(q) {
      let p = UnsafeMutablePointer<Double>.allocate(capacity: max(v.count, 1))
      p.initialize(from: v, count: v.count)
      pointers[q] = p
    }
    return run(
      pointers.mapValues { UnsafePointer($0) }, scratch: scratch,
      output: UnsafeMutableBufferPointer(start: output, count: count))
  }
}
