/// One layer as an architecture file describes it: its type, name and hyper-parameters, without
/// weights (README, File formats).
public enum ArchitectureLayer: Sendable, Equatable {
  /// `dense`: `y = W x + b`, `W` of shape `[outputs, inputs]`.
  case dense(name: String, inputs: Int, outputs: Int, bias: Bool)
  /// `conv2d`: PyTorch `Conv2d`, weight `[outChannels, inChannels, kh, kw]`.
  case conv2d(
    name: String, inChannels: Int, outChannels: Int, kernelSize: Size2D, stride: Size2D, padding: Size2D, bias: Bool)
  /// `maxpool2d`.
  case maxPool2d(name: String, kernelSize: Size2D, stride: Size2D, padding: Size2D)
  /// `avgpool2d` (padded zeros count, as PyTorch's default).
  case avgPool2d(name: String, kernelSize: Size2D, stride: Size2D, padding: Size2D)
  /// `relu`.
  case relu(name: String)
  /// `flatten`: `torch.flatten(x, 1)`.
  case flatten(name: String)

  /// The `type` strings an architecture file may use.
  public static let typeNames = ["dense", "conv2d", "relu", "maxpool2d", "avgpool2d", "flatten"]

  /// The description of `layer` (weights dropped, bias presence kept).
  public init(_ layer: Layer) {
    switch layer {
    case .dense(let d):
      self = .dense(name: d.name, inputs: d.inputCount, outputs: d.outputCount, bias: d.bias != nil)
    case .conv2d(let c):
      self = .conv2d(
        name: c.name, inChannels: c.inputChannels, outChannels: c.outputChannels, kernelSize: c.kernelSize,
        stride: c.stride, padding: c.padding, bias: c.bias != nil)
    case .maxPool2d(let p):
      self = .maxPool2d(name: p.name, kernelSize: p.kernelSize, stride: p.stride, padding: p.padding)
    case .avgPool2d(let p):
      self = .avgPool2d(name: p.name, kernelSize: p.kernelSize, stride: p.stride, padding: p.padding)
    case .relu(let name):
      self = .relu(name: name)
    case .flatten(let name):
      self = .flatten(name: name)
    }
  }

  /// The layer's name.
  public var name: String {
    switch self {
    case .dense(let name, _, _, _), .conv2d(let name, _, _, _, _, _, _), .maxPool2d(let name, _, _, _),
      .avgPool2d(let name, _, _, _), .relu(let name), .flatten(let name):
      name
    }
  }

  /// The `type` string of the architecture file.
  public var typeName: String {
    switch self {
    case .dense: "dense"
    case .conv2d: "conv2d"
    case .maxPool2d: "maxpool2d"
    case .avgPool2d: "avgpool2d"
    case .relu: "relu"
    case .flatten: "flatten"
    }
  }

  /// The PyTorch `state_dict` keys and shapes of this layer's parameters, weight first:
  /// `<name>.weight` (`[out, in]` or `[out, in, kh, kw]`) and, with a bias, `<name>.bias` (`[out]`).
  public var parameterShapes: [(key: String, shape: [Int])] {
    switch self {
    case .dense(let name, let inputs, let outputs, let bias):
      [("\(name).weight", [outputs, inputs])] + (bias ? [("\(name).bias", [outputs])] : [])
    case .conv2d(let name, let i, let o, let k, _, _, let bias):
      [("\(name).weight", [o, i, k.height, k.width])] + (bias ? [("\(name).bias", [o])] : [])
    case .maxPool2d, .avgPool2d, .relu, .flatten:
      []
    }
  }

  /// The network layer with parameters supplied by `parameter(key, shape)` (keys and shapes as in
  /// `parameterShapes`).
  /// - Precondition: `parameter` returns tensors of the requested shapes.
  func makeLayer(_ parameter: (_ key: String, _ shape: [Int]) throws -> Tensor) throws -> Layer {
    switch self {
    case .dense(let name, let inputs, let outputs, let bias):
      let w = try parameter("\(name).weight", [outputs, inputs])
      let b = bias ? try parameter("\(name).bias", [outputs]) : nil
      return .dense(Dense(name: name, weight: w, bias: b))
    case .conv2d(let name, let i, let o, let k, let stride, let padding, let bias):
      let w = try parameter("\(name).weight", [o, i, k.height, k.width])
      let b = bias ? try parameter("\(name).bias", [o]) : nil
      return .conv2d(Conv2D(name: name, weight: w, bias: b, stride: stride, padding: padding))
    case .maxPool2d(let name, let k, let s, let p):
      return .maxPool2d(Pool2D(name: name, kernelSize: k, stride: s, padding: p))
    case .avgPool2d(let name, let k, let s, let p):
      return .avgPool2d(Pool2D(name: name, kernelSize: k, stride: s, padding: p))
    case .relu(let name):
      return .relu(name: name)
    case .flatten(let name):
      return .flatten(name: name)
    }
  }
}
