/// The element type of a safetensors tensor, spelled as in the file header (`"F32"`, `"I64"`, …).
///
/// Every dtype of the safetensors specification is known (so a header can be validated), but
/// only the floating-point `F64`, `F32`, `F16`, `BF16` and the integer `I64`, `I32` can be
/// converted; reading any other dtype throws `ModelFileError.unsupportedDtype`.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
  /// Boolean, one byte.
  case bool = "BOOL"
  /// Unsigned 8-bit integer.
  case u8 = "U8"
  /// Signed 8-bit integer.
  case i8 = "I8"
  /// 8-bit float, 5 exponent bits.
  case f8e5m2 = "F8_E5M2"
  /// 8-bit float, 4 exponent bits.
  case f8e4m3 = "F8_E4M3"
  /// Signed 16-bit integer.
  case i16 = "I16"
  /// Unsigned 16-bit integer.
  case u16 = "U16"
  /// IEEE half precision.
  case f16 = "F16"
  /// bfloat16: the upper 16 bits of a Float32.
  case bf16 = "BF16"
  /// Signed 32-bit integer.
  case i32 = "I32"
  /// Unsigned 32-bit integer.
  case u32 = "U32"
  /// IEEE single precision.
  case f32 = "F32"
  /// IEEE double precision.
  case f64 = "F64"
  /// Signed 64-bit integer.
  case i64 = "I64"
  /// Unsigned 64-bit integer.
  case u64 = "U64"

  /// Bytes per element.
  public var byteCount: Int {
    switch self {
    case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
    case .i16, .u16, .f16, .bf16: 2
    case .i32, .u32, .f32: 4
    case .f64, .i64, .u64: 8
    }
  }

  /// Whether `SafeTensorsFile.tensor(named:)` can convert this dtype to Float32
  /// (`F64`, `F32`, `F16`, `BF16`, `I64`, `I32`).
  public var isConvertibleToFloat: Bool {
    switch self {
    case .f64, .f32, .f16, .bf16, .i64, .i32: true
    default: false
    }
  }

  /// Whether `SafeTensorsFile.int64s(named:)` can read this dtype (`I64`, `I32`).
  public var isInteger64Readable: Bool { self == .i64 || self == .i32 }
}

extension SafeTensorsDType {
  /// Converts `count` little-endian elements starting at `bytes` to Float32 (narrowing `F64`
  /// and 64-bit integers by rounding to nearest).
  /// - Precondition: `isConvertibleToFloat` and `bytes.count == count * byteCount`.
  /// - Complexity: O(count).
  func decodeFloats(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Float] {
    precondition(isConvertibleToFloat && bytes.count == count * byteCount, "decodeFloats: \(self) \(count)")
    return [Float](unsafeUninitializedCapacity: count) { out, initialized in
      switch self {
      case .f32:
        #if _endian(little)
          UnsafeMutableRawBufferPointer(out).copyMemory(from: bytes)
        #else
          for i in 0..<count {
            out[i] = Float(
              bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)))
          }
        #endif
      case .f64:
        for i in 0..<count {
          out[i] = Float(
            Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))))
        }
      case .f16:
        for i in 0..<count {
          let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
          out[i] = Self.halfToFloat(bits)
        }
      case .bf16:
        for i in 0..<count {
          let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
          out[i] = Float(bitPattern: UInt32(bits) << 16)
        }
      case .i32:
        for i in 0..<count {
          out[i] = Float(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
        }
      case .i64:
        for i in 0..<count {
          out[i] = Float(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self)))
        }
      default:
        preconditionFailure("unreachable: \(self) is not convertible")
      }
      initialized = count
    }
  }

  /// Converts `count` little-endian `I64` or `I32` elements to `Int`.
  /// - Precondition: `isInteger64Readable` and `bytes.count == count * byteCount`.
  func decodeInts(_ bytes: UnsafeRawBufferPointer, count: Int) -> [Int] {
    precondition(isInteger64Readable && bytes.count == count * byteCount, "decodeInts: \(self) \(count)")
    if self == .i64 {
      return (0..<count).map { Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 &* 8, as: Int64.self))) }
    }
    return (0..<count).map { Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 &* 4, as: Int32.self))) }
  }

  /// IEEE binary16 → binary32, exact for every value (subnormals, ±∞, NaN payload top bits).
  static func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = UInt32(h & 0x3FF)
    switch exponent {
    case 0:
      // Zero or subnormal: mantissa · 2⁻²⁴, exact in Float32.
      let magnitude = Float(mantissa) * 0x1.0p-24
      return sign == 0 ? magnitude : -magnitude
    case 31:
      return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
    default:
      return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
  }
}
