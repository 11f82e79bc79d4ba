import Dispatch
import Foundation
import Matrices

/// A built-in, deterministic image data set of 10 classes of simple shapes and textures; no
/// download needed.
///
/// Classes (`classNames`): 0 filled square, 1 disk, 2 triangle, 3 plus, 4 X, 5 ring, 6 horizontal
/// stripes, 7 vertical stripes, 8 diagonal stripes, 9 checkerboard. Each image has a uniform
/// background of a random colour and one object of a random colour (mean absolute difference from the
/// background ≥ 0.35), size and position; textures alternate the object colour with the halfway
/// colour, with a random phase. Gaussian noise (σ = `noise`) is added and values clamped to [0, 1].
/// Colours are drawn independently of the class, so the class is not readable from the mean colour.
///
/// Image `i` depends only on `seed` and `i` (its own sub-stream `SeededGenerator(seed:).split(stream: i)`),
/// so the first `n` images are the same for every `count ≥ n`.
public enum SyntheticShapes {
  /// The image format.
  public enum Size: Sendable, Equatable {
    /// CIFAR-10 size, 3×32×32.
    case cifar
    /// Small grey images, 1×16×16.
    case small

    /// Colour channels.
    public var channels: Int { self == .cifar ? 3 : 1 }
    /// Image height.
    public var height: Int { self == .cifar ? 32 : 16 }
    /// Image width.
    public var width: Int { height }
    /// `[C, H, W]`, the `inputShape` of a network for these images.
    public var shape: [Int] { [channels, height, width] }

    /// Object side lengths for one object per image.
    var singleSides: ClosedRange<Int> { self == .cifar ? 12...24 : 7...13 }
    /// Object side lengths for two objects per image (each fits in half the image).
    var pairSides: ClosedRange<Int> { self == .cifar ? 9...15 : 5...8 }
  }

  /// The number of classes.
  public static let classCount = 10

  /// The class names, index = label.
  public static let classNames = [
    "square", "disk", "triangle", "plus", "cross", "ring", "horizontal stripes", "vertical stripes",
    "diagonal stripes", "checkerboard",
  ]

  /// `count` images of one object each, with balanced labels (every block of 10 images holds each
  /// class once, in seeded order).
  /// - Parameters:
  ///   - count: the number of images.
  ///   - size: `.cifar` (3×32×32) or `.small` (1×16×16).
  ///   - seed: fixes every image and label.
  ///   - noise: standard deviation of the additive Gaussian noise (0 for clean images).
  /// - Complexity: O(count · C·H·W).
  public static func make(count: Int, size: Size, seed: UInt64, noise: Float = 0.05) -> LabeledImages {
    precondition(count >= 0 && noise >= 0, "SyntheticShapes.make: count and noise must be ≥ 0")
    var labelGenerator = SeededGenerator(seed: seed).split(stream: UInt64.max)
    let labels = balancedLabels(count: count, generator: &labelGenerator)
    let base = SeededGenerator(seed: seed)
    let stride = size.channels * size.height * size.width
    var scalars = [Float](repeating: 0, count: count * stride)
    scalars.withUnsafeMutableBufferPointer { buffer in
      let images = SharedImageBuffer(base: buffer.baseAddress)
      forEachImage(count: count) { n in
        var g = base.split(stream: UInt64(n))
        let background = (0..<size.channels).map { _ in unit(&g) }
        let side = uniform(size.singleSides, &g)
        let top = uniform(0...(size.height - side), &g)
        let left = uniform(0...(size.width - side), &g)
        let object = drawObject(
          label: labels[n], top: top, left: left, side: side, background: background, generator: &g)
        render(
          objects: [object], background: background, size: size, noise: noise, generator: &g,
          image: images.slice(n * stride, stride), masks: nil)
      }
    }
    return LabeledImages(inputs: Tensor(shape: [count] + size.shape, scalars: scalars), labels: labels)
  }

