import Matrices

/// A labelled image data set: `inputs` `[N, C, H, W]` with values in [0, 1] and one class per image.
public struct LabeledImages: Sendable, Equatable {
  /// The images, NCHW.
  public var inputs: Tensor
  /// The class of each image, `labels.count == inputs.shape[0]`.
  public var labels: [Int]

  /// Creates a data set from images and labels.
  /// - Precondition: `inputs` has rank 4 and one label per image.
  public init(inputs: Tensor, labels: [Int]) {
    precondition(
      inputs.rank == 4 && inputs.shape[0] == labels.count,
      "LabeledImages: need [N, C, H, W] inputs and N labels, got \(inputs.shape) and \(labels.count)")
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of images.
  public var count: Int { labels.count }

  /// The images at `indices`, in that order.
  /// - Precondition: every index is in `0..<count`.
  /// - Complexity: O(indices.count · C·H·W).
  public func subset(_ indices: [Int]) -> LabeledImages {
    let stride = inputs.count / max(count, 1)
    var scalars = [Float]()
    scalars.reserveCapacity(indices.count * stride)
    inputs.scalars.withUnsafeBufferPointer { p in
      for i in indices {
        precondition(i >= 0 && i < count, "subset: index \(i) out of 0..<\(count)")
        scalars.append(contentsOf: p[(i * stride)..<((i + 1) * stride)])
      }
    }
    var shape = inputs.shape
    shape[0] = indices.count
    return LabeledImages(inputs: Tensor(shape: shape, scalars: scalars), labels: indices.map { labels[$0] })
  }

  /// A seeded, stratified split: from every class, `round(heldOutFraction · n_class)` images
  /// (chosen by a seeded Fisher–Yates shuffle) go to `heldOut`, the rest to `train`; both keep
  /// the original order of their images.
  /// - Precondition: `0 ≤ heldOutFraction ≤ 1`.
  public func split(heldOutFraction: Double, seed: UInt64) -> (train: LabeledImages, heldOut: LabeledImages) {
    precondition((0...1).contains(heldOutFraction), "split: heldOutFraction must be in [0, 1]")
    var generator = SeededGenerator(seed: seed)
    var byClass: [Int: [Int]] = [:]
    for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
    var heldOut = Set<Int>()
    for label in byClass.keys.sorted() {
      var members = byClass[label] ?? []
      seededShuffle(&members, using: &generator)
      let k = Int((heldOutFraction * Double(members.count)).rounded())
      heldOut.formUnion(members.prefix(k))
    }
    let all = Array(0..<count)
    return (subset(all.filter { !heldOut.contains($0) }), subset(all.filter { heldOut.contains($0) }))
  }
}

/// Fisher–Yates shuffle driven by `generator`, written out so that the order does not depend on
/// the standard library's shuffling algorithm.
func seededShuffle<T>(_ values: inout [T], using generator: inout SeededGenerator) {
  guard values.count > 1 else { return }
  for i in stride(from: values.count - 1, to: 0, by: -1) {
    let j = Int(generator.next() % UInt64(i + 1))
    values.swapAt(i, j)
  }
}
