/// Packs deflate bit fields into bytes, least-significant bit first (RFC 1951 §3.1.1).
///
/// Data elements (extra bits, block headers) are written LSB-first as they are; Huffman codes
/// are written most-significant bit first, so they are bit-reversed before packing.
struct DeflateBitWriter {
  /// The bytes completed so far.
  private(set) var bytes: [UInt8] = []
  /// Bits not yet flushed, the oldest in the lowest position.
  private var buffer: UInt64 = 0
  /// How many of `buffer`'s low bits are valid (always < 8 between calls).
  private var bitCount = 0

  init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// Appends the low `count` bits of `value`, least-significant first.
  mutating func writeBits(_ value: UInt32, count: Int) {
    assert(count >= 0 && count <= 32, "bit count \(count) out of range")
    buffer |= UInt64(value & UInt32(truncatingIfNeeded: (UInt64(1) << count) &- 1)) << bitCount
    bitCount &+= count
    while bitCount >= 8 {
      bytes.append(UInt8(truncatingIfNeeded: buffer))
      buffer >>= 8
      bitCount &-= 8
    }
  }

  /// Appends a Huffman code of `length` bits, its most-significant bit first.
  mutating func writeCode(_ code: UInt32, length: Int) {
    var reversed: UInt32 = 0
    var c = code
    for _ in 0..<length {
      reversed = (reversed << 1) | (c & 1)
      c >>= 1
    }
    writeBits(reversed, count: length)
  }

  /// Pads with zero bits to the next byte boundary.
  mutating func alignToByte() {
    if bitCount > 0 { writeBits(0, count: 8 - bitCount) }
  }

  /// Appends whole bytes; the writer must be byte-aligned.
  mutating func appendAligned<Bytes: Collection>(_ data: Bytes) where Bytes.Element == UInt8 {
    precondition(bitCount == 0, "appendAligned needs a byte-aligned writer")
    bytes.append(contentsOf: data)
  }

  /// The finished bytes, padded with zero bits to a whole byte.
  mutating func finish() -> [UInt8] {
    alignToByte()
    return bytes
  }
}
