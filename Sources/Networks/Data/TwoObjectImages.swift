/// Images with two objects each (from `SyntheticShapes.makeTwoObjects`): the images, both labels,
/// and a pixel mask per object.
public struct TwoObjectImages: Sendable, Equatable {
  /// The images, `[N, C, H, W]`, values in [0, 1].
  public var inputs: Tensor
  /// `labels[n] = [class of object 0, class of object 1]`; the two classes differ.
  public var labels: [[Int]]
  /// `[N, 2, H, W]`: `masks[n, k, y, x] = 1` where object `k` painted pixel `(y, x)`, else 0.
  /// The two masks of an image are disjoint.
  public var masks: Tensor

  /// The mask of object `object` (0 or 1) in image `index`, `[H, W]`.
  public func mask(_ index: Int, object: Int) -> Tensor {
    precondition(object == 0 || object == 1, "mask: object must be 0 or 1")
    let (h, w) = (masks.shape[2], masks.shape[3])
    let start = (index * 2 + object) * h * w
    return Tensor(shape: [h, w], scalars: Array(masks.scalars[start..<(start + h * w)]))
  }
}
