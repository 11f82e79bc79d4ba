import BackpropAudit
import Foundation

/// `bpaudit forward`: run a model on a batch of inputs and write the logits.
enum ForwardCommand: Command {
  static let spec = CommandSpec(
    name: "forward", abstract: "Run a model on inputs and write the logits.",
    discussion: """
      Reads the architecture JSON and the safetensors weights (PyTorch state_dict keys), runs the \
      inputs through the network and writes key 'logits' (F32, [N, classes]) atomically.
      """,
    options: [
      .value("model", "FILE", "Architecture JSON (README, File formats).", required: true),
      .value("weights", "FILE", "Weights as a safetensors state_dict.", required: true),
      .value("input", "FILE", "Inputs as safetensors, [N, C, H, W] or [N, D].", required: true),
      .value("input-key", "KEY", "The key of the inputs in --input.", default: "x"),
      .value("output", "FILE", "Where to write the logits (safetensors).", required: true),
      .flag("allow-nonfinite", "Accept NaN or infinite weights."),
      .flag("json", "Print a JSON summary (sorted keys) instead of text."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let network = try ModelArguments.network(arguments)
    let batch = try InputBatch.load(URL(fileURLWithPath: try arguments.required("input")), key: arguments.string("input-key") ?? "x")
    try batch.validate(for: network)
    let logits = network.forward(batch.x)
    let output = URL(fileURLWithPath: try arguments.required("output"))
    try SafeTensors.write([("logits", .float32(logits))], metadata: ["producer": "bpaudit forward"], to: output)
    let predicted = Network.rowArgmax(logits)
    if arguments.has("json") {
      io.printJSON(["output": output.path, "shape": logits.shape, "predicted": predicted])
    } else {
      io.print("wrote logits \(logits.shape) to \(output.path); predicted classes: \(predicted.map(String.init).joined(separator: " "))")
    }
    return 0
  }
}

/// The shared `--model/--weights/--allow-nonfinite` options, read the same way by every command.
enum ModelArguments {
  /// Loads the network named by `--model` and `--weights`.
  static func network(_ arguments: ParsedArguments) throws -> Network {
    try Network.load(
      architecture: URL(fileURLWithPath: try arguments.required("model")),
      weights: URL(fileURLWithPath: try arguments.required("weights")),
      allowNonfinite: arguments.has("allow-nonfinite"))
  }
}
