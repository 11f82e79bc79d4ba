/// A dense Float32 tensor in row-major (C-contiguous) order; image batches are NCHW.
///
/// `Tensor` is a value type: copies share storage until one of them is written (copy-on-write
/// through the underlying `[Float]`). Hot loops take `withUnsafeBufferPointer` once and work
/// on the raw buffer.
public struct Tensor: Sendable, Equatable {
  /// The extent of every dimension, outermost first (`[N, C, H, W]` for an image batch).
  public private(set) var shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
  public var scalars: [Float]

  /// Creates a tensor from its shape and row-major elements.
  /// - Precondition: `scalars.count` equals the product of `shape`, and no extent is negative.
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
    precondition(
      scalars.count == shape.reduce(1, *),
      "Tensor shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape filled with `value` (zero by default).
  public init(shape: [Int], repeating value: Float = 0) {
    self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// The number of elements.
  public var count: Int { scalars.count }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The same elements under a new shape with the same element count (no copy).
  /// - Precondition: the element counts agree.
  public func reshaped(to newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// The `index`-th slice along the first (batch) dimension, keeping the batch dimension
  /// (shape `[1, …]`).
  public func sample(_ index: Int) -> Tensor {
    precondition(rank >= 1 && index >= 0 && index < shape[0], "sample \(index) out of range for \(shape)")
    let stride = count / shape[0]
    var s = shape
    s[0] = 1
    return Tensor(shape: s, scalars: Array(scalars[index * stride..<(index + 1) * stride]))
  }
}
