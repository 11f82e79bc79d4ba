import Networks
import Rules

extension RelevancePropagator {
  /// Explains one class per row of a traced batch: seeds the logits with `e_c · f_c(x)` (LRP
  /// family) or `e_c` (gradient family) and propagates down to the input.
  /// - Parameters:
  ///   - network: the network that produced `trace`.
  ///   - trace: the forward trace of the batch.
  ///   - classes: the class explained in each row, `0 ..< network.outputCount`.
  /// - Throws: `AttributionError` from the method.
  public func explain(network: Network, trace: ForwardTrace, classes: [Int]) throws -> Attribution {
    let logits = trace.output
    let k = logits.shape[1]
    precondition(classes.count == trace.batchSize, "explain: one class per row")
    var seedTensor = Tensor(shape: logits.shape, repeating: 0)
    for (row, c) in classes.enumerated() {
      precondition((0..<k).contains(c), "explain: class \(c) out of 0..<\(k)")
      seedTensor.scalars[row * k + c] = seed == .logitValue ? logits.scalars[row * k + c] : 1
    }
    return try propagate(
      network: network, trace: trace,
      start: RelevanceStart(layer: network.layers.count - 1, relevance: seedTensor))
  }

  /// Input relevance maps, one per row of `inputs`, for the given classes, computed in chunks of
  /// `chunk` rows (bounds the memory of the trace).
  /// - Returns: `[N, …]` shaped like `inputs`.
  public func inputMaps(network: Network, inputs: Tensor, classes: [Int], chunk: Int = 32) throws -> Tensor {
    let n = inputs.shape[0]
    let rowSize = inputs.count / max(n, 1)
    var scalars: [Float] = []
    scalars.reserveCapacity(inputs.count)
    var start = 0
    while start < n {
      let end = min(start + chunk, n)
      let rows = Tensor(
        shape: [end - start] + inputs.shape.dropFirst(),
        scalars: Array(inputs.scalars[(start * rowSize)..<(end * rowSize)]))
      let trace = network.trace(rows)
      scalars += try explain(network: network, trace: trace, classes: Array(classes[start..<end])).input.scalars
      start = end
    }
    return Tensor(shape: inputs.shape, scalars: scalars)
  }
}
