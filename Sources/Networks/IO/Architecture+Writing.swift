import Foundation

extension Architecture {
  /// The architecture as JSON text in README, File formats, one layer per line, with every field explicit
  /// (`stride`, `padding` as pairs; `"bias": false` only for bias-free layers). Names equal to the
  /// implicit `<type><index>` are omitted for parameter-free layers. Parsing the text gives back an
  /// equal `Architecture`.
  public var jsonText: String {
    let layerLines = layers.enumerated().map { index, layer in "  " + Self.json(layer, index: index) }
    return "{\"input_shape\": \(Self.json(inputShape)),\n \"layers\": [\n\(layerLines.joined(separator: ",\n"))]}\n"
  }

  /// Writes `jsonText` to `url` atomically (temporary file in the same directory, then rename).
  /// - Throws: `ModelFileError.unwritable`.
  public func write(to url: URL) throws {
    try writeAtomically(Data(jsonText.utf8), to: url)
  }

  private static func json(_ values: [Int]) -> String { "[\(values.map(String.init).joined(separator: ", "))]" }

  private static func json(_ s: Size2D) -> String { "[\(s.height), \(s.width)]" }

  private static func json(_ layer: ArchitectureLayer, index: Int) -> String {
    var fields = ["\"type\": \"\(layer.typeName)\""]
    let implicit = implicitName(typeName: layer.typeName, index: index)
    if !layer.parameterShapes.isEmpty || layer.name != implicit {
      fields.append("\"name\": \(JSONValues.quoted(layer.name))")
    }
    switch layer {
    case .dense(_, let inputs, let outputs, let bias):
      fields += ["\"in\": \(inputs)", "\"out\": \(outputs)"] + (bias ? [] : ["\"bias\": false"])
    case .conv2d(_, let i, let o, let k, let s, let p, let bias):
      fields +=
        [
          "\"in_channels\": \(i)", "\"out_channels\": \(o)", "\"kernel_size\": \(json(k))", "\"stride\": \(json(s))",
          "\"padding\": \(json(p))",
        ] + (bias ? [] : ["\"bias\": false"])
    case .maxPool2d(_, let k, let s, let p), .avgPool2d(_, let k, let s, let p):
      fields += ["\"kernel_size\": \(json(k))", "\"stride\": \(json(s))", "\"padding\": \(json(p))"]
    case .relu, .flatten:
      break
    }
    return "{\(fields.joined(separator: ", "))}"
  }
}
