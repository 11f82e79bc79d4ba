/// Wraps a deflate stream in the zlib container of RFC 1950.
///
/// Layout: `CMF = 0x78` (deflate, 32 KiB window), `FLG` (`0x01` for stored data, `0x9C` for
/// compressed data; both make `(CMF·256 + FLG) mod 31 = 0`), the deflate blocks, then the Adler-32 of
/// the uncompressed data, big-endian.
public enum ZlibEncoder {
  /// Compresses `data` into a complete zlib stream.
  ///
  /// - Parameters:
  ///   - data: the bytes to compress.
  ///   - blockType: the deflate block type (see ``DeflateBlockType``).
  /// - Returns: header + deflate stream + Adler-32 trailer.
  /// - Complexity: as ``DeflateEncoder/compress(_:blockType:maxChainLength:)``.
  public static func compress(_ data: [UInt8], blockType: DeflateBlockType) -> [UInt8] {
    var out: [UInt8] = [0x78, blockType == .stored ? 0x01 : 0x9C]
    out.append(contentsOf: DeflateEncoder.compress(data, blockType: blockType))
    let adler = Adler32.checksum(of: data)
    out.append(contentsOf: adler.bigEndianBytes)
    return out
  }
}

extension UInt32 {
  /// The four bytes of the value, most significant first (network order, as PNG and zlib want).
  var bigEndianBytes: [UInt8] {
    [UInt8(self >> 24), UInt8(truncatingIfNeeded: self >> 16), UInt8(truncatingIfNeeded: self >> 8),
     UInt8(truncatingIfNeeded: self)]
  }
}
