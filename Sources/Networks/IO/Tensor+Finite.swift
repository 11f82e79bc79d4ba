extension Tensor {
  /// The flat index of the first NaN or ±∞ element, or `nil` when every element is finite.
  /// - Complexity: O(count).
  public var firstNonfiniteIndex: Int? {
    scalars.withUnsafeBufferPointer { p in
      for i in 0..<p.count where !p[i].isFinite { return i }
      return nil
    }
  }

  /// Whether every element is finite (no NaN, no ±∞).
  public var isFinite: Bool { firstNonfiniteIndex == nil }
}
