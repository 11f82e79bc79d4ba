/// Losses for training classifiers.
public enum Loss {
  /// Softmax cross-entropy of a batch of logits against class labels, averaged over the batch
  /// (PyTorch `nn.CrossEntropyLoss()`, `reduction="mean"`).
  ///
  /// ```
  /// L = (1/N) Σ_n [ log Σ_k exp(z[n,k]) − z[n, y_n] ]          (log-sum-exp shifted by max_k z[n,k])
  /// ∂L/∂z[n,k] = (softmax(z[n])_k − 1[k = y_n]) / N
  /// ```
  /// - Parameters:
  ///   - logits: `[N, classes]`.
  ///   - labels: `N` class indices in `0 ..< classes`.
  /// - Returns: the mean loss and its gradient with respect to the logits (shape `[N, classes]`).
  /// - Precondition: the label count equals `N` and every label is a valid class.
  /// - Complexity: `O(N·classes)`.
  public static func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> (
    loss: Float, gradient: Tensor
  ) {
    precondition(
      logits.rank == 2 && logits.shape[0] == labels.count,
      "softmaxCrossEntropy: \(labels.count) labels for logits \(logits.shape)")
    let n = logits.shape[0]
    let classes = logits.shape[1]
    guard n > 0 else { return (0, logits) }
    var gradient = [Float](repeating: 0, count: logits.count)
    var total: Double = 0
    let scale = 1 / Float(n)
    logits.scalars.withUnsafeBufferPointer { z in
      gradient.withUnsafeMutableBufferPointer { dz in
        for row in 0..<n {
          let label = labels[row]
          precondition(
            label >= 0 && label < classes,
            "softmaxCrossEntropy: label \(label) of row \(row) outside 0..<\(classes)")
          let zr = z.baseAddress! + row &* classes
          let gr = dz.baseAddress! + row &* classes
          var top = -Float.infinity
          for k in 0..<classes { top = max(top, zr[k]) }
          var sum: Float = 0
          for k in 0..<classes {
            let e = _expf(zr[k] - top)
            gr[k] = e
            sum += e
          }
          // (max − z_y) first: exact for close logits, so large logits lose no precision.
          total += Double(top - zr[label]) + Double(_logf(sum))
          let inverse = scale / sum
          for k in 0..<classes { gr[k] *= inverse }
          gr[label] -= scale
        }
      }
    }
    return (Float(total / Double(n)), Tensor(shape: logits.shape, scalars: gradient))
  }
}
