extension Trainer {
  /// The confusion matrix of a classifier on labelled data: `matrix[t][p]` counts the samples of
  /// true class `t` that `network` assigns to class `p` (arg-max logit, first on ties).
  ///
  /// The diagonal holds the correct predictions, so `Σ_t matrix[t][t] / N` is the accuracy of
  /// `accuracy(of:on:labels:batchSize:)`.
  /// - Parameters:
  ///   - network: the classifier.
  ///   - inputs: `[N] + network.inputShape`.
  ///   - labels: `N` classes in `0 ..< network.outputCount`.
  ///   - batchSize: rows per forward pass (bounds the memory), default 256.
  /// - Returns: `outputCount × outputCount` counts.
  /// - Throws: `TrainingDataError` when the data do not fit the network.
  /// - Complexity: one forward pass over the data.
  public static func confusionMatrix(
    of network: Network, on inputs: Tensor, labels: [Int], batchSize: Int = 256
  ) throws -> [[Int]] {
    try network.checkTrainingData(inputs: inputs, labels: labels)
    precondition(batchSize >= 1, "confusionMatrix: batch size must be ≥ 1")
    let classes = network.outputCount
    var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    let n = inputs.shape[0]
    var start = 0
    while start < n {
      let rows = Array(start..<min(start + batchSize, n))
      for (predicted, row) in zip(network.predictedClasses(gather(inputs, rows: rows)), rows) {
        matrix[labels[row]][predicted] += 1
      }
      start += rows.count
    }
    return matrix
  }
}
