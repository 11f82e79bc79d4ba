import Foundation
import Matrices
import Testing

@testable import Networks

/// `ResultStore` (the `--resume` store) and `AtomicFile`'s several-file write.
@Suite struct HardeningResultStoreTests {
  struct Item: Codable, Equatable {
    var values: [Double]
    var label: String
  }

  func directory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bp-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  func context(seed: String = "0") -> ResultStore.Context {
    ResultStore.Context(version: "1.0", command: "csc", parameters: ["seed": seed, "net": "random-mlp"])
  }

  func listing(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

  @Test func aSecondRunReusesEveryStoredItemAndComputesOnlyTheMissingOnes() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try ResultStore(directory: dir, context: context(), registry: TemporaryFileRegistry())
    for k in 0..<3 { _ = try first.value("item\(k)") { Item(values: [Double(k)], label: "k\(k)") } }
    #expect(first.counts == ResultStore.Counts(reused: 0, computed: 3, mismatched: 0, unreadable: 0))
    #expect(try listing(dir).count == 3)
    // "Interrupted after two items": the third item's file is gone.
    let third = try #require(try listing(dir).first { $0.hasPrefix("csc.item2.") })
    try FileManager.default.removeItem(at: dir.appendingPathComponent(third))
    let second = try ResultStore(directory: dir, context: context(), registry: TemporaryFileRegistry())
    var computed: [String] = []
    for k in 0..<3 {
      let item = try second.value("item\(k)") { () -> Item in
        computed.append("item\(k)")
        return Item(values: [Double(k)], label: "k\(k)")
      }
      #expect(item == Item(values: [Double(k)], label: "k\(k)"))
    }
    #expect(computed == ["item2"])
    #expect(second.counts == ResultStore.Counts(reused: 2, computed: 1, mismatched: 0, unreadable: 0))
    #expect(second.summary == "resume \(dir.path): 2 reused, 1 computed")
  }

  @Test func resultsOfOtherParametersAreNotReusedAndNamed() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try ResultStore(directory: dir, context: context(seed: "0"), registry: TemporaryFileRegistry()).value("a") { 1.5 }
    let other = try ResultStore(directory: dir, context: context(seed: "1"), registry: TemporaryFileRegistry())
    var calls = 0
    let value = try other.value("a") { () -> Double in
      calls += 1
      return 2.5
    }
    #expect(value == 2.5 && calls == 1)
    #expect(other.counts == ResultStore.Counts(reused: 0, computed: 1, mismatched: 1, unreadable: 0))
    #expect(other.notes == ["csc a: the stored result has other parameters (--seed); recomputed"])
    #expect(other.summary.hasSuffix("0 reused, 1 computed, 1 stored with other parameters (not reused)"))
    // Another tool version is another context as well.
    var newer = context(seed: "0")
    newer.version = "2.0"
    #expect(ResultStore.differences(context(seed: "0"), newer) == ["version"])
    #expect(ResultStore.key(context(seed: "0"), item: "a") != ResultStore.key(newer, item: "a"))
  }

  @Test func storedDoublesRoundTripBitwise() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for seed in UInt64(0)..<4 {
      var g = SeededGenerator(seed: seed)
      var values: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, 1e-30, 1e30, .pi]
      values += (0..<200).map { _ in Double(bitPattern: g.next() & ~(0x7ff << 52) | (UInt64.random(in: 1...0x7fe, using: &g) << 52)) }
      values += (0..<50).map { _ in Double(Float(bitPattern: UInt32(truncatingIfNeeded: g.next()) & 0x7f7f_ffff)) }
      values += [.infinity, -.infinity]
      let store = try ResultStore(directory: dir, context: context(seed: "\(seed)"), registry: TemporaryFileRegistry())
      _ = try store.value("doubles") { Item(values: values + [.nan], label: "x") }
      let again = try ResultStore(directory: dir, context: context(seed: "\(seed)"), registry: TemporaryFileRegistry())
      let loaded = try again.value("doubles") { Item(values: [], label: "recomputed") }
      #expect(again.counts.reused == 1, "seed \(seed)")
      #expect(loaded.values.dropLast().map(\.bitPattern) == values.map(\.bitPattern), "seed \(seed)")
      #expect(loaded.values.last!.isNaN, "seed \(seed)")
    }
  }

  @Test func anUnreadableStoredFileIsRecomputed() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = try ResultStore(directory: dir, context: context(), registry: TemporaryFileRegistry())
    try Data("{\"context\": 1".utf8).write(to: dir.appendingPathComponent(store.fileName("a")))
    #expect(try store.value("a") { 7 } == 7)
    #expect(store.counts == ResultStore.Counts(reused: 0, computed: 1, mismatched: 0, unreadable: 1))
    #expect(try ResultStore(directory: dir, context: context(), registry: TemporaryFileRegistry()).value("a") { 8 } == 7)
  }

  @Test func anInterruptedStoreWritesNothing() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let registry = TemporaryFileRegistry()
    let store = try ResultStore(directory: dir, context: context(), registry: registry)
    _ = try store.value("a") { 1 }
    registry.abandonAll()
    #expect(throws: ModelFileError.self) { _ = try store.value("b") { 2 } }
    #expect(try listing(dir) == [store.fileName("a")])
  }

  @Test func theDisabledStoreAlwaysComputes() throws {
    let store = ResultStore.disabled
    var calls = 0
    for _ in 0..<2 {
      _ = try store.value("a") { () -> Int in
        calls += 1
        return calls
      }
    }
    #expect(calls == 2 && store.counts.computed == 2 && store.directory == nil)
  }

  // MARK: - several files at once

  @Test func aFailingFileLeavesTheOldFilesAndNoTemporaries() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("a.txt")
    let b = dir.appendingPathComponent("b.txt")
    let registry = TemporaryFileRegistry()
    try AtomicFile.write([(a, Data("old a".utf8)), (b, Data("old b".utf8))], registry: registry)
    // The second destination cannot be written (its directory does not exist): nothing changes.
    let missing = dir.appendingPathComponent("no/such/c.txt")
    #expect(throws: ModelFileError.self) {
      try AtomicFile.write([(a, Data("new a".utf8)), (missing, Data("new c".utf8))], registry: registry)
    }
    #expect(try String(contentsOf: a, encoding: .utf8) == "old a")
    // A directory in the way of the second rename: the first file is replaced, the second keeps
    // its old contents (here: the directory), and no temporary remains.
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("d.txt/inner"), withIntermediateDirectories: true)
    #expect(throws: ModelFileError.self) {
      try AtomicFile.write([(a, Data("new a".utf8)), (dir.appendingPathComponent("d.txt"), Data("x".utf8)), (b, Data("new b".utf8))], registry: registry)
    }
    #expect(try String(contentsOf: a, encoding: .utf8) == "new a")
    #expect(try String(contentsOf: b, encoding: .utf8) == "old b")
    #expect(try listing(dir) == ["a.txt", "b.txt", "d.txt"])
    #expect(registry.pending.isEmpty)
  }

  @Test func anAbandonedRegistryStopsASeveralFileWrite() throws {
    let dir = try directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let registry = TemporaryFileRegistry()
    registry.abandonAll()
    let e = #expect(throws: ModelFileError.self) {
      try AtomicFile.write([(dir.appendingPathComponent("a"), Data([1]))], registry: registry)
    }
    #expect(e?.description.hasSuffix("got an interrupted run (SIGINT)") == true)
    #expect(try listing(dir).isEmpty)
  }
}