  /// `count` images with two objects of different classes each, in opposite halves of the image
  /// (left/right or top/bottom, chosen per image), with their labels and pixel masks, for
  /// class-sensitivity checks. Object 0's class is balanced as in `make`; object 1's class is a
  /// different class drawn uniformly.
  /// - Parameters: as `make`; object sides are 9…15 (`.cifar`) or 5…8 (`.small`).
  /// - Complexity: O(count · C·H·W).
  public static func makeTwoObjects(count: Int, size: Size, seed: UInt64, noise: Float = 0.05) -> TwoObjectImages {
    precondition(count >= 0 && noise >= 0, "SyntheticShapes.makeTwoObjects: count and noise must be ≥ 0")
    var labelGenerator = SeededGenerator(seed: seed).split(stream: UInt64.max)
    let first = balancedLabels(count: count, generator: &labelGenerator)
    let base = SeededGenerator(seed: seed)
    let (h, w) = (size.height, size.width)
    let stride = size.channels * h * w
    var second = [Int](repeating: 0, count: count)
    var maskScalars = [Float](repeating: 0, count: count * 2 * h * w)
    var scalars = [Float](repeating: 0, count: count * stride)
    scalars.withUnsafeMutableBufferPointer { imageBuffer in
      maskScalars.withUnsafeMutableBufferPointer { maskBuffer in
        second.withUnsafeMutableBufferPointer { secondBuffer in
          let images = SharedImageBuffer(base: imageBuffer.baseAddress)
          let masks = SharedImageBuffer(base: maskBuffer.baseAddress)
          let seconds = SharedImageBuffer(base: secondBuffer.baseAddress)
          forEachImage(count: count) { n in
            var g = base.split(stream: UInt64(n))
            let background = (0..<size.channels).map { _ in unit(&g) }
            let other = (first[n] + 1 + uniform(0...(classCount - 2), &g)) % classCount
            let sideBySide = g.next() & 1 == 0
            let firstHalf = Int(g.next() & 1)
            var objects: [Object] = []
            for (k, label) in [first[n], other].enumerated() {
              let half = k == 0 ? firstHalf : 1 - firstHalf
              let side = uniform(size.pairSides, &g)
              // The half occupies rows (or columns) [half·extent/2, (half+1)·extent/2).
              let (rows, cols) = sideBySide ? (h, w / 2) : (h / 2, w)
              let top = (sideBySide ? 0 : half * rows) + uniform(0...(rows - side), &g)
              let left = (sideBySide ? half * cols : 0) + uniform(0...(cols - side), &g)
              objects.append(
                drawObject(label: label, top: top, left: left, side: side, background: background, generator: &g))
            }
            seconds.slice(n, 1)[0] = other
            render(
              objects: objects, background: background, size: size, noise: noise, generator: &g,
              image: images.slice(n * stride, stride), masks: masks.slice(n * 2 * h * w, 2 * h * w))
          }
        }
      }
    }
    return TwoObjectImages(
      inputs: Tensor(shape: [count] + size.shape, scalars: scalars), labels: zip(first, second).map { [$0, $1] },
      masks: Tensor(shape: [count, 2, h, w], scalars: maskScalars))
  }

  /// Runs `body(n)` for every image index on all cores, in coarse contiguous chunks (serially for
  /// fewer than 64 images). Image `n` depends only on `n`, so the result is the same for any
  /// thread count.
  private static func forEachImage(count: Int, _ body: @Sendable (Int) -> Void) {
    let chunks = count < 64 ? 1 : min(count, 4 * ProcessInfo.processInfo.activeProcessorCount)
    guard chunks > 1 else {
      for n in 0..<count { body(n) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      for n in (c * count / chunks)..<((c + 1) * count / chunks) { body(n) }
    }
  }
}

/// A pointer into an output array shared by the image workers of `SyntheticShapes`.
/// Invariant: the worker for image `n` writes only image `n`'s region, so writes never overlap,
/// and the array outlives `forEachImage` (which joins before returning).
private struct SharedImageBuffer<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>?

  /// The `length` elements starting at `start`.
  func slice(_ start: Int, _ length: Int) -> UnsafeMutableBufferPointer<Element> {
    UnsafeMutableBufferPointer(start: base.map { $0 + start }, count: length)
  }
}
