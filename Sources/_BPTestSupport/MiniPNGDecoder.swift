/// A minimal PNG reader for tests: walks the chunks, checks each CRC with a bitwise (table-free)
/// CRC-32, inflates the IDAT data with ``MiniInflate`` and undoes filter types 0–4.
public struct MiniPNGDecoder {
  /// Why a file was rejected.
  public enum Failure: Error { case signature, chunk(String), crc(String), filter(Int), size }

  /// A decoded image: size, PNG colour type, the unfiltered samples and each row's filter type.
  public struct Decoded { public var width: Int; public var height: Int; public var colorType: Int; public var samples: [UInt8]; public var filterTypes: [Int] }

  /// Bit-at-a-time CRC-32 (polynomial 0xEDB88320), independent of the encoder's table.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes {
      c ^= UInt32(b)
      for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
    }
    return ~c
  }

  static func be32(_ b: ArraySlice<UInt8>) -> Int {
    let s = Array(b)
    return Int(s[0]) << 24 | Int(s[1]) << 16 | Int(s[2]) << 8 | Int(s[3])
  }

  /// Decodes a whole PNG file; throws ``Failure`` on any malformed chunk.
  public static func decode(_ file: [UInt8]) throws -> Decoded {
    guard file.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.signature }
    var pos = 8
    var width = 0, height = 0, colorType = -1
    var idat: [UInt8] = []
    var sawEnd = false
    while pos + 12 <= file.count {
      let length = be32(file[pos..<pos + 4])
      let type = String(decoding: file[pos + 4..<pos + 8], as: UTF8.self)
      guard pos + 12 + length <= file.count else { throw Failure.chunk(type) }
      let body = Array(file[pos + 8..<pos + 8 + length])
      let crc = UInt32(be32(file[pos + 8 + length..<pos + 12 + length]))
      guard crc32(Array(file[pos + 4..<pos + 8]) + body) == crc else { throw Failure.crc(type) }
      switch type {
      case "IHDR":
        width = be32(body[0..<4]); height = be32(body[4..<8]); colorType = Int(body[9])
        guard body[8] == 8, body[10] == 0, body[11] == 0, body[12] == 0 else { throw Failure.chunk(type) }
      case "IDAT": idat += body
      case "IEND": sawEnd = true
      default: break
      }
      pos += 12 + length
    }
    guard sawEnd, pos == file.count else { throw Failure.chunk("IEND") }
    let bpp = [0: 1, 2: 3, 6: 4][colorType] ?? 0
    guard bpp > 0 else { throw Failure.chunk("IHDR") }
    let raw = try MiniInflate.zlib(idat)
    let stride = width * bpp
    guard raw.count == height * (stride + 1) else { throw Failure.size }
    var out = [UInt8](repeating: 0, count: height * stride)
    var filters: [Int] = []
    for y in 0..<height {
      let f = Int(raw[y * (stride + 1)])
      filters.append(f)
      for i in 0..<stride {
        let x = Int(raw[y * (stride + 1) + 1 + i])
        let a = i >= bpp ? Int(out[y * stride + i - bpp]) : 0
        let b = y > 0 ? Int(out[(y - 1) * stride + i]) : 0
        let c = (i >= bpp && y > 0) ? Int(out[(y - 1) * stride + i - bpp]) : 0
        let pred: Int
        switch f {
        case 0: pred = 0
        case 1: pred = a
        case 2: pred = b
        case 3: pred = (a + b) >> 1
        case 4:
          let p = a + b - c
          let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
        default: throw Failure.filter(f)
        }
        out[y * stride + i] = UInt8((x + pred) & 0xFF)
      }
    }
    return Decoded(width: width, height: height, colorType: colorType, samples: out, filterTypes: filters)
  }
}
