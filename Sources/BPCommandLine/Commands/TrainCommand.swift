import BackpropAudit
import Foundation

/// `bpaudit train`: train a built-in architecture on built-in or user data and report held-out accuracy.
enum TrainCommand: Command {
  static let spec = CommandSpec(
    name: "train", abstract: "Train a network and report its held-out accuracy.",
    discussion: """
      Data: 'synthetic' (10 shape classes, 3×32×32), 'synthetic-small' (1×16×16), 'idx:DIR' (MNIST-family \
      IDX files in DIR) or 'cifar:DIR' (CIFAR-10 binary batches in DIR). Synthetic data are split into \
      training and held-out images by --seed; IDX and CIFAR use their own test split. With --out PREFIX \
      the model is written as PREFIX.json + PREFIX.safetensors (PyTorch state_dict keys).
      """,
    options: [
      .value("dataset", "DATA", "synthetic, synthetic-small, idx:DIR or cifar:DIR.", default: "synthetic-small"),
      .value("arch", "ARCH", "mlp, cnn (small CNN) or cifar-cnn (the paper's CIFAR-10 network).", default: "cnn"),
      .value("epochs", "N", "Passes over the training data.", default: "15"),
      .value("seed", "S", "Fixes data, initial weights and shuffling.", default: "0"),
      .value("samples", "N", "Synthetic images to generate (80 % train, 20 % held out).", default: "20000"),
      .value("batch-size", "N", "Images per optimizer step.", default: "64"),
      .value("optimizer", "NAME", "adam or sgd (momentum 0.9).", default: "adam"),
      .value("lr", "RATE", "Learning rate.", default: "0.002 (adam), 0.01 (sgd)"),
      .value("out", "PREFIX", "Write PREFIX.json and PREFIX.safetensors."),
      .flag("confusion", "Also print the held-out confusion matrix (rows: true class, columns: predicted)."),
      .flag("json", "Print the result as JSON (sorted keys)."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    let seed = UInt64(try arguments.int("seed", default: 0, in: 0...Int.max))
    let epochs = try arguments.int("epochs", default: 15, in: 0...10_000)
    let batchSize = try arguments.int("batch-size", default: 64, in: 1...65_536)
    let data = try TrainingData.load(arguments.string("dataset") ?? "synthetic-small",
                                     samples: try arguments.int("samples", default: 20000, in: 10...10_000_000), seed: seed)
    let arch = try arguments.choice("arch", ["mlp", "cnn", "cifar-cnn"], default: "cnn")
    let initial = try BuiltInArchitecture.make(arch, inputShape: Array(data.train.inputs.shape.dropFirst()), classes: data.classes, seed: seed)
    let trainer = Trainer(epochs: epochs, batchSize: batchSize, seed: seed)
    let optimizerName = try arguments.choice("optimizer", ["adam", "sgd"], default: "adam")
    let lr = Float(try arguments.double("lr", default: optimizerName == "adam" ? 2e-3 : 1e-2, in: 1e-12...10))

    let start = Date()
    let report: (EpochReport) -> Void = { e in
      if io.stderrIsTerminal {
        io.err(String(format: "epoch %d/%d  loss %.4f  train accuracy %.2f%%  (%.1f s)\n", e.epoch, epochs, e.loss, 100 * e.trainAccuracy, Date().timeIntervalSince(start)))
      }
    }
    let trained = optimizerName == "adam"
      ? try trainer.train(initial, inputs: data.train.inputs, labels: data.train.labels, optimizer: Adam(learningRate: lr), onEpoch: report)
      : try trainer.train(initial, inputs: data.train.inputs, labels: data.train.labels, optimizer: SGD(learningRate: lr, momentum: 0.9), onEpoch: report)
    let seconds = Date().timeIntervalSince(start)
    let accuracy = try Trainer.accuracy(of: trained, on: data.heldOut.inputs, labels: data.heldOut.labels)

    let confusion = arguments.has("confusion")
      ? try Trainer.confusionMatrix(of: trained, on: data.heldOut.inputs, labels: data.heldOut.labels) : nil

    var written: [String] = []
    if let prefix = arguments.string("out") {
      let json = URL(fileURLWithPath: prefix + ".json")
      let weights = URL(fileURLWithPath: prefix + ".safetensors")
      try trained.save(architecture: json, weights: weights)
      written = [json.path, weights.path]
    }
    if arguments.has("json") {
      var object: [String: Any] = [
        "dataset": data.name, "arch": arch, "epochs": epochs, "seed": seed, "optimizer": optimizerName,
        "learning_rate": Double(lr), "train_images": data.train.count, "held_out_images": data.heldOut.count,
        "held_out_accuracy": accuracy, "training_seconds": seconds, "parameters": trained.parameterCount,
        "written": written,
      ]
      if let confusion { object["confusion"] = confusion }
      io.printJSON(object)
    } else {
      io.print("trained \(arch) (\(trained.parameterCount) parameters) on \(data.name): \(data.train.count) images, \(epochs) epochs, \(String(format: "%.1f", seconds)) s")
      io.print(String(format: "held-out accuracy: %.2f%% of %d images", 100 * accuracy, data.heldOut.count))
      if let confusion { printConfusion(confusion, names: data.classNames, io: io) }
      for path in written { io.print("wrote \(path)") }
    }
    return 0
  }
}

extension TrainCommand {
  /// Prints a confusion matrix as a table: one row per true class (with its name and recall), one
  /// column per predicted class.
  static func printConfusion(_ matrix: [[Int]], names: [String]?, io: CommandIO) {
    let label = { (k: Int) in names.map { k < $0.count ? "\(k) \($0[k])" : "\(k)" } ?? "\(k)" }
    let width = max(5, (matrix.flatMap { $0 }.max() ?? 0).description.count + 1)
    let nameWidth = (0..<matrix.count).map { label($0).count }.max() ?? 1
    io.print("confusion (rows: true class, columns: predicted class):")
    io.print(
      String(repeating: " ", count: nameWidth) + matrix.indices.map { "\($0)".leftPadded(width) }.joined() + "  recall")
    for (t, row) in matrix.enumerated() {
      let total = row.reduce(0, +)
      let recall = total > 0 ? String(format: "%7.1f%%", 100 * Double(row[t]) / Double(total)) : "      -"
      io.print(label(t).padding(toLength: nameWidth, withPad: " ", startingAt: 0) + row.map { "\($0)".leftPadded(width) }.joined() + recall)
    }
  }
}

extension String {
  /// The string right-aligned in a field of `width` characters.
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

/// The `--arch` choices of `bpaudit train`.
enum BuiltInArchitecture {
  /// Builds the initial network for `name` on inputs of `inputShape` (`[C, H, W]`).
  static func make(_ name: String, inputShape: [Int], classes: Int, seed: UInt64) throws -> Network {
    switch name {
    case "cnn":
      guard inputShape.count == 3, inputShape[1] >= 4, inputShape[2] >= 4 else {
        throw UsageError(command: "train", message: "--arch cnn: expected images of at least 4×4, got \(inputShape)")
      }
      return Network.smallCNN(inputShape: inputShape, classes: classes, seed: seed)
    case "cifar-cnn":
      guard inputShape == [3, 32, 32], classes == 10 else {
        throw UsageError(command: "train", message: "--arch cifar-cnn: expected 3×32×32 images and 10 classes, got \(inputShape) and \(classes)")
      }
      return Network.cifarCNN(seed: seed)
    default:
      let mlp = Network.mlp(inputCount: inputShape.reduce(1, *), hidden: [256, 128], classes: classes, seed: seed)
      // Images are flattened first; parameter-free layers keep implicit names <type><index>.
      let layers = [Layer.flatten(name: "flatten0")] + mlp.layers.enumerated().map { offset, layer in
        if case .relu = layer { return .relu(name: "relu\(offset + 1)") }
        return layer
      }
      return try Network(inputShape: inputShape, layers: layers)
    }
  }
}
