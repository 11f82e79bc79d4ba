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
