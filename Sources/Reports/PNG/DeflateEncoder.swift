/// The block types this encoder emits (RFC 1951 §3.2.3).
public enum DeflateBlockType: Sendable, Equatable, CustomStringConvertible {
  /// `BTYPE = 00`: uncompressed blocks of at most 65 535 bytes each.
  case stored
  /// `BTYPE = 01`: one block coded with the fixed Huffman tables of §3.2.6, after LZ77 matching
  /// over a 32 KiB window with a hash chain.
  case fixedHuffman

  /// `stored` or `fixed-huffman`.
  public var description: String { self == .stored ? "stored" : "fixed-huffman" }
}

/// A raw deflate (RFC 1951) compressor with stored and fixed-Huffman blocks.
///
/// The fixed-Huffman path finds matches of length 3…258 at distances 1…32 768 with a hash chain
/// over 3-byte prefixes (greedy parsing, at most `maxChainLength` candidates per position).
/// Output is deterministic: the same input always gives the same bytes.
public enum DeflateEncoder {
  /// The shortest match deflate can code.
  static let minMatch = 3
  /// The longest match deflate can code.
  static let maxMatch = 258
  /// The LZ77 window (largest distance).
  static let windowSize = 32_768
  /// Largest payload of one stored block.
  static let maxStoredBlock = 65_535

  /// Base lengths of the length symbols 257…285.
  static let lengthBase: [Int] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  /// Extra bits of the length symbols 257…285.
  static let lengthExtraBits: [Int] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  /// Base distances of the distance symbols 0…29.
  static let distanceBase: [Int] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  /// Extra bits of the distance symbols 0…29.
  static let distanceExtraBits: [Int] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
  ]
  /// `lengthSymbolIndex[len]` is the index into `lengthBase` for a match length 3…258.
  static let lengthSymbolIndex: [Int] = (0...maxMatch).map { len in
    len < minMatch ? 0 : (lengthBase.lastIndex { $0 <= len } ?? 0)
  }

  /// Compresses `data` into a raw deflate stream (no zlib header).
  ///
  /// - Parameters:
  ///   - data: the bytes to compress.
  ///   - blockType: `.stored` copies the data in 65 535-byte blocks; `.fixedHuffman` codes it in
  ///     one fixed-Huffman block.
  ///   - maxChainLength: how many earlier positions with the same 3-byte hash are tried per
  ///     position (fixed-Huffman only); larger is slower and compresses a little better.
  /// - Complexity: O(n) for stored, O(n · maxChainLength · 258) worst case for fixed Huffman.
  public static func compress(
    _ data: [UInt8], blockType: DeflateBlockType, maxChainLength: Int = 32
  ) -> [UInt8] {
    precondition(maxChainLength >= 1, "maxChainLength must be at least 1, got \(maxChainLength)")
    switch blockType {
    case .stored: return stored(data)
    case .fixedHuffman: return fixedHuffman(data, maxChainLength: maxChainLength)
    }
  }

  /// Stored blocks: per block the header bits `BFINAL, 00`, byte alignment, `LEN`, `NLEN = ~LEN`
  /// (little-endian), then the bytes.
  static func stored(_ data: [UInt8]) -> [UInt8] {
    var writer = DeflateBitWriter(reservingCapacity: data.count + 5 * (data.count / maxStoredBlock + 1))
    var start = 0
    repeat {
      let end = min(start + maxStoredBlock, data.count)
      let isFinal = end == data.count
      writer.writeBits(isFinal ? 1 : 0, count: 1)
      writer.writeBits(0b00, count: 2)
      writer.alignToByte()
      let length = UInt16(end - start)
      writer.writeBits(UInt32(length), count: 16)
      writer.writeBits(UInt32(~length), count: 16)
      writer.appendAligned(data[start..<end])
      start = end
    } while start < data.count
    return writer.finish()
  }

  /// Writes the fixed literal/length code of `symbol` (0…287), RFC 1951 §3.2.6.
  static func writeFixedLiteral(_ symbol: Int, to writer: inout DeflateBitWriter) {
    switch symbol {
    case 0...143: writer.writeCode(UInt32(0x30 + symbol), length: 8)
    case 144...255: writer.writeCode(UInt32(0x190 + symbol - 144), length: 9)
    case 256...279: writer.writeCode(UInt32(symbol - 256), length: 7)
    default: writer.writeCode(UInt32(0xC0 + symbol - 280), length: 8)
    }
  }

  /// Writes a (length, distance) pair with the fixed codes and their extra bits.
  static func writeMatch(length: Int, distance: Int, to writer: inout DeflateBitWriter) {
    let li = lengthSymbolIndex[length]
    writeFixedLiteral(257 + li, to: &writer)
    writer.writeBits(UInt32(length - lengthBase[li]), count: lengthExtraBits[li])
    var di = distanceBase.count - 1
    while distanceBase[di] > distance { di -= 1 }
    writer.writeCode(UInt32(di), length: 5)
    writer.writeBits(UInt32(distance - distanceBase[di]), count: distanceExtraBits[di])
  }

  /// One final fixed-Huffman block with greedy hash-chain LZ77 matching.
  static func fixedHuffman(_ data: [UInt8], maxChainLength: Int) -> [UInt8] {
    let n = data.count
    var writer = DeflateBitWriter(reservingCapacity: n / 2 + 16)
    writer.writeBits(1, count: 1)  // BFINAL
    writer.writeBits(0b01, count: 2)  // BTYPE = fixed Huffman
    let hashBits = 15
    let mask = windowSize - 1
    var head = [Int32](repeating: -1, count: 1 << hashBits)
    var prev = [Int32](repeating: -1, count: windowSize)
    data.withUnsafeBufferPointer { src in
      func hash(_ p: Int) -> Int {
        (Int(src[p]) << 10 ^ Int(src[p &+ 1]) << 5 ^ Int(src[p &+ 2])) & ((1 << hashBits) - 1)
      }
      func insert(_ p: Int) {
        let h = hash(p)
        prev[p & mask] = head[h]
        head[h] = Int32(p)
      }
      var i = 0
      while i < n {
        var bestLength = 0
        var bestDistance = 0
        if i &+ minMatch <= n {
          let limit = min(maxMatch, n &- i)
          var candidate = Int(head[hash(i)])
          var tries = 0
          while candidate >= 0 && i &- candidate <= windowSize && tries < maxChainLength {
            if src[candidate &+ bestLength] == src[i &+ bestLength] {
              var len = 0
              while len < limit && src[candidate &+ len] == src[i &+ len] { len &+= 1 }
              if len > bestLength {
                bestLength = len
                bestDistance = i &- candidate
                if len == limit { break }
              }
            }
            candidate = Int(prev[candidate & mask])
            tries &+= 1
          }
          insert(i)
        }
        if bestLength >= minMatch {
          writeMatch(length: bestLength, distance: bestDistance, to: &writer)
          var p = i &+ 1
          let end = i &+ bestLength
          while p < end {
            if p &+ minMatch <= n { insert(p) }
            p &+= 1
          }
          i = end
        } else {
          writeFixedLiteral(Int(src[i]), to: &writer)
          i &+= 1
        }
      }
    }
    writeFixedLiteral(256, to: &writer)  // end of block
    return writer.finish()
  }
}
