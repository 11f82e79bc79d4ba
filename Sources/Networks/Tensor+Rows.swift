extension Tensor {
  /// The samples `range` along the first (batch) dimension, keeping it: shape `[range.count, …]`.
  /// - Precondition: `range` lies inside `0 ..< shape[0]`.
  /// - Complexity: O(`range.count` · sample size), one copy.
  public func rows(_ range: Range<Int>) -> Tensor {
    precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "rows \(range) out of range for \(shape)")
    let stride = shape[0] == 0 ? 0 : count / shape[0]
    return Tensor(
      shape: [range.count] + shape.dropFirst(),
      scalars: Array(scalars[(range.lowerBound * stride)..<(range.upperBound * stride)]))
  }
}
