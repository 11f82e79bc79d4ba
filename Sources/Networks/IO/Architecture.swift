import Foundation

/// An architecture file (`NAME.json`, README, File formats): the input shape and the chain of layers,
/// without weights.
///
/// ```json
/// {"input_shape": [3, 32, 32],
///  "layers": [{"type": "conv2d", "name": "conv1", "in_channels": 3, "out_channels": 32,
///              "kernel_size": [3, 3], "stride": [1, 1], "padding": [1, 1]},
///             {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "name": "fc", "in": 32768, "out": 10}]}
/// ```
///
/// Parameter-free and unnamed layers get the implicit name `<type><index>` (`relu1`, `maxpool2`,
/// `dense4`; the `2d` of a type is dropped),
/// `index` being the position in `layers`.
public struct Architecture: Sendable, Equatable {
  /// The shape of one input sample: `[C, H, W]` or `[D]`.
  public var inputShape: [Int]
  /// The layers in order.
  public var layers: [ArchitectureLayer]

  /// Creates an architecture from its parts (no validation; `makeNetwork` checks the shapes).
  public init(inputShape: [Int], layers: [ArchitectureLayer]) {
    self.inputShape = inputShape
    self.layers = layers
  }

  /// The architecture of `network` (weights dropped, bias presence kept).
  public init(_ network: Network) {
    self.init(inputShape: network.inputShape, layers: network.layers.map(ArchitectureLayer.init))
  }

  /// The largest architecture file read (100 MB, as the safetensors header limit); real ones
  /// are a few kilobytes.
  public static let maximumFileSize = 100_000_000

  /// Reads and parses the architecture file at `url` (refused unread beyond `maximumFileSize`).
  /// - Throws: `ModelFileError` naming the file and the first invalid field.
  public init(contentsOf url: URL) throws {
    if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber,
      size.int64Value > Int64(Self.maximumFileSize)
    {
      throw ModelFileError.invalidField(
        file: url.path, field: "file", expected: "an architecture JSON of at most \(Self.maximumFileSize) bytes",
        got: "\(size.int64Value) bytes")
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ModelFileError.unreadable(file: url.path, reason: ioReason(error, url: url))
    }
    try self.init(json: data, path: url.path)
  }

  /// The implicit name of a layer of type `typeName` at position `index`: `<type><index>`, with
  /// the `2d` suffix dropped as in the fixtures (`relu1`, `maxpool2`, `avgpool5`, `conv0`, `dense3`).
  public static func implicitName(typeName: String, index: Int) -> String {
    (typeName.hasSuffix("2d") ? String(typeName.dropLast(2)) : typeName) + "\(index)"
  }

  /// Every parameter's `state_dict` key and shape, in layer order (weight before bias).
  public var parameterShapes: [(key: String, shape: [Int])] { layers.flatMap(\.parameterShapes) }

  /// Builds the network, asking `parameter(key, shape)` for each weight and bias, then checks that
  /// the layers fit together.
  /// - Parameters:
  ///   - path: the architecture file, named in shape errors.
  ///   - parameter: returns the tensor for `key`; it must have exactly `shape` (or throw).
  /// - Throws: what `parameter` throws, or `ModelFileError.invalidNetwork` naming `path` and the
  ///   first layer that does not fit, or `.invalidField` for an extent beyond `maximumExtent`
  ///   (checked before `parameter` is called).
  public func makeNetwork(
    path: String = "<architecture>", parameter: (_ key: String, _ shape: [Int]) throws -> Tensor
  ) throws -> Network {
    _ = try checkedActivationShapes(path: path)
    let built = try layers.map { layer in
      try layer.makeLayer { key, shape in
        let t = try parameter(key, shape)
        precondition(t.shape == shape, "makeNetwork: parameter \(key) must have shape \(shape), got \(t.shape)")
        return t
      }
    }
    do {
      return try Network(inputShape: inputShape, layers: built)
    } catch let error as NetworkError {
      throw ModelFileError.invalidNetwork(file: path, error: error)
    }
  }
}
