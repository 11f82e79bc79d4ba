import Networks
import Symbolic

/// One layer of a traced network prepared for a `NetworkRule`: its graph, its rule and where each
/// per-sample symbol comes from. Shared by `GenericRulePropagator` and `LocalBackwardMaps`.
struct BoundLayer: Sendable {
  enum Kind: Sendable {
    /// A rule on a graph (dense, conv, ReLU as an element-wise layer, average pool).
    case rule(Rule, LayerGraph)
    /// Winner-take-all routing through the traced arg-max.
    case maxPool
    /// A reshape.
    case flatten
  }

  let index: Int
  let name: String
  let kind: Kind
  /// For a ReLU: `a = z =` the ReLU's input; otherwise `a` is the input and `z` the output.
  let isActivation: Bool
  /// RectGrad's threshold at this ReLU's output, if any.
  let threshold: SignalThreshold?
  /// Elements of one sample at the layer input and output.
  let inputSize: Int
  let outputSize: Int

  /// Prepares layer `index` of `network` for `method` in a propagation from the output of layer
  /// `top` (which decides where a `foldsActivation` method folds a ReLU into the layer below).
  /// - Throws: `AttributionError` when the rule needs a symbol the layer cannot bind.
  init(index: Int, top: Int, network: Network, method: NetworkRule, bindings: RuleBindings, shapes: [[Int]]) throws {
    self.index = index
    let layer = network.layers[index]
    name = layer.name
    inputSize = shapes[index].reduce(1, *)
    outputSize = shapes[index + 1].reduce(1, *)
    var threshold: SignalThreshold? = nil
    var isActivation = false
    let rule: Rule
    var graph: LayerGraph
    switch layer {
    case .maxPool2d:
      kind = .maxPool
      self.isActivation = false
      self.threshold = nil
      return
    case .flatten:
      kind = .flatten
      self.isActivation = false
      self.threshold = nil
      return
    case .dense(let d):
      rule = BoundLayer.linearRule(index: index, top: top, network: network, method: method)
      graph = .dense(d)
    case .conv2d(let c):
      rule = BoundLayer.linearRule(index: index, top: top, network: network, method: method)
      graph = .conv(c, inputShape: shapes[index])
    case .avgPool2d(let p):
      rule = method.averagePool
      graph = .averagePool(p, inputShape: shapes[index])
    case .relu:
      rule = method.foldsActivation && BoundLayer.isLinear(network, index - 1) ? NetworkRule.pass : method.activation
      graph = .elementwise(inputSize)
      isActivation = true
      threshold = method.threshold
    }
    self.isActivation = isActivation
    self.threshold = threshold
    let needs = rule.body.quantities
    if needs.contains(.p) {
      switch layer {
      case .dense, .conv2d: break
      default:
        throw AttributionError.unsupportedLayer(
          method: method.name, layer: name, reason: "p[i,j] exists only on dense and conv layers")
      }
      guard let p = bindings.patterns[name] else {
        throw AttributionError.unsupportedLayer(method: method.name, layer: name, reason: "no pattern given for this layer")
      }
      try BoundLayer.bindPattern(p, into: &graph, layer: layer, method: method.name)
    }
    kind = .rule(rule, graph)
    try BoundLayer.checkSymbols(needs, index: index, network: network, bindings: bindings, method: method.name)
  }

  /// The rule of dense/conv layer `index`: `NetworkRule.rule(forLinearLayer:of:)`, except for a
  /// `foldsActivation` method below a ReLU the propagation does not pass (`pass`, `Wᵀm`).
  private static func linearRule(index: Int, top: Int, network: Network, method: NetworkRule) -> Rule {
    if method.foldsActivation {
      let folds = index + 1 <= top && index + 1 < network.layers.count && { if case .relu = network.layers[index + 1] { true } else { false } }()
      if !folds { return NetworkRule.pass }
    }
    return method.rule(forLinearLayer: index, of: network)
  }

  /// Whether layer `index` exists and is dense or conv.
  static func isLinear(_ network: Network, _ index: Int) -> Bool {
    guard network.layers.indices.contains(index) else { return false }
    switch network.layers[index] {
    case .dense, .conv2d: return true
    default: return false
    }
  }

  private static func bindPattern(_ p: Tensor, into graph: inout LayerGraph, layer: Layer, method: String) throws {
    let weightShape: [Int]
    switch layer {
    case .dense(let d): weightShape = d.weight.shape
    case .conv2d(let c): weightShape = c.weight.shape
    default: weightShape = []
    }
    guard p.shape == weightShape else {
      throw AttributionError.invalidParameter(
        method: method, parameter: "pattern '\(layer.name)'", expected: "shape \(weightShape), got \(p.shape)")
    }
    graph.invariants[.p] = p.scalars.map(Double.init)
  }

  private static func checkSymbols(
    _ needs: Set<Quantity>, index: Int, network: Network, bindings: RuleBindings, method: String
  ) throws {
    if needs.contains(.a0) || needs.contains(.z0) {
      guard let reference = bindings.reference, reference.activations.count == network.layers.count + 1,
        Array(reference.input.shape.dropFirst()) == network.inputShape
      else {
        throw AttributionError.invalidParameter(
          method: method, parameter: "reference", expected: "a forward trace of the reference input by this network (a0, z0)")
      }
    }
    if needs.contains(.l) || needs.contains(.h) {
      let atInput = network.layers[..<index].allSatisfy { if case .flatten = $0 { true } else { false } }
      guard atInput else {
        throw AttributionError.unsupportedLayer(
          method: method, layer: network.layers[index].name, reason: "the bounds l[i], h[i] exist only at the network input")
      }
      guard let low = bindings.low, let high = bindings.high else {
        throw AttributionError.invalidParameter(method: method, parameter: "low/high", expected: "input bounds for l[i], h[i]")
      }
      let size = network.inputShape.reduce(1, *)
      for (name, v) in [("low", low), ("high", high)] where v.count != 1 && v.count != size {
        throw AttributionError.invalidParameter(
          method: method, parameter: name, expected: "1 or \(size) values (one per input element), got \(v.count)")
      }
    }
  }

  /// The per-sample symbols of row `row` except `R`: `a`, `z` and, when the rule reads them,
  /// `a0`, `z0`, `l`, `h`.
  func sample(row: Int, trace: ForwardTrace, bindings: RuleBindings, needs: Set<Quantity>) -> [Quantity: [Double]] {
    func slice(_ t: Tensor, _ r: Int) -> [Double] { t.rows(r..<(r + 1)).scalars.map(Double.init) }
    let zSource = isActivation ? index : index + 1
    var values: [Quantity: [Double]] = [
      .a: slice(trace.activations[index], row),
      .z: slice(trace.activations[zSource], row),
    ]
    if let reference = bindings.reference, needs.contains(.a0) || needs.contains(.z0) {
      let r = reference.batchSize == 1 ? 0 : row
      values[.a0] = slice(reference.activations[index], r)
      values[.z0] = slice(reference.activations[zSource], r)
    }
    func bound(_ v: [Float]?) -> [Double]? {
      guard let v else { return nil }
      return v.count == 1 ? [Double](repeating: Double(v[0]), count: inputSize) : v.map(Double.init)
    }
    if needs.contains(.l) { values[.l] = bound(bindings.low) }
    if needs.contains(.h) { values[.h] = bound(bindings.high) }
    return values
  }
}
