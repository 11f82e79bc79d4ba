/// A minimal, independent inflater for tests: zlib container, stored, fixed-Huffman and
/// dynamic-Huffman blocks (RFC 1950/1951; dynamic blocks for PNGs written by other programs, such
/// as Chromium's screenshots). Written from the RFC, sharing no code with the encoder.
public struct MiniInflate {
  /// Why a stream was rejected.
  public enum Failure: Error { case truncated, badHeader, badBlockType(Int), badStoredLength, badSymbol(Int), badDistance, badChecksum }

  private let input: [UInt8]
  private var bytePos = 0
  private var bitPos = 0

  private init(_ input: [UInt8]) { self.input = input }

  private mutating func bit() throws -> Int {
    guard bytePos < input.count else { throw Failure.truncated }
    let b = Int(input[bytePos] >> UInt8(bitPos)) & 1
    bitPos += 1
    if bitPos == 8 { bitPos = 0; bytePos += 1 }
    return b
  }

  /// `n` bits, the first read bit least significant (data elements).
  private mutating func bits(_ n: Int) throws -> Int {
    var v = 0
    for k in 0..<n { v |= try bit() << k }
    return v
  }

  /// Decodes one fixed literal/length symbol by reading the code MSB-first and matching the
  /// canonical ranges of RFC 1951 §3.2.6.
  private mutating func fixedLiteral() throws -> Int {
    var code = 0
    for _ in 0..<7 { code = code << 1 | (try bit()) }
    if code <= 0b0010111 { return 256 + code }  // 7-bit codes 0000000..0010111 → 256..279
    code = code << 1 | (try bit())
    if code >= 0b0011_0000 && code <= 0b1011_1111 { return code - 0b0011_0000 }  // 0..143
    if code >= 0b1100_0000 && code <= 0b1100_0111 { return 280 + code - 0b1100_0000 }  // 280..287
    code = code << 1 | (try bit())
    if code >= 0b1_1001_0000 && code <= 0b1_1111_1111 { return 144 + code - 0b1_1001_0000 }  // 144..255
    throw Failure.badSymbol(code)
  }

  /// A canonical Huffman code from code lengths (RFC 1951 §3.2.2): the number of codes of each
  /// length and the symbols in code order.
  private struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: [Int]) {
      for l in lengths { counts[l] += 1 }
      counts[0] = 0
      for length in 1...15 {
        for (symbol, l) in lengths.enumerated() where l == length { symbols.append(symbol) }
      }
    }
  }

  /// Decodes one symbol by reading its code MSB-first and walking the canonical code ranges.
  private mutating func symbol(_ h: Huffman) throws -> Int {
    var code = 0, first = 0, index = 0
    for length in 1...15 {
      code |= try bit()
      let count = h.counts[length]
      if code - first < count { return h.symbols[index + code - first] }
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    throw Failure.badSymbol(code)
  }

  /// Reads the code-length tables of a dynamic block (RFC 1951 §3.2.7).
  private mutating func dynamicTables() throws -> (literals: Huffman, distances: Huffman) {
    let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, lengthCount = try bits(4) + 4
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var codeLengths = [Int](repeating: 0, count: 19)
    for k in 0..<lengthCount { codeLengths[order[k]] = try bits(3) }
    let lengthCode = Huffman(lengths: codeLengths)
    var lengths: [Int] = []
    while lengths.count < literalCount + distanceCount {
      let sym = try symbol(lengthCode)
      switch sym {
      case 0...15: lengths.append(sym)
      case 16:
        guard let previous = lengths.last else { throw Failure.badSymbol(sym) }
        lengths += Array(repeating: previous, count: 3 + (try bits(2)))
      case 17: lengths += Array(repeating: 0, count: 3 + (try bits(3)))
      default: lengths += Array(repeating: 0, count: 11 + (try bits(7)))
      }
    }
    guard lengths.count == literalCount + distanceCount else { throw Failure.badSymbol(lengths.count) }
    return (Huffman(lengths: Array(lengths[0..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
  }

  /// Inflates a complete zlib stream and verifies its Adler-32 with a naive double loop.
  public static func zlib(_ stream: [UInt8]) throws -> [UInt8] {
    guard stream.count >= 6, stream[0] & 0x0F == 8, (Int(stream[0]) * 256 + Int(stream[1])) % 31 == 0 else {
      throw Failure.badHeader
    }
    var inflater = MiniInflate(Array(stream[2...]))
    let out = try inflater.raw()
    var a = 1, b = 0
    for byte in out { a = (a + Int(byte)) % 65521; b = (b + a) % 65521 }
    let t = stream.suffix(4).map(Int.init)
    guard t[0] << 24 | t[1] << 16 | t[2] << 8 | t[3] == b << 16 | a else { throw Failure.badChecksum }
    return out
  }

  private mutating func raw() throws -> [UInt8] {
    let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    var out: [UInt8] = []
    var final = 0
    repeat {
      final = try bit()
      let type = try bits(2)
      switch type {
      case 0:
        if bitPos != 0 { bitPos = 0; bytePos += 1 }
        guard bytePos + 4 <= input.count else { throw Failure.truncated }
        let len = Int(input[bytePos]) | Int(input[bytePos + 1]) << 8
        let nlen = Int(input[bytePos + 2]) | Int(input[bytePos + 3]) << 8
        guard len ^ 0xFFFF == nlen else { throw Failure.badStoredLength }
        bytePos += 4
        guard bytePos + len <= input.count else { throw Failure.truncated }
        out += input[bytePos..<bytePos + len]
        bytePos += len
      case 1:
        while true {
          let sym = try fixedLiteral()
          if sym < 256 { out.append(UInt8(sym)); continue }
          if sym == 256 { break }
          guard sym <= 285 else { throw Failure.badSymbol(sym) }
          let length = lengthBase[sym - 257] + (try bits(lengthExtra[sym - 257]))
          var dcode = 0
          for _ in 0..<5 { dcode = dcode << 1 | (try bit()) }
          guard dcode < 30 else { throw Failure.badDistance }
          let distance = distBase[dcode] + (try bits(distExtra[dcode]))
          guard distance <= out.count else { throw Failure.badDistance }
          for _ in 0..<length { out.append(out[out.count - distance]) }
        }
      case 2:
        let (literals, distances) = try dynamicTables()
        while true {
          let sym = try symbol(literals)
          if sym < 256 { out.append(UInt8(sym)); continue }
          if sym == 256 { break }
          guard sym <= 285 else { throw Failure.badSymbol(sym) }
          let length = lengthBase[sym - 257] + (try bits(lengthExtra[sym - 257]))
          let dcode = try symbol(distances)
          guard dcode < 30 else { throw Failure.badDistance }
          let distance = distBase[dcode] + (try bits(distExtra[dcode]))
          guard distance <= out.count else { throw Failure.badDistance }
          for _ in 0..<length { out.append(out[out.count - distance]) }
        }
      default:
        throw Failure.badBlockType(type)
      }
    } while final == 0
    return out
  }
}
