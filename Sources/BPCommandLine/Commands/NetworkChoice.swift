import BackpropAudit
import Foundation

/// The network a analysis command runs on: a zoo network (`--net`) or the user's model
/// (`--model/--weights/--input`), with the inputs to explain and their labels.
struct NetworkChoice {
  /// A short name for output (`trained-cnn`, or the model file's path).
  var name: String
  /// The network.
  var network: Network
  /// Inputs `[N] + network.inputShape`.
  var inputs: Tensor
  /// The class explained for each input: the true label when known, else the predicted class.
  var labels: [Int]
  /// Held-out accuracy of a trained zoo network.
  var accuracy: Double?
  /// Two-object images fitting the network (zoo image networks only).
  var twoObjects: TwoObjectImages?

  /// The `--net` choices.
  static let zooNames = ZooNetwork.allCases.map(\.rawValue)

  /// The options every analysis command shares.
  static let options: [OptionSpec] = [
    .value("net", "NAME", "Built-in network: \(zooNames.joined(separator: ", ")).", default: "trained-cnn"),
    .value("model", "FILE", "Architecture JSON of your own model (instead of --net)."),
    .value("weights", "FILE", "Safetensors weights of your own model."),
    .value("input", "FILE", "Safetensors inputs for your own model (key x, optional I64 key target)."),
    .value("input-key", "KEY", "Tensor key of the inputs.", default: "x"),
  ]

  /// Reads `--net` or `--model/--weights/--input`.
  /// - Parameter onEpoch: progress while a zoo network trains for the first time.
  static func load(_ arguments: ParsedArguments, command: String, onEpoch: (EpochReport) -> Void) throws -> NetworkChoice {
    if arguments.has("model") || arguments.has("weights") || arguments.has("input") {
      let network = try ModelArguments.network(arguments)
      guard let path = arguments.string("input") else {
        throw UsageError(command: command, message: "--input FILE is required with --model/--weights")
      }
      let batch = try InputBatch.load(URL(fileURLWithPath: path), key: arguments.string("input-key") ?? "x")
      try batch.validate(for: network)
      let labels = batch.targets ?? network.predictedClasses(batch.x)
      return NetworkChoice(
        name: try arguments.required("model"), network: network, inputs: batch.x, labels: labels,
        accuracy: nil, twoObjects: nil)
    }
    let name = try arguments.choice("net", zooNames, default: "trained-cnn")
    guard let kind = ZooNetwork(rawValue: name) else { preconditionFailure("choice() returned an unknown name") }
    let model = try ModelZoo().model(kind, onEpoch: onEpoch)
    let twoObjects = kind == .randomMLP ? nil : SyntheticShapes.makeTwoObjects(count: 50, size: kind.imageSize, seed: model.recipe.seed)
    return NetworkChoice(
      name: name, network: model.network, inputs: model.inputs, labels: model.heldOut.labels,
      accuracy: model.heldOutAccuracy, twoObjects: twoObjects)
  }
}
