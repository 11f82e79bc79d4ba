import Foundation

extension Architecture {
  /// Parses architecture JSON (README, File formats). Unknown top-level keys are ignored; unknown layer
  /// fields are errors, except the PyTorch no-op values `dilation` 1 and `groups` 1 (conv2d) and
  /// `ceil_mode` false / `count_include_pad` true (pools).
  /// - Parameters:
  ///   - data: the UTF-8 JSON text.
  ///   - path: the file name used in error messages.
  /// Every extent is checked against `maximumExtent` along the chain of layers, so no later size
  /// computation can overflow.
  /// - Throws: `ModelFileError` naming `path` and the first invalid field (`layers[3].kernel_size`).
  public init(json data: Data, path: String) throws {
    let root: [String: Any]
    switch JSONValues.object(data) {
    case .success(let o): root = o
    case .failure(let f):
      throw ModelFileError.invalidField(file: path, field: "document", expected: "a JSON object", got: f.reason)
    }
    guard let shapeValue = root["input_shape"] else {
      throw ModelFileError.invalidField(file: path, field: "input_shape", expected: "[C, H, W] or [D]", got: "nothing")
    }
    guard let shape = JSONValues.ints(shapeValue), shape.count == 1 || shape.count == 3, shape.allSatisfy({ $0 > 0 })
    else {
      throw ModelFileError.invalidField(
        file: path, field: "input_shape", expected: "[C, H, W] or [D] of positive integers",
        got: JSONValues.describe(shapeValue))
    }
    guard let layerValues = root["layers"] as? [Any] else {
      throw ModelFileError.invalidField(
        file: path, field: "layers", expected: "an array of layer objects",
        got: root["layers"].map(JSONValues.describe) ?? "nothing")
    }
    var names = Set<String>()
    var layers: [ArchitectureLayer] = []
    for (index, value) in layerValues.enumerated() {
      let reader = LayerFields(path: path, index: index, value: value)
      let layer = try reader.layer()
      guard names.insert(layer.name).inserted else {
        throw ModelFileError.duplicateLayerName(file: path, index: index, name: layer.name)
      }
      layers.append(layer)
    }
    self.init(inputShape: shape, layers: layers)
    _ = try checkedActivationShapes(path: path)
  }
}

/// Reads the fields of `layers[index]`, naming the exact field in every error.
private struct LayerFields {
  let path: String
  let index: Int
  let value: Any

  func fail(_ field: String, _ expected: String, _ got: Any?) -> ModelFileError {
    .invalidField(
      file: path, field: "layers[\(index)]" + (field.isEmpty ? "" : ".\(field)"), expected: expected,
      got: got.map(JSONValues.describe) ?? "nothing")
  }

  func layer() throws -> ArchitectureLayer {
    guard let fields = value as? [String: Any] else { throw fail("", "a layer object", value) }
    guard let type = fields["type"] as? String else { throw fail("type", "a type string", fields["type"]) }
    guard ArchitectureLayer.typeNames.contains(type) else {
      throw ModelFileError.unknownLayerType(file: path, index: index, type: type)
    }
    let allowed: Set<String> =
      switch type {
      case "dense": ["type", "name", "in", "out", "bias"]
      case "conv2d":
        [
          "type", "name", "in_channels", "out_channels", "kernel_size", "stride", "padding", "bias", "dilation",
          "groups",
        ]
      case "maxpool2d": ["type", "name", "kernel_size", "stride", "padding", "ceil_mode"]
      case "avgpool2d": ["type", "name", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"]
      default: ["type", "name"]
      }
    if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
      throw fail(unknown, "one of the \(type) fields \(allowed.sorted().joined(separator: ", "))", "an unknown field")
    }
    let name: String
    if let n = fields["name"] {
      guard let s = n as? String, !s.isEmpty else { throw fail("name", "a non-empty string", n) }
      name = s
    } else {
      name = Architecture.implicitName(typeName: type, index: index)
    }
    switch type {
    case "dense":
      return .dense(
        name: name, inputs: try positive(fields, "in"), outputs: try positive(fields, "out"), bias: try bias(fields))
    case "conv2d":
      try requireNoOp(fields, "dilation", 1)
      try requireNoOp(fields, "groups", 1)
      return .conv2d(
        name: name, inChannels: try positive(fields, "in_channels"), outChannels: try positive(fields, "out_channels"),
        kernelSize: try size(fields, "kernel_size", default: nil, minimum: 1),
        stride: try size(fields, "stride", default: Size2D(1, 1), minimum: 1),
        padding: try size(fields, "padding", default: Size2D(0, 0), minimum: 0), bias: try bias(fields))
    case "maxpool2d", "avgpool2d":
      try requireFlag(fields, "ceil_mode", false)
      try requireFlag(fields, "count_include_pad", true)
      let kernel = try size(fields, "kernel_size", default: nil, minimum: 1)
      let stride = try size(fields, "stride", default: kernel, minimum: 1)
      let padding = try size(fields, "padding", default: Size2D(0, 0), minimum: 0)
      // `p ≤ k / 2` is `2p ≤ k` for integers, without overflowing for a huge `p`.
      guard padding.height <= kernel.height / 2, padding.width <= kernel.width / 2 else {
        throw fail("padding", "at most half the kernel size \(kernel)", fields["padding"])
      }
      return type == "maxpool2d"
        ? .maxPool2d(name: name, kernelSize: kernel, stride: stride, padding: padding)
        : .avgPool2d(name: name, kernelSize: kernel, stride: stride, padding: padding)
    case "relu":
      return .relu(name: name)
    default:
      return .flatten(name: name)
    }
  }

  func positive(_ fields: [String: Any], _ key: String) throws -> Int {
    guard let v = fields[key].flatMap(JSONValues.int), v > 0 else { throw fail(key, "a positive integer", fields[key]) }
    return v
  }

  func bias(_ fields: [String: Any]) throws -> Bool {
    guard let v = fields["bias"] else { return true }
    guard JSONValues.isBool(v), let b = v as? Bool else { throw fail("bias", "true or false", v) }
    return b
  }

  /// An int `n` (meaning `[n, n]`) or a pair `[h, w]`, each at least `minimum`.
  func size(_ fields: [String: Any], _ key: String, default fallback: Size2D?, minimum: Int) throws -> Size2D {
    guard let v = fields[key] else {
      guard let fallback else { throw fail(key, "an integer or a pair [h, w]", nil) }
      return fallback
    }
    guard let p = pair(v), p[0] >= minimum, p[1] >= minimum else {
      throw fail(key, "an integer or a pair [h, w] of integers ≥ \(minimum)", v)
    }
    return Size2D(p[0], p[1])
  }

  /// An int `n` as `[n, n]`, or a JSON pair `[h, w]`; `nil` for anything else.
  func pair(_ v: Any) -> [Int]? {
    guard let p = JSONValues.int(v).map({ [$0, $0] }) ?? JSONValues.ints(v), p.count == 2 else { return nil }
    return p
  }

  func requireNoOp(_ fields: [String: Any], _ key: String, _ value: Int) throws {
    guard let v = fields[key] else { return }
    guard let p = pair(v), p.allSatisfy({ $0 == value }) else {
      throw fail(key, "\(value) (not supported otherwise)", v)
    }
  }

  func requireFlag(_ fields: [String: Any], _ key: String, _ value: Bool) throws {
    guard let v = fields[key] else { return }
    guard JSONValues.isBool(v), (v as? Bool) == value else { throw fail(key, "\(value) (not supported otherwise)", v) }
  }
}
