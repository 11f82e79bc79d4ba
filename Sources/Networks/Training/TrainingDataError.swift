/// Training or evaluation data that does not fit the network.
public enum TrainingDataError: Error, Equatable, CustomStringConvertible {
  /// The inputs do not have the network's input shape.
  case inputShape(InputShapeError)
  /// The number of labels differs from the number of input rows.
  case labelCount(expected: Int, got: Int)
  /// A label is not a class index of the network.
  case labelOutOfRange(row: Int, label: Int, classes: Int)

  /// One line naming the field and what was expected.
  public var description: String {
    switch self {
    case .inputShape(let e): e.description
    case .labelCount(let expected, let got):
      "labels: expected \(expected) labels (one per input row), got \(got)"
    case .labelOutOfRange(let row, let label, let classes):
      "labels: row \(row) has label \(label), expected a class in 0..<\(classes)"
    }
  }
}

extension Network {
  /// Checks a labelled data set against this network: input shape, one label per row, labels in
  /// `0 ..< outputCount`.
  /// - Throws: `TrainingDataError` for the first problem found.
  public func checkTrainingData(inputs: Tensor, labels: [Int]) throws {
    do { try checkInput(inputs) } catch let error as InputShapeError {
      throw TrainingDataError.inputShape(error)
    }
    guard labels.count == inputs.shape[0] else {
      throw TrainingDataError.labelCount(expected: inputs.shape[0], got: labels.count)
    }
    let classes = outputCount
    if let row = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      throw TrainingDataError.labelOutOfRange(row: row, label: labels[row], classes: classes)
    }
  }

  /// The predicted class (arg-max logit, first on ties) of every row of a batch.
  /// - Parameter input: `[N] + inputShape`.
  /// - Precondition: the input shape fits.
  public func predictedClasses(_ input: Tensor) -> [Int] {
    Self.rowArgmax(forward(input))
  }

  /// The arg-max column of every row of a `[N, K]` tensor (first on ties).
  public static func rowArgmax(_ logits: Tensor) -> [Int] {
    let n = logits.shape[0]
    let k = logits.count / max(n, 1)
    return (0..<n).map { row in
      var best = 0
      for j in 1..<max(k, 1) where logits.scalars[row * k + j] > logits.scalars[row * k + best] {
        best = j
      }
      return best
    }
  }
}
