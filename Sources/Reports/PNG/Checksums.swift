/// CRC-32 as used by PNG chunks and zlib's gzip trailer (ISO 3309 / ITU-T V.42).
///
/// Reflected polynomial `0xEDB88320`, initial value `0xFFFFFFFF`, final XOR `0xFFFFFFFF`,
/// computed byte-wise from a 256-entry table. `CRC32.checksum(of: "123456789")` is `0xCBF43926`.
public struct CRC32: Sendable {
  /// `table[n]` is the CRC register after shifting the byte `n` through eight reflected steps.
  private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// The running (pre-inverted) register.
  private var register: UInt32 = 0xFFFF_FFFF

  /// A fresh checksum over no bytes.
  public init() {}

  /// Feeds `bytes` into the checksum. Complexity: O(`bytes.count`).
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    var c = register
    CRC32.table.withUnsafeBufferPointer { t in
      for byte in bytes { c = t[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    }
    register = c
  }

  /// The CRC-32 of everything fed so far.
  public var value: UInt32 { register ^ 0xFFFF_FFFF }

  /// The CRC-32 of `bytes` in one call.
  public static func checksum<Bytes: Sequence>(of bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }
}

/// Adler-32, the checksum that ends every zlib stream (RFC 1950 §8.2).
///
/// `a = 1 + Σ bytes`, `b = Σ a` after each byte, both mod 65521; the value is `b << 16 | a`.
/// `Adler32.checksum(of: "Wikipedia".utf8)` is `0x11E60398`.
public struct Adler32: Sendable {
  private static let modulus: UInt32 = 65_521
  /// The largest run of bytes whose sums cannot overflow 32 bits before a reduction (zlib's NMAX).
  private static let blockLength = 5_552
  private var a: UInt32 = 1
  private var b: UInt32 = 0

  /// A fresh checksum over no bytes (value 1).
  public init() {}

  /// Feeds `bytes` into the checksum, reducing modulo 65521 once every 5552 bytes.
  /// Complexity: O(`bytes.count`).
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    var pending = 0
    for byte in bytes {
      a &+= UInt32(byte)
      b &+= a
      pending &+= 1
      if pending == Adler32.blockLength {
        a %= Adler32.modulus
        b %= Adler32.modulus
        pending = 0
      }
    }
    a %= Adler32.modulus
    b %= Adler32.modulus
  }

  /// The Adler-32 of everything fed so far.
  public var value: UInt32 { (b << 16) | a }

  /// The Adler-32 of `bytes` in one call.
  public static func checksum<Bytes: Sequence>(of bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
    var adler = Adler32()
    adler.update(bytes)
    return adler.value
  }
}
