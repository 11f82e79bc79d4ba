import Foundation
import Testing
import _BPTestSupport
import Matrices
@testable import Reports

@Suite("PNG encoder, deflate and checksums")
struct PNGEncoderTests {
  @Test("CRC-32 check value: crc32(\"123456789\") = 0xCBF43926 (the catalogued CRC-32/ISO-HDLC value)")
  func crc32CheckValue() {
    #expect(CRC32.checksum(of: Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum(of: [UInt8]()) == 0)
    // Incremental updates equal the one-shot value.
    var crc = CRC32()
    crc.update(Array("1234".utf8))
    crc.update(Array("56789".utf8))
    #expect(crc.value == 0xCBF4_3926)
  }

  @Test("Adler-32: \"Wikipedia\" = 0x11E60398; long inputs agree with a naive mod-every-byte loop")
  func adler32() {
    #expect(Adler32.checksum(of: Array("Wikipedia".utf8)) == 0x11E6_0398)
    #expect(Adler32.checksum(of: [UInt8]()) == 1)
    var rng = SeededGenerator(seed: 7)
    let data = (0..<20_000).map { _ in UInt8.random(in: 200...255, using: &rng) }
    var a = 1, b = 0
    for byte in data { a = (a + Int(byte)) % 65521; b = (b + a) % 65521 }
    #expect(Adler32.checksum(of: data) == UInt32(b << 16 | a))
  }

