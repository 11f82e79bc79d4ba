extension Tensor {
  /// A tensor of `shape` whose elements `fill` writes, without zero-filling them first.
  /// - Precondition: `fill` writes every one of the `shape.reduce(1, *)` elements.
  static func filling(shape: [Int], _ fill: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
    let count = shape.reduce(1, *)
    let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0, let base = buffer.baseAddress { fill(base) }
      initialized = count
    }
    return Tensor(shape: shape, scalars: scalars)
  }
}
