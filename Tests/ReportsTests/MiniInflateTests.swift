import Foundation
import Testing
import _BPTestSupport

/// The test inflater itself, on a stream written by another implementation.
@Suite("MiniInflate")
struct MiniInflateTests {
  /// `zlib.compress(data, 9)` from Python 3.11's zlib (a dynamic-Huffman block, BTYPE = 2), where
  /// `data` is 60 phrases "the quick brown fox {i² mod 97} jumps over the lazy dog; ", i = 0 … 59.
  static let pythonStream =
    "eNq1lEkOAjEMBL/iJ5DVjngNy7BDYJhhez2IIwekOuQYqWV1yt0eNp1cxu1iL/O+3k+yqg+ZyG48nq9Sb10vw0dwmL2esqzr6ff1K3dMHpm8QDOZ6X1i+gDnR+g/QzwG6QeIB9qJyvTqoR/4W0gnw/mFpgfiV1pF6D9BP4Wmn5ad3hLqH/pJkL/BuMH4eNgug34SxONh3IweQ3rcIE8H5xuMf6Z1gfsKkL+j+YTtgm00uC6F8VE6PzTWN/4v5Un3ldumjaaZtoW28V/b36U98ks="

  @Test("Inflates a dynamic-Huffman zlib stream written by Python's zlib")
  func dynamicHuffman() throws {
    let stream = [UInt8](try #require(Data(base64Encoded: Self.pythonStream)))
    #expect((stream[2] >> 1) & 3 == 2, "the first block is dynamic")
    let expected = (0..<60).map { "the quick brown fox \($0 * $0 % 97) jumps over the lazy dog; " }.joined()
    let out = try MiniInflate.zlib(stream)
    #expect(String(decoding: out, as: UTF8.self) == expected)
    #expect(out.count == 2871)
  }
}
