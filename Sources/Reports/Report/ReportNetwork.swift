import Analysis
import Foundation
import Networks

/// A network the report audits, built by the caller (zoo, user model, or a tiny test network), with
/// the held-out inputs it is explained on.
public struct ReportNetwork: Sendable {
  /// Short name (`trained-cnn`, a model path).
  public var name: String
  /// One line on what it is and how it was made (architecture, training recipe, seed).
  public var summary: String
  /// The network.
  public var network: Network
  /// Inputs `[N] + network.inputShape`.
  public var inputs: Tensor
  /// The class explained for each input (true label, or the prediction when unknown).
  public var labels: [Int]
  /// Held-out accuracy when trained.
  public var heldOutAccuracy: Double?
  /// Two-object images fitting the input, for the class-sensitivity check.
  public var twoObjects: TwoObjectImages?
  /// Seconds spent building, training or loading the network.
  public var setupSeconds: Double

  /// A network with its data.
  /// - Precondition: one label per input row.
  public init(
    name: String, summary: String, network: Network, inputs: Tensor, labels: [Int], heldOutAccuracy: Double? = nil,
    twoObjects: TwoObjectImages? = nil, setupSeconds: Double = 0
  ) {
    precondition(inputs.shape.first == labels.count, "ReportNetwork \(name): one label per input")
    self.name = name
    self.summary = summary
    self.network = network
    self.inputs = inputs
    self.labels = labels
    self.heldOutAccuracy = heldOutAccuracy
    self.twoObjects = twoObjects
    self.setupSeconds = setupSeconds
  }

  /// A zoo network with its held-out images and (for image networks) `twoObjectCount` seeded
  /// two-object images.
  public init(zoo model: ZooModel, twoObjectCount: Int, setupSeconds: Double) {
    let r = model.recipe
    let training = r.epochs == 0
      ? "random weights (seed \(r.seed))"
      : "trained \(r.epochs) epochs on \(r.samples * 4 / 5) synthetic images (Adam lr \(r.learningRate), batch \(r.batchSize), seed \(r.seed))"
    let twoObjects = model.kind == .randomMLP || twoObjectCount == 0
      ? nil : SyntheticShapes.makeTwoObjects(count: twoObjectCount, size: model.kind.imageSize, seed: r.seed)
    self.init(
      name: model.kind.rawValue, summary: "\(model.network.layers.count) layers, input \(model.network.inputShape); \(training)",
      network: model.network, inputs: model.inputs, labels: model.heldOut.labels, heldOutAccuracy: model.heldOutAccuracy,
      twoObjects: twoObjects, setupSeconds: setupSeconds)
  }
}
