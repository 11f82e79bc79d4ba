import Networks

/// Elementwise helpers and argument checks shared by the DeepLIFT, pattern and path-gradient
/// methods (`DeepLIFT`, `PatternNet`, `IntegratedGradients`, …).
///
/// All loops run once over raw buffers; the batch dimension is the first extent of every tensor.
enum MethodArrays {
  /// Checks that `start` fits `network` and `trace` (the layer index and the relevance shape).
  /// - Throws: `AttributionError.startShape` when the relevance does not have the shape of
  ///   `trace.activations[start.layer + 1]`, `.invalidParameter` for a layer index out of range.
  static func checkStart(
    method: String, network: Network, trace: ForwardTrace, start: RelevanceStart
  ) throws {
    precondition(
      trace.activations.count == network.layers.count + 1,
      "\(method): the trace does not belong to this network")
    guard start.layer >= 0 && start.layer < network.layers.count else {
      throw AttributionError.invalidParameter(
        method: method, parameter: "start layer",
        expected: "in 0..<\(network.layers.count), got \(start.layer)")
    }
    let expected = trace.activations[start.layer + 1].shape
    guard start.relevance.shape == expected else {
      throw AttributionError.startShape(
        layer: start.layer, expected: expected, got: start.relevance.shape)
    }
  }

  /// A reference or baseline input as a batch: zeros `[1] + inputShape` for `nil`, a tensor of
  /// shape `inputShape` or `[1] + inputShape` as one sample, `[N] + inputShape` as is.
  /// - Throws: `AttributionError.invalidParameter` naming `parameter` for any other shape.
  static func referenceBatch(
    _ reference: Tensor?, method: String, parameter: String, network: Network, batch: Int
  ) throws -> Tensor {
    guard let reference else { return Tensor(shape: [1] + network.inputShape) }
    if reference.shape == network.inputShape {
      return reference.reshaped(to: [1] + network.inputShape)
    }
    if reference.shape == [1] + network.inputShape || reference.shape == [batch] + network.inputShape {
      return reference
    }
    throw AttributionError.invalidParameter(
      method: method, parameter: parameter,
      expected: "of shape \(network.inputShape), [1, …] or [\(batch), …] (the input's), got \(reference.shape)")
  }

  /// `a − b`, where `b` has the batch size of `a` or batch size 1 (then it is subtracted from
  /// every sample).
  /// - Complexity: `O(a.count)`.
  static func difference(_ a: Tensor, _ b: Tensor) -> Tensor {
    let stride = b.count / max(b.shape[0], 1)
    precondition(
      Array(a.shape.dropFirst()) == Array(b.shape.dropFirst())
        && (b.shape[0] == a.shape[0] || b.shape[0] == 1),
      "difference: \(a.shape) and \(b.shape) do not broadcast")
    var out = a.scalars
    b.scalars.withUnsafeBufferPointer { bp in
      out.withUnsafeMutableBufferPointer { o in
        guard let ob = o.baseAddress, let bb = bp.baseAddress, stride > 0 else { return }
        let samples = a.shape[0]
        for s in 0..<samples {
          let row = ob + s &* stride
          let ref = b.shape[0] == 1 ? bb : bb + s &* stride
          for i in 0..<stride { row[i] -= ref[i] }
        }
      }
    }
    return Tensor(shape: a.shape, scalars: out)
  }

  /// The elementwise product `a ⊙ b` of two tensors with the same element count, in `a`'s shape.
  /// - Complexity: `O(a.count)`.
  static func product(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.count == b.count, "product: \(a.shape) and \(b.shape) differ")
    var out = a.scalars
    b.scalars.withUnsafeBufferPointer { bp in
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<o.count { o[i] *= bp[i] }
      }
    }
    return Tensor(shape: a.shape, scalars: out)
  }

  /// `Σ_k weights[k] · t_k`, of tensors with identical shapes (fixed summation order).
  static func weightedSum(_ terms: [(Float, Tensor)]) -> Tensor {
    precondition(!terms.isEmpty, "weightedSum: no terms")
    var out = [Float](repeating: 0, count: terms[0].1.count)
    out.withUnsafeMutableBufferPointer { o in
      for (w, t) in terms {
        precondition(t.count == o.count, "weightedSum: shapes differ")
        t.scalars.withUnsafeBufferPointer { tp in
          for i in 0..<o.count { o[i] += w * tp[i] }
        }
      }
    }
    return Tensor(shape: terms[0].1.shape, scalars: out)
  }

  /// The tensor repeated `times` times along the batch dimension: sample `k·N + n` is sample `n`.
  static func tiled(_ t: Tensor, times: Int) -> Tensor {
    precondition(times >= 1, "tiled: times must be ≥ 1")
    if times == 1 { return t }
    var shape = t.shape
    shape[0] *= times
    var out = [Float]()
    out.reserveCapacity(t.count &* times)
    for _ in 0..<times { out.append(contentsOf: t.scalars) }
    return Tensor(shape: shape, scalars: out)
  }

  /// The number of scalars one sample occupies in a forward trace of `network` (every activation
  /// including the input), used to size the chunks of batched perturbation passes.
  static func traceScalarsPerSample(_ network: Network) -> Int {
    let shapes = (try? network.activationShapes()) ?? []
    return max(1, shapes.reduce(0) { $0 + $1.reduce(1, *) })
  }
}
