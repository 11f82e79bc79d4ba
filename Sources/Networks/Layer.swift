/// A height–width pair (kernel size, stride, padding of 2-D layers).
public struct Size2D: Sendable, Hashable, CustomStringConvertible {
  /// Extent along the image height.
  public var height: Int
  /// Extent along the image width.
  public var width: Int

  /// Creates a pair from its height and width extents.
  public init(_ height: Int, _ width: Int) {
    self.height = height
    self.width = width
  }

  /// `[h, w]`, the way the architecture JSON writes it.
  public var description: String { "[\(height), \(width)]" }
}

/// A fully connected layer `y = W x + b` with `W` of shape `[out, in]` (PyTorch `nn.Linear`).
public struct Dense: Sendable, Equatable {
  /// The layer's name; weights load from `<name>.weight` and `<name>.bias`.
  public var name: String
  /// The weight matrix, shape `[out, in]`.
  public var weight: Tensor
  /// The bias, shape `[out]`, or `nil` for a bias-free layer.
  public var bias: Tensor?

  /// Creates a dense layer from its parameters.
  /// - Precondition: `weight` has rank 2 and `bias`, when present, has shape `[out]`.
  public init(name: String, weight: Tensor, bias: Tensor?) {
    precondition(weight.rank == 2, "Dense \(name): weight must be [out, in], got \(weight.shape)")
    precondition(bias.map { $0.shape == [weight.shape[0]] } ?? true, "Dense \(name): bias must be [out]")
    self.name = name
    self.weight = weight
    self.bias = bias
  }

  /// The number of input features.
  public var inputCount: Int { weight.shape[1] }
  /// The number of output features.
  public var outputCount: Int { weight.shape[0] }
}

/// A 2-D convolution (PyTorch `nn.Conv2d`: cross-correlation, zero padding, dilation 1, groups 1).
///
/// Output size per spatial axis: `⌊(H + 2·p − k) / s⌋ + 1`.
public struct Conv2D: Sendable, Equatable {
  /// The layer's name; weights load from `<name>.weight` and `<name>.bias`.
  public var name: String
  /// The kernels, shape `[out_channels, in_channels, kh, kw]`.
  public var weight: Tensor
  /// The bias, shape `[out_channels]`, or `nil`.
  public var bias: Tensor?
  /// The step between neighbouring output positions.
  public var stride: Size2D
  /// The zero padding added on each side of the input.
  public var padding: Size2D

  /// Creates a convolution from its parameters.
  /// - Precondition: `weight` has rank 4, strides are positive, paddings non-negative.
  public init(name: String, weight: Tensor, bias: Tensor?, stride: Size2D, padding: Size2D) {
    precondition(weight.rank == 4, "Conv2D \(name): weight must be [out, in, kh, kw], got \(weight.shape)")
    precondition(bias.map { $0.shape == [weight.shape[0]] } ?? true, "Conv2D \(name): bias must be [out]")
    precondition(stride.height > 0 && stride.width > 0, "Conv2D \(name): stride must be positive")
    precondition(padding.height >= 0 && padding.width >= 0, "Conv2D \(name): padding must be ≥ 0")
    self.name = name
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
  }

  /// Input channels.
  public var inputChannels: Int { weight.shape[1] }
  /// Output channels.
  public var outputChannels: Int { weight.shape[0] }
  /// Kernel height and width.
  public var kernelSize: Size2D { Size2D(weight.shape[2], weight.shape[3]) }
}

/// A max- or average-pooling window (PyTorch `MaxPool2d` / `AvgPool2d`, `ceil_mode=False`;
/// average pooling counts padded zeros, `count_include_pad=True`).
///
/// Max-pool ties go to the first maximum in row-major window order (PyTorch CPU).
public struct Pool2D: Sendable, Equatable {
  /// The layer's name (implicit `<type><index>` when the architecture gives none).
  public var name: String
  /// The window size.
  public var kernelSize: Size2D
  /// The step between windows.
  public var stride: Size2D
  /// The padding on each side (−∞ for max-pool, 0 for average-pool).
  public var padding: Size2D

  /// Creates a pooling layer.
  /// - Precondition: positive kernel and stride, padding at most half the kernel (as PyTorch).
  public init(name: String, kernelSize: Size2D, stride: Size2D, padding: Size2D = Size2D(0, 0)) {
    precondition(kernelSize.height > 0 && kernelSize.width > 0, "Pool \(name): kernel must be positive")
    precondition(stride.height > 0 && stride.width > 0, "Pool \(name): stride must be positive")
    precondition(
      padding.height >= 0 && padding.width >= 0 && 2 * padding.height <= kernelSize.height
        && 2 * padding.width <= kernelSize.width, "Pool \(name): padding must be in 0…kernel/2")
    self.name = name
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
  }
}

/// One layer of a plain chain network (like `torch.nn.Sequential`).
public enum Layer: Sendable, Equatable {
  /// Fully connected.
  case dense(Dense)
  /// 2-D convolution.
  case conv2d(Conv2D)
  /// Max pooling.
  case maxPool2d(Pool2D)
  /// Average pooling.
  case avgPool2d(Pool2D)
  /// Rectified linear unit `max(0, x)`.
  case relu(name: String)
  /// `torch.flatten(x, 1)`: NCHW to `[N, C·H·W]`, channel-major.
  case flatten(name: String)

  /// The layer's name, unique within its network.
  public var name: String {
    switch self {
    case .dense(let l): l.name
    case .conv2d(let l): l.name
    case .maxPool2d(let l), .avgPool2d(let l): l.name
    case .relu(let name), .flatten(let name): name
    }
  }

  /// The type name used in the architecture JSON (`dense`, `conv2d`, `maxpool2d`, …).
  public var typeName: String {
    switch self {
    case .dense: "dense"
    case .conv2d: "conv2d"
    case .maxPool2d: "maxpool2d"
    case .avgPool2d: "avgpool2d"
    case .relu: "relu"
    case .flatten: "flatten"
    }
  }
}
