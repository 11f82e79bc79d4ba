import Matrices

/// Progress after one training epoch.
public struct EpochReport: Sendable, Equatable {
  /// The epoch just finished, from 1.
  public var epoch: Int
  /// The mean cross-entropy over the epoch's training samples (each taken before its step).
  public var loss: Double
  /// The fraction of training samples classified correctly during the epoch (before each step).
  public var trainAccuracy: Double
  /// The accuracy on the validation split after the epoch, when one was given.
  public var validationAccuracy: Double?

  /// Creates a report from its parts.
  public init(epoch: Int, loss: Double, trainAccuracy: Double, validationAccuracy: Double? = nil) {
    self.epoch = epoch
    self.loss = loss
    self.trainAccuracy = trainAccuracy
    self.validationAccuracy = validationAccuracy
  }
}

/// Mini-batch training of a classifier with softmax cross-entropy.
///
/// Each epoch visits the samples in an order drawn from `SeededGenerator(seed).split(stream: epoch)`
/// (Fisher–Yates), in batches of `batchSize` (the last one smaller); each batch makes one optimizer
/// step on the batch-mean loss. The same seed, data and optimizer give the same network.
public struct Trainer: Sendable {
  /// The number of passes over the data.
  public var epochs: Int
  /// The samples per optimizer step.
  public var batchSize: Int
  /// Fixes the shuffling.
  public var seed: UInt64

  /// Creates a trainer.
  /// - Precondition: `epochs ≥ 0`, `batchSize ≥ 1`.
  public init(epochs: Int, batchSize: Int = 32, seed: UInt64) {
    precondition(epochs >= 0 && batchSize >= 1, "Trainer: epochs ≥ 0 and batch size ≥ 1")
    self.epochs = epochs
    self.batchSize = batchSize
    self.seed = seed
  }

  /// Trains `network` on labelled data and returns the trained copy.
  /// - Parameters:
  ///   - network: the starting point (for example `Network.smallCNN(…)`).
  ///   - inputs: `[N] + network.inputShape`.
  ///   - labels: `N` classes in `0 ..< network.outputCount`.
  ///   - optimizer: the update rule (`SGD`, `Adam`, …) with fresh state.
  ///   - validation: a held-out split whose accuracy is reported after every epoch.
  ///   - onBatch: called after every optimizer step with the epoch (from 1), the batch (from 1)
  ///     and the number of batches per epoch, for progress bars.
  ///   - onEpoch: called after every epoch with its loss and accuracies.
  /// - Throws: `TrainingDataError` when the data (or the validation split) do not fit the network.
  /// - Complexity: `epochs` × (forward + backward with parameter gradients) over all samples.
  public func train(
    _ network: Network, inputs: Tensor, labels: [Int], optimizer: some Optimizer,
    validation: (inputs: Tensor, labels: [Int])? = nil,
    onBatch: (_ epoch: Int, _ batch: Int, _ batchCount: Int) -> Void = { _, _, _ in },
    onEpoch: (EpochReport) -> Void = { _ in }
  ) throws -> Network {
    try network.checkTrainingData(inputs: inputs, labels: labels)
    if let validation {
      try network.checkTrainingData(inputs: validation.inputs, labels: validation.labels)
    }
    var network = network
    var optimizer = optimizer
    let n = inputs.shape[0]
    let last = network.layers.count - 1
    let batchCount = (n + batchSize - 1) / batchSize
    for epoch in stride(from: 1, through: epochs, by: 1) {
      let order = Self.permutation(count: n, seed: seed, epoch: epoch)
      var lossSum: Double = 0
      var correct = 0
      var start = 0
      var batch = 0
      while start < n {
        let rows = Array(order[start..<min(start + batchSize, n)])
        let batchLabels = rows.map { labels[$0] }
        let trace = network.trace(Self.gather(inputs, rows: rows))
        let (loss, gradient) = Loss.softmaxCrossEntropy(logits: trace.output, labels: batchLabels)
        lossSum += Double(loss) * Double(rows.count)
        correct += zip(Network.rowArgmax(trace.output), batchLabels).filter { $0 == $1 }.count
        if last >= 0,
          let grads = network.backward(
            trace: trace, upstream: gradient, at: last, parameterGradients: true
          ).parameterGradients
        {
          optimizer.update(&network, along: grads)
        }
        start += rows.count
        batch += 1
        onBatch(epoch, batch, batchCount)
      }
      let validationAccuracy = try validation.map {
        try Self.accuracy(of: network, on: $0.inputs, labels: $0.labels)
      }
      onEpoch(
        EpochReport(
          epoch: epoch, loss: lossSum / Double(n), trainAccuracy: Double(correct) / Double(n),
          validationAccuracy: validationAccuracy))
    }
    return network
  }

  /// The fraction of `inputs` that `network` classifies as `labels`, evaluated in batches.
  /// - Parameters:
  ///   - network: the classifier.
  ///   - inputs: `[N] + network.inputShape` (a held-out split).
  ///   - labels: `N` classes.
  ///   - batchSize: rows per forward pass (bounds the memory), default 256.
  /// - Throws: `TrainingDataError` when the data do not fit the network.
  public static func accuracy(
    of network: Network, on inputs: Tensor, labels: [Int], batchSize: Int = 256
  ) throws -> Double {
    try network.checkTrainingData(inputs: inputs, labels: labels)
    precondition(batchSize >= 1, "accuracy: batch size must be ≥ 1")
    let n = inputs.shape[0]
    var correct = 0
    var start = 0
    while start < n {
      let rows = Array(start..<min(start + batchSize, n))
      let predicted = network.predictedClasses(gather(inputs, rows: rows))
      correct += zip(predicted, rows).filter { $0 == labels[$1] }.count
      start += rows.count
    }
    return Double(correct) / Double(n)
  }

  /// The visiting order of epoch `epoch`: Fisher–Yates driven by `SeededGenerator(seed).split(stream: epoch)`.
  static func permutation(count: Int, seed: UInt64, epoch: Int) -> [Int] {
    var g = SeededGenerator(seed: seed).split(stream: UInt64(epoch))
    var order = Array(0..<count)
    var i = count - 1
    while i > 0 {
      let j = Int(g.next() % UInt64(i + 1))
      order.swapAt(i, j)
      i -= 1
    }
    return order
  }

  /// The rows `rows` of `inputs` as a new batch `[rows.count, …]`.
  static func gather(_ inputs: Tensor, rows: [Int]) -> Tensor {
    let stride = inputs.count / inputs.shape[0]
    var scalars = [Float](repeating: 0, count: rows.count * stride)
    inputs.scalars.withUnsafeBufferPointer { src in
      scalars.withUnsafeMutableBufferPointer { dst in
        for (k, row) in rows.enumerated() {
          (dst.baseAddress! + k &* stride).update(
            from: src.baseAddress! + row &* stride, count: stride)
        }
      }
    }
    var shape = inputs.shape
    shape[0] = rows.count
    return Tensor(shape: shape, scalars: scalars)
  }
}
