import Networks

/// The classifier every lesson (`Examples/`) explains: `Network.smallCNN` on the 16×16 synthetic
/// shapes, trained here with Adam (learning rate 1e-3, batch 32), or left at its random He
/// initialisation when `epochs` is 0.
///
/// Optionally the training set also holds the objects of two-object images shown one at a time
/// (`TwoObjectImages.erasing(object:)`), so the network knows the smaller objects (sides 5…8
/// instead of 7…13) that sit in one half of a two-object image.
public struct LessonNetwork: Sendable {
  /// The (trained or random) small CNN, input `[1, 16, 16]`, 10 classes.
  public var network: Network
  /// Held-out single-object images (20 % of the generated ones, never trained on).
  public var heldOut: LabeledImages
  /// Accuracy on `heldOut` (chance is 0.1).
  public var heldOutAccuracy: Double

  /// Generates `images` synthetic shapes (seeded), trains on 80 % of them for `epochs` epochs and
  /// measures the held-out accuracy.
  /// - Parameters:
  ///   - images: synthetic images generated, ≥ 30: the split is stratified by class and holds out
  ///     `round(0.2 · n_class)` images per class, at least one when every class has 3 (labels are balanced).
  ///   - epochs: training epochs; 0 keeps the random initialisation.
  ///   - seed: seeds the data, the weights and the shuffling.
  ///   - pairImages: two-object images (seed `seed + 2`) whose objects are added to the training
  ///     set one at a time (two training images each); 0 adds none.
  ///   - onEpoch: progress of training.
  /// - Throws: `TrainingDataError` (cannot happen for the built-in data; kept for the signature).
  /// - Complexity: `epochs · (0.8 · images + 2 · pairImages)` forward and backward passes of the small CNN.
  public init(
    images: Int, epochs: Int, seed: UInt64, pairImages: Int = 0, onEpoch: (EpochReport) -> Void = { _ in }
  ) throws {
    precondition(images >= 30 && epochs >= 0 && pairImages >= 0, "LessonNetwork: need ≥ 30 images, ≥ 0 epochs and pairs")
    let size = SyntheticShapes.Size.small
    let data = SyntheticShapes.make(count: images, size: size, seed: seed)
    let (train, heldOut) = data.split(heldOutFraction: 0.2, seed: seed)
    let pairs = SyntheticShapes.makeTwoObjects(count: pairImages, size: size, seed: seed &+ 2)
    let inputs = Tensor(
      shape: [train.count + 2 * pairImages] + size.shape,
      scalars: train.inputs.scalars + pairs.erasing(object: 1).inputs.scalars + pairs.erasing(object: 0).inputs.scalars)
    let labels = train.labels + pairs.labels.map { $0[0] } + pairs.labels.map { $0[1] }
    var network = Network.smallCNN(inputShape: size.shape, classes: SyntheticShapes.classCount, seed: seed)
    if epochs > 0 {
      network = try Trainer(epochs: epochs, batchSize: 32, seed: seed).train(
        network, inputs: inputs, labels: labels, optimizer: Adam(learningRate: 1e-3), onEpoch: onEpoch)
    }
    self.network = network
    self.heldOut = heldOut
    self.heldOutAccuracy = try Trainer.accuracy(of: network, on: heldOut.inputs, labels: heldOut.labels)
  }
}
