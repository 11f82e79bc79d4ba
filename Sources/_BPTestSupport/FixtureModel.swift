import Networks

/// One reference model of `Tests/Fixtures` (`NAME.json`, `NAME.safetensors`,
/// `NAME.inputs.safetensors`) loaded with its input batch and forward trace: the one loader of
/// the fixture tests.
public struct FixtureModel: Sendable {
  /// The reference models, smallest first.
  public static let names = ["tiny_mlp", "tiny_cnn", "small_cnn_strided"]

  /// The model name (`tiny_mlp`, …).
  public let name: String
  /// The network.
  public let network: Network
  /// The inputs `x` and their target classes.
  public let batch: InputBatch
  /// The forward trace of `batch.x`.
  public let trace: ForwardTrace

  /// The target classes (empty when the input file has none).
  public var targets: [Int] { batch.targets ?? [] }

  /// `(network, batch, trace)`, for destructuring.
  public var networkBatchTrace: (Network, InputBatch, ForwardTrace) { (network, batch, trace) }

  /// Loads model `name` and traces its inputs.
  /// - Throws: the loaders' errors for a missing or malformed fixture file.
  /// - Complexity: one forward pass of the batch.
  public static func load(_ name: String) throws -> FixtureModel {
    let network = try Network.load(architecture: Fixtures.url("\(name).json"), weights: Fixtures.url("\(name).safetensors"))
    let batch = try InputBatch.load(Fixtures.url("\(name).inputs.safetensors"))
    return FixtureModel(name: name, network: network, batch: batch, trace: network.trace(batch.x))
  }

  /// The reference file `NAME.KIND.safetensors` (`attributions` or `layers`).
  /// - Throws: `SafeTensorsFile`'s errors for a missing or malformed file.
  public func reference(_ kind: String) throws -> SafeTensorsFile {
    try SafeTensorsFile(contentsOf: Fixtures.url("\(name).\(kind).safetensors"))
  }
}
