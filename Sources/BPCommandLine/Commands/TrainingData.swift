import BackpropAudit
import Foundation

/// The training and held-out images named by `--dataset`.
struct TrainingData {
  /// How the data were named on the command line.
  var name: String
  /// The images to train on.
  var train: LabeledImages
  /// The images accuracy is measured on.
  var heldOut: LabeledImages
  /// The number of classes (one more than the largest label).
  var classes: Int
  /// The class names, index = label, when the data set has them.
  var classNames: [String]? = nil

  /// Loads `synthetic`, `synthetic-small`, `idx:DIR` or `cifar:DIR`.
  /// - Throws: `UsageError` for an unknown name, the loaders' errors for bad files.
  static func load(_ spec: String, samples: Int, seed: UInt64) throws -> TrainingData {
    switch spec {
    case "synthetic", "synthetic-small":
      let all = SyntheticShapes.make(count: samples, size: spec == "synthetic" ? .cifar : .small, seed: seed)
      let (train, heldOut) = all.split(heldOutFraction: 0.2, seed: seed)
      return TrainingData(
        name: spec, train: train, heldOut: heldOut, classes: SyntheticShapes.classCount,
        classNames: SyntheticShapes.classNames)
    case _ where spec.hasPrefix("idx:"):
      let (train, test) = try IDXDataset.load(directory: URL(fileURLWithPath: String(spec.dropFirst(4))))
      return TrainingData(name: spec, train: train, heldOut: test, classes: (train.labels.max() ?? 0) + 1)
    case _ where spec.hasPrefix("cifar:"):
      let (train, test) = try CIFAR10.load(directory: URL(fileURLWithPath: String(spec.dropFirst(6))))
      return TrainingData(name: spec, train: train, heldOut: test, classes: 10)
    default:
      throw UsageError(command: "train", message: "--dataset: expected synthetic, synthetic-small, idx:DIR or cifar:DIR, got '\(spec)'")
    }
  }
}