  /// A 1×1 RGB image holding pure red, stored deflate block, filter 0, derived from the PNG and
  /// zlib specs byte by byte:
  ///
  /// - signature `89 50 4E 47 0D 0A 1A 0A`;
  /// - IHDR: length 13 = `00 00 00 0D`, type `49 48 44 52`, width 1, height 1 (`00 00 00 01` each),
  ///   bit depth 8, colour type 2 (RGB), compression 0, filter 0, interlace 0; CRC-32 over type and
  ///   data = `90 77 53 DE`;
  /// - the raw scanline is the filter byte 0 then R G B = `00 FF 00 00`;
  /// - zlib: CMF `78` (method 8, 32 KiB window), FLG `01` (0x7801 = 30721 = 31 · 991, so the check
  ///   bits hold); one stored block: header bits BFINAL=1, BTYPE=00 → byte `01`; LEN = 4 → `04 00`;
  ///   NLEN = ~4 → `FB FF`; the 4 bytes; Adler-32: a = 1+0+255+0+0 = 256, b = 1+256+256+256 = 769
  ///   = 0x301, so `03 01 01 00`. The stream is 2+1+4+4+4 = 15 bytes → IDAT length `00 00 00 0F`,
  ///   CRC-32 over "IDAT" and the stream = `8D 1D E5 82`;
  /// - IEND: length 0, type `49 45 4E 44`, CRC `AE 42 60 82`.
  ///
  /// The three CRCs were computed once with Python's `zlib.crc32` (an independent implementation).
  @Test("Byte-exact 1×1 RGB PNG with a stored block, derived from the spec")
  func byteExactFixture() {
    let expected: [UInt8] = [
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
      0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00,
      0x90, 0x77, 0x53, 0xDE,
      0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41, 0x54,
      0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF, 0x00, 0xFF, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00,
      0x8D, 0x1D, 0xE5, 0x82,
      0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    let image = RasterImage(width: 1, height: 1, format: .rgb8, samples: [255, 0, 0])
    let png = PNGEncoder(blockType: .stored, filter: .none).encode(image)
    #expect(png == expected)
  }

  /// Stored blocks split at 65 535 bytes; fixed-Huffman with matches of every length class and
  /// long distances; every output inflates to the input with the test's own inflater.
  @Test("Deflate round trip through an independent inflater, stored and fixed Huffman", arguments: [0, 1, 2, 3])
  func deflateRoundTrip(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    var cases: [[UInt8]] = [[], [42], Array("abcabcabcabcabcabcabcabcabc".utf8)]
    // Random bytes (incompressible), a long run, and text with repeats at large distances.
    cases.append((0..<70_000).map { _ in UInt8.random(in: 0...255, using: &rng) })
    cases.append([UInt8](repeating: 7, count: 1000))
    var text: [UInt8] = []
    let words = ["relevance", "gradient", "layer", "matrix", "rank", "one", "z+", "αβ"]
    while text.count < 50_000 {
      text += Array(words[Int.random(in: 0..<words.count, using: &rng)].utf8) + [32]
      if Int.random(in: 0..<500, using: &rng) == 0 { text += text.prefix(300) }
    }
    cases.append(text)
    for (k, data) in cases.enumerated() {
      for type in [DeflateBlockType.stored, .fixedHuffman] {
        let z = ZlibEncoder.compress(data, blockType: type)
        let back = try MiniInflate.zlib(z)
        #expect(back == data, "seed \(seed) case \(k) \(type)")
      }
    }
    let zText = ZlibEncoder.compress(text, blockType: .fixedHuffman)
    #expect(zText.count * 3 < text.count, "fixed Huffman should compress repetitive text 3×: \(zText.count) of \(text.count)")
  }

  /// A random block repeated at distance 8 000 (inside the 32 KiB window) is found by the hash
  /// chain: the stream holds the block once plus ~31 length-258 matches. Repeated at distance
  /// 33 000 (outside the window) nothing may match, and the output must still inflate.
  @Test("LZ77 window: repeats within 32 KiB are matched, repeats beyond it are not")
  func lz77Window() throws {
    var rng = SeededGenerator(seed: 11)
    let near = (0..<8_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let zNear = ZlibEncoder.compress(near + near, blockType: .fixedHuffman)
    #expect(try MiniInflate.zlib(zNear) == near + near)
    // Random literals cost ~8.5 bits each under the fixed code; the repeat costs < 1 % of that.
    #expect(zNear.count < 8_000 * 9 / 8 + 500, "\(zNear.count)")
    let far = (0..<33_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let zFar = ZlibEncoder.compress(far + far, blockType: .fixedHuffman)
    #expect(try MiniInflate.zlib(zFar) == far + far)
    #expect(zFar.count > 66_000, "no match may reach 33 000 bytes back: \(zFar.count)")
  }

  @Test("PNG round trip for gray, RGB and RGBA with every filter and block type")
  func pngRoundTrip() throws {
    for seed: UInt64 in 0..<3 {
      var rng = SeededGenerator(seed: seed)
      for format in PixelFormat.allCases {
        let (w, h) = (Int.random(in: 1...23, using: &rng), Int.random(in: 1...17, using: &rng))
        // A smooth gradient plus noise, so every filter type is a plausible winner somewhere.
        var samples: [UInt8] = []
        for y in 0..<h {
          for x in 0..<w {
            for c in 0..<format.channels {
              let smooth = (x * 9 + y * 5 + c * 40) & 0xFF
              samples.append(UInt8((smooth + Int.random(in: 0...3, using: &rng)) & 0xFF))
            }
          }
        }
        let image = RasterImage(width: w, height: h, format: format, samples: samples)
        for blockType in [DeflateBlockType.stored, .fixedHuffman] {
          for filter in [PNGFilterStrategy.none, .adaptive] {
            let png = PNGEncoder(blockType: blockType, filter: filter).encode(image)
            let decoded = try MiniPNGDecoder.decode(png)
            #expect(decoded.width == w && decoded.height == h, "seed \(seed)")
            #expect(decoded.colorType == Int(format.pngColorType))
            #expect(decoded.samples == samples, "seed \(seed) \(format) \(blockType) \(filter)")
            if filter == .none { #expect(decoded.filterTypes.allSatisfy { $0 == 0 }) }
          }
        }
      }
    }
  }

  @Test("Adaptive filtering picks Sub on a horizontal ramp and Up on a vertical one")
  func adaptiveFilterChoice() throws {
    let ramp = RasterImage(width: 16, height: 4, format: .gray8, samples: (0..<64).map { UInt8(($0 % 16) * 16) })
    let rows = try MiniPNGDecoder.decode(PNGEncoder().encode(ramp)).filterTypes
    #expect(rows.allSatisfy { $0 == 1 || $0 == 2 }, "\(rows)")
    #expect(rows[0] == 1)
    // Row y is a jagged row plus 10·y: Up leaves residual 10 everywhere, Sub leaves large jumps.
    var samples: [UInt8] = []
    for y in 0..<4 {
      for x in 0..<16 { samples.append(UInt8((x * 97 % 200) + 10 * y)) }
    }
    let vertical = RasterImage(width: 16, height: 4, format: .gray8, samples: samples)
    let vrows = try MiniPNGDecoder.decode(PNGEncoder().encode(vertical)).filterTypes
    #expect(vrows.dropFirst().allSatisfy { $0 == 2 }, "\(vrows)")
  }

  @Test("Nearest-neighbour upscaling repeats each pixel as a block")
  func upscale() {
    let image = RasterImage(width: 2, height: 1, format: .rgb8, samples: [1, 2, 3, 4, 5, 6])
    let big = image.upscaled(by: 3)
    #expect(big.width == 6 && big.height == 3)
    for y in 0..<3 {
      for x in 0..<6 { #expect(Array(big[x, y]) == (x < 3 ? [1, 2, 3] : [4, 5, 6])) }
    }
  }
}
