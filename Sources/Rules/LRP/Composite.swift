import Networks

/// Which `LinearRule` each dense or convolution layer of a network gets.
///
/// Precedence, highest first: `byName`, `byIndex`, `first` (the lowest dense/conv layer), `last`
/// (the highest dense/conv layer, usually the logits), then the kind default (`dense` or `conv`).
public struct Composite: Sendable, Equatable {
  /// The rule of dense layers not matched by anything more specific.
  public var dense: LinearRule
  /// The rule of conv layers not matched by anything more specific.
  public var conv: LinearRule
  /// The rule of the first dense/conv layer (DTD's zᴮ), if any.
  public var first: LinearRule?
  /// The rule of the last dense/conv layer (DTD's w² in iNNvestigate), if any.
  public var last: LinearRule?
  /// Rules by layer index into `network.layers`.
  public var byIndex: [Int: LinearRule]
  /// Rules by layer name.
  public var byName: [String: LinearRule]

  /// Creates a composite from its parts.
  public init(
    dense: LinearRule, conv: LinearRule, first: LinearRule? = nil, last: LinearRule? = nil,
    byIndex: [Int: LinearRule] = [:], byName: [String: LinearRule] = [:]
  ) {
    self.dense = dense
    self.conv = conv
    self.first = first
    self.last = last
    self.byIndex = byIndex
    self.byName = byName
  }

  /// The same rule on every dense and conv layer.
  public static func uniform(_ rule: LinearRule) -> Composite {
    Composite(dense: rule, conv: rule)
  }

  /// The rule of layer `index`, or `nil` when it is not a dense or conv layer.
  public func rule(at index: Int, in network: Network) -> LinearRule? {
    let layer = network.layers[index]
    let isConv: Bool
    switch layer {
    case .dense: isConv = false
    case .conv2d: isConv = true
    default: return nil
    }
    if let r = byName[layer.name] { return r }
    if let r = byIndex[index] { return r }
    let linear = network.layers.indices.filter {
      switch network.layers[$0] {
      case .dense, .conv2d: true
      default: false
      }
    }
    if let first, index == linear.first { return first }
    if let last, index == linear.last { return last }
    return isConv ? conv : dense
  }

  /// Checks that every named or indexed override refers to an existing dense/conv layer and
  /// that every rule's parameters are in their domain.
  /// - Throws: `AttributionError.invalidParameter` naming the unknown layer or bad parameter.
  public func validate(method: String, network: Network) throws {
    for name in byName.keys.sorted() {
      guard let i = network.layerIndex(named: name), rule(at: i, in: network) != nil else {
        let names = network.layers.map(\.name).joined(separator: ", ")
        throw AttributionError.invalidParameter(
          method: method, parameter: "layer", expected: "a dense or conv layer of the model (\(names)), got '\(name)'")
      }
    }
    for index in byIndex.keys.sorted() {
      guard network.layers.indices.contains(index), rule(at: index, in: network) != nil else {
        throw AttributionError.invalidParameter(
          method: method, parameter: "layer", expected: "the index of a dense or conv layer, got \(index)")
      }
    }
    for r in [dense, conv] + [first, last].compactMap({ $0 }) + Array(byIndex.values) + Array(byName.values) {
      try r.validate(method: method)
    }
  }
}

/// What a modified backward pass does at a ReLU.
public enum ReLURule: Sendable, Equatable {
  /// LRP: relevance passes unchanged.
  case pass
  /// The gradient: `g · 1[x > 0]` (also Excitation BP).
  case gradient
  /// Guided BP: `g · 1[x > 0] · 1[g > 0]`.
  case guided
  /// Deconv: `max(g, 0)`; the forward mask is ignored.
  case deconv
}

/// What a modified backward pass does at an average pool.
public enum AveragePoolRule: Sendable, Equatable {
  /// The gradient: `g / (kh·kw)` to each window element.
  case gradient
  /// LRP-0 of the pool: `R_j = (a_j / (kh·kw)) · R_k / s(z_k)` with `z_k` the window mean and
  /// `s` the convention's stabiliser.
  case lrp
}
