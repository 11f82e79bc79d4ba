/// The index arithmetic shared by convolution and pooling: a `kh × kw` window slid with stride
/// `(sh, sw)` over a zero- (or −∞-) padded `H × W` plane.
///
/// Output position `(oy, ox)` sees input rows `oy·sh − ph + i` and columns `ox·sw − pw + j`
/// for `i < kh`, `j < kw`; positions outside `0..<H × 0..<W` are padding.
struct WindowGeometry: Sendable, Equatable {
  /// Input channels (of the convolution, or the pooled channels).
  let channels: Int
  /// Input height and width.
  let height: Int, width: Int
  /// Window height and width.
  let kernelHeight: Int, kernelWidth: Int
  /// Strides.
  let strideHeight: Int, strideWidth: Int
  /// Padding on each side.
  let padHeight: Int, padWidth: Int
  /// Output height and width, `⌊(H + 2p − k)/s⌋ + 1`.
  let outputHeight: Int, outputWidth: Int

  /// The geometry of a window of `kernel`, `stride`, `padding` on a `channels × height × width` input.
  /// - Precondition: the padded input is at least as large as the window.
  init(channels: Int, height: Int, width: Int, kernel: Size2D, stride: Size2D, padding: Size2D) {
    self.channels = channels
    self.height = height
    self.width = width
    kernelHeight = kernel.height
    kernelWidth = kernel.width
    strideHeight = stride.height
    strideWidth = stride.width
    padHeight = padding.height
    padWidth = padding.width
    let h = height + 2 * padding.height - kernel.height
    let w = width + 2 * padding.width - kernel.width
    precondition(h >= 0 && w >= 0, "window \(kernel) larger than padded input \(height)×\(width)")
    outputHeight = h / stride.height + 1
    outputWidth = w / stride.width + 1
  }

  /// Elements of one input plane, `H·W`.
  var planeSize: Int { height &* width }
  /// Elements of one output plane, `OH·OW`.
  var outputPlaneSize: Int { outputHeight &* outputWidth }
  /// Rows of the im2col matrix, `C·kh·kw`.
  var patchSize: Int { channels &* kernelHeight &* kernelWidth }
  /// Elements of one input sample, `C·H·W`.
  var sampleSize: Int { channels &* planeSize }

  /// The output columns `ox` whose input column `ox·sw − pw + j` lies inside `0..<W`.
  @inline(__always) func validColumns(kernelColumn j: Int) -> Range<Int> {
    validRange(offset: j &- padWidth, stride: strideWidth, extent: width, outputs: outputWidth)
  }

  /// The output rows `oy` whose input row `oy·sh − ph + i` lies inside `0..<H`.
  @inline(__always) func validRows(kernelRow i: Int) -> Range<Int> {
    validRange(offset: i &- padHeight, stride: strideHeight, extent: height, outputs: outputHeight)
  }

  /// `{o ∈ 0..<outputs : 0 ≤ o·stride + offset < extent}` as a range.
  @inline(__always) private func validRange(offset: Int, stride: Int, extent: Int, outputs: Int)
    -> Range<Int>
  {
    // o ≥ ceil(−offset / stride) and o ≤ floor((extent − 1 − offset) / stride).
    let lower = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let top = extent - 1 - offset
    let upper = top < 0 ? 0 : min(outputs, top / stride + 1)
    // An empty range must still lie inside 0…outputs (callers zero-fill `0..<lowerBound` and
    // `upperBound..<outputs`): padding wider than the input can put `lower` beyond `outputs`.
    return lower < upper ? lower..<upper : upper..<upper
  }
}
