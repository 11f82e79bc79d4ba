/// The pixel layouts a ``RasterImage`` can hold, 8 bits per sample.
public enum PixelFormat: Int, Sendable, Equatable, CaseIterable {
  /// One luminance sample per pixel (PNG colour type 0).
  case gray8 = 1
  /// Red, green, blue (PNG colour type 2).
  case rgb8 = 3
  /// Red, green, blue, alpha — straight, not premultiplied (PNG colour type 6).
  case rgba8 = 4

  /// Samples per pixel.
  public var channels: Int { rawValue }

  /// The PNG `IHDR` colour type code.
  public var pngColorType: UInt8 {
    switch self {
    case .gray8: 0
    case .rgb8: 2
    case .rgba8: 6
    }
  }
}

/// An 8-bit raster image: `height` rows of `width` pixels, each pixel `format.channels`
/// interleaved samples, rows top to bottom.
public struct RasterImage: Sendable, Equatable {
  /// Pixels per row.
  public let width: Int
  /// Number of rows.
  public let height: Int
  /// The sample layout of each pixel.
  public let format: PixelFormat
  /// `width · height · format.channels` samples, row-major, channels interleaved.
  public var samples: [UInt8]

  /// Creates an image from its interleaved samples.
  /// - Precondition: `width, height ≥ 1` and `samples.count == width · height · format.channels`.
  public init(width: Int, height: Int, format: PixelFormat, samples: [UInt8]) {
    precondition(width >= 1 && height >= 1, "RasterImage needs a positive size, got \(width)×\(height)")
    precondition(
      samples.count == width * height * format.channels,
      "RasterImage \(width)×\(height) \(format) needs \(width * height * format.channels) samples, got \(samples.count)")
    self.width = width
    self.height = height
    self.format = format
    self.samples = samples
  }

  /// An image filled with one pixel value.
  /// - Precondition: `pixel.count == format.channels`.
  public init(width: Int, height: Int, format: PixelFormat, filledWith pixel: [UInt8]) {
    precondition(pixel.count == format.channels, "fill pixel needs \(format.channels) samples")
    var s = [UInt8]()
    s.reserveCapacity(width * height * pixel.count)
    for _ in 0..<(width * height) { s.append(contentsOf: pixel) }
    self.init(width: width, height: height, format: format, samples: s)
  }

  /// The samples of the pixel in column `x`, row `y`.
  public subscript(x: Int, y: Int) -> ArraySlice<UInt8> {
    precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
    let start = (y * width + x) * format.channels
    return samples[start..<start + format.channels]
  }

  /// The image enlarged by an integer `factor` in both directions, each pixel repeated as a
  /// `factor × factor` block (nearest neighbour). Complexity: O(samples · factor²).
  public func upscaled(by factor: Int) -> RasterImage {
    precondition(factor >= 1, "upscale factor must be at least 1, got \(factor)")
    if factor == 1 { return self }
    let c = format.channels
    let newWidth = width * factor
    var out = [UInt8](repeating: 0, count: newWidth * height * factor * c)
    for y in 0..<height {
      for x in 0..<width {
        let src = (y * width + x) * c
        for dy in 0..<factor {
          let rowStart = ((y * factor + dy) * newWidth + x * factor) * c
          for dx in 0..<factor {
            for k in 0..<c { out[rowStart + dx * c + k] = samples[src + k] }
          }
        }
      }
    }
    return RasterImage(width: newWidth, height: height * factor, format: format, samples: out)
  }
}
