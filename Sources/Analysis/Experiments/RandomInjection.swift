import Matrices
import Networks
import Rules

/// What arrives at every lower layer when random relevance is injected at one layer (the
/// propagation half of the CSC protocol, paper-digest §5 steps 1–2).
public struct RandomInjection: Sendable {
  /// Index of the layer whose output receives the random vectors.
  public var layer: Int
  /// `arrivals[l]`, `0 ≤ l ≤ layer + 1`, is shaped `[N, V] + shape(activations[l])` without batch:
  /// what the method sent to the boundary `l` (0 the input, `l + 1` the output of layer `l`) for
  /// each input and each of its `V` injected vectors. The last entry holds the injected vectors.
  public var arrivals: [Tensor]
  /// Stabilised denominators summed over the pass.
  public var stabilisedCount: Int

  /// Injects `vectors` independent `N(0, I)` tensors at the output of `layer` for every row of
  /// `inputs`, and propagates each with `method` down to the input.
  ///
  /// All `N·V` propagations run as one batch on a trace of the inputs with each row repeated `V`
  /// times (rows `n·V ..< (n+1)·V` belong to input `n`).
  /// - Parameters:
  ///   - generator: the source of the injected vectors (advanced; seed it for reproducibility).
  /// - Throws: `AttributionError` from the method.
  public init(
    method: any RelevancePropagator, network: Network, inputs: Tensor, layer: Int, vectors: Int,
    generator: inout SeededGenerator
  ) throws {
    precondition(vectors >= 1, "RandomInjection: need at least one vector")
    precondition(layer >= 0 && layer < network.layers.count, "RandomInjection: layer \(layer) out of range")
    let n = inputs.shape[0]
    let trace = network.trace(CSCInjection.repeatInputs(inputs, vectorsPerInput: vectors))
    let random = CSCInjection.gaussianVectors(
      shape: Array(trace.activations[layer + 1].shape.dropFirst()), inputs: n, vectorsPerInput: vectors,
      using: &generator)
    let attribution = try method.propagate(
      network: network, trace: trace, start: RelevanceStart(layer: layer, relevance: random))
    self.layer = layer
    self.stabilisedCount = attribution.stabilisedCount
    self.arrivals = attribution.relevances.map { r in
      Tensor(shape: [n, vectors] + r.shape.dropFirst(), scalars: r.scalars)
    }
  }
}
