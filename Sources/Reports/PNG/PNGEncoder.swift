import Foundation

/// How the encoder chooses the per-row PNG filter (PNG spec §9).
public enum PNGFilterStrategy: Sendable, Equatable {
  /// Filter type 0 (None) on every row.
  case none
  /// Per row, the filter type 0…4 (None, Sub, Up, Average, Paeth) whose output has the smallest
  /// sum of bytes read as signed magnitudes — the heuristic the PNG spec §12.8 recommends.
  case adaptive
}

/// Encodes a ``RasterImage`` as a PNG file (8-bit, non-interlaced).
///
/// File layout: the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`, then chunks
/// `length (4, big-endian) · type (4 ASCII) · data · CRC-32(type · data)`: `IHDR` (width,
/// height, bit depth 8, colour type 0/2/6, compression 0, filter method 0, interlace 0), one
/// `IDAT` holding the zlib stream of the filtered rows (each row prefixed by its filter-type
/// byte), and an empty `IEND`.
public struct PNGEncoder: Sendable {
  /// The deflate block type of the `IDAT` stream.
  public var blockType: DeflateBlockType
  /// The row filter choice.
  public var filter: PNGFilterStrategy

  /// An encoder; the defaults (fixed Huffman, adaptive filters) give small files.
  public init(blockType: DeflateBlockType = .fixedHuffman, filter: PNGFilterStrategy = .adaptive) {
    self.blockType = blockType
    self.filter = filter
  }

  /// The PNG signature that opens every file.
  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// The complete PNG file for `image`.
  /// - Complexity: O(samples) for filtering plus the deflate cost.
  public func encode(_ image: RasterImage) -> [UInt8] {
    var ihdr = UInt32(image.width).bigEndianBytes + UInt32(image.height).bigEndianBytes
    ihdr += [8, image.format.pngColorType, 0, 0, 0]
    var out = PNGEncoder.signature
    PNGEncoder.appendChunk("IHDR", ihdr, to: &out)
    let filtered = filteredRows(image)
    PNGEncoder.appendChunk("IDAT", ZlibEncoder.compress(filtered, blockType: blockType), to: &out)
    PNGEncoder.appendChunk("IEND", [], to: &out)
    return out
  }

  /// The PNG file for `image` as `Data`.
  public func encodeData(_ image: RasterImage) -> Data { Data(encode(image)) }

  /// Appends one chunk: length, type, data, CRC-32 over type and data.
  static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
    let typeBytes = Array(type.utf8)
    precondition(typeBytes.count == 4, "PNG chunk type must be 4 ASCII bytes")
    out += UInt32(data.count).bigEndianBytes
    var crc = CRC32()
    crc.update(typeBytes)
    crc.update(data)
    out += typeBytes
    out += data
    out += crc.value.bigEndianBytes
  }

  /// The filtered scanlines: for each row, one filter-type byte and `width · channels` bytes.
  func filteredRows(_ image: RasterImage) -> [UInt8] {
    let bpp = image.format.channels
    let stride = image.width * bpp
    var out = [UInt8]()
    out.reserveCapacity((stride + 1) * image.height)
    var candidate = [UInt8](repeating: 0, count: stride)
    var best = [UInt8](repeating: 0, count: stride)
    image.samples.withUnsafeBufferPointer { s in
      for y in 0..<image.height {
        let rowStart = y * stride
        let row = UnsafeBufferPointer(rebasing: s[rowStart..<(rowStart + stride)])
        // The row above, or nothing on the first row (the spec treats it as zeros).
        let priorStart = rowStart - stride
        func above(_ i: Int) -> Int { y == 0 ? 0 : Int(s[priorStart + i]) }
        guard filter == .adaptive else {
          out.append(0)
          out.append(contentsOf: row)
          continue
        }
        var bestType: UInt8 = 0
        var bestCost = Int.max
        for type in UInt8(0)...4 {
          var cost = 0
          for i in 0..<stride {
            let a = i >= bpp ? Int(row[i - bpp]) : 0
            let b = above(i)
            let c = i >= bpp ? above(i - bpp) : 0
            let predictor: Int
            switch type {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            default: predictor = PNGEncoder.paeth(a, b, c)
            }
            let v = UInt8(truncatingIfNeeded: Int(row[i]) - predictor)
            candidate[i] = v
            cost += v < 128 ? Int(v) : 256 - Int(v)
          }
          if cost < bestCost {
            bestCost = cost
            bestType = type
            swap(&candidate, &best)
          }
        }
        out.append(bestType)
        out.append(contentsOf: best)
      }
    }
    return out
  }

  /// The Paeth predictor (PNG spec §9.4): whichever of left `a`, above `b`, upper-left `c` is
  /// closest to `a + b − c`, ties broken in the order a, b, c.
  static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
    let p = a + b - c
    let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
    if pa <= pb && pa <= pc { return a }
    return pb <= pc ? b : c
  }
}
