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
