extension Network {
  /// The number of trainable scalars (weights and biases of dense and conv layers).
  public var parameterCount: Int {
    layers.reduce(0) { sum, layer in
      switch layer {
      case .dense(let d): sum + d.weight.count + (d.bias?.count ?? 0)
      case .conv2d(let c): sum + c.weight.count + (c.bias?.count ?? 0)
      default: sum
      }
    }
  }

  /// Calls `body` on every parameter tensor that has a gradient, in place.
  ///
  /// The slot of layer `l`'s weight is `2·l`, of its bias `2·l + 1`; optimizers key their state by it.
  /// The layer is taken out of the array while it is updated, so its storage is not copied.
  /// - Precondition: `gradients` has one entry per layer and matching shapes.
  mutating func updateParameters(
    along gradients: ParameterGradients,
    _ body: (
      _ slot: Int, _ parameter: UnsafeMutableBufferPointer<Float>,
      _ gradient: UnsafeBufferPointer<Float>
    ) -> Void
  ) {
    precondition(
      gradients.layers.count == layers.count,
      "optimizer: \(gradients.layers.count) gradient entries for \(layers.count) layers")
    func apply(_ slot: Int, _ tensor: inout Tensor, _ gradient: Tensor?) {
      guard let gradient else { return }
      precondition(
        gradient.shape == tensor.shape,
        "optimizer: gradient \(gradient.shape) for parameter \(tensor.shape)")
      tensor.scalars.withUnsafeMutableBufferPointer { p in
        gradient.scalars.withUnsafeBufferPointer { g in body(slot, p, g) }
      }
    }
    for l in layers.indices {
      guard let g = gradients.layers[l] else { continue }
      // Take the layer out of the array first, so that its tensors are uniquely referenced and
      // update in place (a pattern match on the array element would keep a second reference).
      var dense: Dense? = nil
      var conv: Conv2D? = nil
      switch layers[l] {
      case .dense(let d): dense = d
      case .conv2d(let c): conv = c
      default:
        preconditionFailure(
          "optimizer: parameter gradients for parameter-free layer \(layers[l].name)")
      }
      layers[l] = .flatten(name: "")
      if var d = dense.take() {
        apply(2 * l, &d.weight, g.weight)
        if d.bias != nil { apply(2 * l + 1, &d.bias!, g.bias) }
        layers[l] = .dense(d)
      } else if var c = conv.take() {
        apply(2 * l, &c.weight, g.weight)
        if c.bias != nil { apply(2 * l + 1, &c.bias!, g.bias) }
        layers[l] = .conv2d(c)
      }
    }
  }
}
