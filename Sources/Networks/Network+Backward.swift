import Matrices

extension Layer {
  /// The vector–Jacobian product of this layer at the point recorded in a trace: the per-layer
  /// step of `Network.backward`, dispatching to the layer kernels (`Dense.inputGradient`,
  /// `Conv2D.inputGradient`, `Pool2D.maxPoolBackward`, `Pool2D.avgPoolBackward`, `ReLU.backward`,
  /// a reshape for flatten).
  ///
  /// ```
  /// g_in = (∂y/∂x)ᵀ g_out
  /// ```
  /// - Parameters:
  ///   - outputGradient: the vector at the layer output `[N, …]`.
  ///   - input: the layer input from the trace.
  ///   - maxPoolIndices: the trace's routing for a max-pool layer (`nil` otherwise).
  ///   - wantParameters: whether to compute the weight and bias gradients as well
  ///     (ignored by parameter-free layers).
  /// - Returns: the vector at the layer input and, when requested, the parameter gradients.
  public func backward(
    outputGradient: Tensor, input: Tensor, maxPoolIndices: [Int32]?, wantParameters: Bool
  ) -> (input: Tensor, parameters: ParameterGradient?) {
    switch self {
    case .dense(let d):
      return (
        d.inputGradient(outputGradient: outputGradient),
        wantParameters ? d.parameterGradients(input: input, outputGradient: outputGradient) : nil
      )
    case .conv2d(let c):
      let both = c.backward(
        input: wantParameters ? input : nil, inputShape: input.shape,
        outputGradient: outputGradient, wantInput: true)
      guard let inputGradient = both.input else {
        preconditionFailure("Conv2D backward lost its input gradient")
      }
      return (inputGradient, both.parameters)
    case .maxPool2d(let p):
      let routing = maxPoolIndices ?? p.maxPoolForward(input).argmax
      return (
        p.maxPoolBackward(outputGradient: outputGradient, argmax: routing, inputShape: input.shape),
        nil
      )
    case .avgPool2d(let p):
      return (p.avgPoolBackward(outputGradient: outputGradient, inputShape: input.shape), nil)
    case .relu:
      return (ReLU.backward(outputGradient: outputGradient, input: input), nil)
    case .flatten:
      precondition(
        outputGradient.count == input.count,
        "flatten \(name): gradient has \(outputGradient.count) elements, input \(input.count)")
      return (outputGradient.reshaped(to: input.shape), nil)
    }
  }
}

extension Network {
  /// Propagates a vector injected at the output of layer `layerIndex` down to the input
  /// (the vector–Jacobian product `uᵀ · ∂a_{l+1}/∂a_0` at the traced point).
  ///
  /// ```
  /// g_{l+1} = upstream,   g_k = (∂a_{k+1}/∂a_k)ᵀ g_{k+1}   for k = l, …, 0
  /// ```
  /// With `layerIndex = layers.count − 1` and `upstream = ∂L/∂logits` this is the ordinary gradient.
  /// - Parameters:
  ///   - trace: the forward trace of this network on a batch.
  ///   - upstream: the vector at the output of layer `layerIndex`, the shape of
  ///     `trace.activations[layerIndex + 1]` (for the logits also `[N, classes]`).
  ///   - layerIndex: where the vector is injected, `0 ..< layers.count`.
  ///   - keepActivationGradients: keep the vector at every activation `0 … layerIndex + 1`.
  ///   - parameterGradients: also compute the weight and bias gradients (opt-in, costs about as
  ///     much again for conv and dense layers).
  /// - Returns: the input gradient and whatever was requested.
  /// - Precondition: the trace belongs to this network and the shapes fit.
  /// - Complexity: about the cost of the forward pass up to `layerIndex` (twice that with
  ///   parameter gradients).
  public func backward(
    trace: ForwardTrace, upstream: Tensor, at layerIndex: Int,
    keepActivationGradients: Bool = false, parameterGradients: Bool = false
  ) -> BackwardResult {
    precondition(
      layerIndex >= 0 && layerIndex < layers.count,
      "backward: layer index \(layerIndex) out of 0..<\(layers.count)")
    precondition(
      trace.activations.count == layers.count + 1,
      "backward: the trace does not belong to this network")
    let target = trace.activations[layerIndex + 1]
    precondition(
      upstream.count == target.count,
      "backward: upstream \(upstream.shape) does not fit activation \(target.shape)")
    MemoryRetention.enable()
    var gradient = upstream.reshaped(to: target.shape)
    var kept: [Tensor] = keepActivationGradients ? [gradient] : []
    var parameters: [ParameterGradient?] = Array(repeating: nil, count: layers.count)
    for l in stride(from: layerIndex, through: 0, by: -1) {
      let step = layers[l].backward(
        outputGradient: gradient, input: trace.activations[l],
        maxPoolIndices: trace.maxPoolIndices[l],
        wantParameters: parameterGradients)
      gradient = step.input
      parameters[l] = step.parameters
      if keepActivationGradients { kept.append(gradient) }
    }
    return BackwardResult(
      inputGradient: gradient, activationGradients: kept.reversed(),
      parameterGradients: parameterGradients ? ParameterGradients(layers: parameters) : nil)
  }
}
