import Foundation
import Networks
import Testing

/// Atomic writes: a failing or interrupted write leaves the old file intact and no temporary file
/// behind.
@Suite struct HardeningAtomicWriteTests {
  struct ProducerFailed: Error {}

  func directoryWithOldFile() throws -> (dir: URL, file: URL, old: Data) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bp-atomic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("result.safetensors")
    let old = Data("old complete result".utf8)
    try AtomicFile.write(old, to: file, registry: TemporaryFileRegistry())
    return (dir, file, old)
  }

  func listing(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

  @Test func aProducerFailingHalfwayLeavesTheOldFile() throws {
    let (dir, file, old) = try directoryWithOldFile()
    defer { try? FileManager.default.removeItem(at: dir) }
    let registry = TemporaryFileRegistry()
    #expect(throws: ProducerFailed.self) {
      try AtomicFile.write(to: file, registry: registry) { handle in
        try handle.write(contentsOf: Data(repeating: 7, count: 100_000))
        // The temporary file exists beside the destination while it is written.
        #expect(registry.pending.count == 1 && registry.pending[0].hasPrefix(dir.path + "/.result.safetensors."))
        #expect(FileManager.default.fileExists(atPath: registry.pending[0]))
        throw ProducerFailed()
      }
    }
    #expect(try Data(contentsOf: file) == old)
    #expect(try listing(dir) == ["result.safetensors"])
    #expect(registry.pending.isEmpty)
  }

  @Test func anInterruptionDuringTheWriteDeletesTheTemporaryFile() throws {
    let (dir, file, old) = try directoryWithOldFile()
    defer { try? FileManager.default.removeItem(at: dir) }
    let registry = TemporaryFileRegistry()
    let e = #expect(throws: ModelFileError.self) {
      try AtomicFile.write(to: file, registry: registry) { handle in
        try handle.write(contentsOf: Data(repeating: 1, count: 1000))
        // SIGINT arrives mid-write: the handler abandons the registry.
        let deleted = registry.abandonAll()
        #expect(deleted.count == 1 && !FileManager.default.fileExists(atPath: deleted[0]))
        try handle.write(contentsOf: Data(repeating: 2, count: 1000))
      }
    }
    #expect(e?.description.hasSuffix("got an interrupted run (SIGINT)") == true, "\(String(describing: e))")
    #expect(try Data(contentsOf: file) == old)
    #expect(try listing(dir) == ["result.safetensors"])
    // Every later write through the abandoned registry fails before creating anything.
    #expect(throws: ModelFileError.self) { try AtomicFile.write(Data([1]), to: dir.appendingPathComponent("new"), registry: registry) }
    #expect(try listing(dir) == ["result.safetensors"])
  }

  @Test func aMissingDirectoryIsAOneLineError() throws {
    let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/out.safetensors")
    let e = #expect(throws: ModelFileError.self) { try AtomicFile.write(Data([1]), to: url, registry: TemporaryFileRegistry()) }
    #expect(e?.description == "\(url.path): file: expected a writable path, got no such directory")
  }

  @Test func aSuccessfulWriteReplacesTheFile() throws {
    let (dir, file, _) = try directoryWithOldFile()
    defer { try? FileManager.default.removeItem(at: dir) }
    try SafeTensors.write([("x", .float32(Tensor(shape: [2], scalars: [1, 2])))], to: file)
    #expect(try SafeTensorsFile(contentsOf: file).tensor(named: "x").scalars == [1, 2])
    #expect(try listing(dir) == ["result.safetensors"])
  }
}
