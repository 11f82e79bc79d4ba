import Foundation
import Symbolic
import Testing

/// The written proofs in `Proofs/` and the machine checks they cite.
///
/// Every `Proofs/*.md` except the index ends with a line `Checked by: …` whose backticked items
/// are either `bpaudit prove` obligation ids (no `/`) or test names `Target/Suite/function`. The
/// tests below fail when a file has no such line, cites an obligation that is not in
/// `ProofObligations.all` or a test that does not exist, when a cited obligation is not met, or when
/// the index `Proofs/README.md` does not list a file.
@Suite struct ProofsCitationTests {
  /// One proof file and what its `Checked by:` line cites.
  struct Citation {
    let file: String
    let obligations: [String]
    let tests: [String]
  }

  private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  private static let proofsDirectory = packageRoot.appendingPathComponent("Proofs")

  private static func proofFiles() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: proofsDirectory, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "md" && $0.lastPathComponent != "README.md" }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  /// The backticked items of the last non-empty line, which must start with `Checked by:`.
  static func citation(of url: URL) throws -> Citation? {
    let text = try String(contentsOf: url, encoding: .utf8)
    guard let last = text.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
      last.hasPrefix("Checked by:")
    else { return nil }
    let items = last.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    return Citation(
      file: url.lastPathComponent, obligations: items.filter { !$0.contains("/") },
      tests: items.filter { $0.contains("/") })
  }

  @Test func everyProofFileEndsWithACheckedByLine() throws {
    let files = try Self.proofFiles()
    #expect(files.count >= 8, "expected the proof files in \(Self.proofsDirectory.path)")
    for url in files {
      let citation = try Self.citation(of: url)
      #expect(citation != nil, "\(url.lastPathComponent): the last line must start with 'Checked by:'")
      #expect((citation?.obligations.count ?? 0) + (citation?.tests.count ?? 0) > 0, "\(url.lastPathComponent): cites nothing")
    }
  }

  @Test func citedObligationsExistAndAreMet() throws {
    let known = Set(ProofObligations.all.map(\.id))
    var checked: [String: ProofResult] = [:]
    for url in try Self.proofFiles() {
      guard let citation = try Self.citation(of: url) else { continue }
      for id in citation.obligations {
        guard known.contains(id), let obligation = ProofObligations.obligation(id) else {
          Issue.record("\(citation.file) cites unknown obligation '\(id)'")
          continue
        }
        let result = checked[id] ?? obligation.check()
        checked[id] = result
        #expect(result.met, "\(citation.file): \(result)")
      }
    }
    #expect(!checked.isEmpty)
  }

  @Test func citedTestsExist() throws {
    for url in try Self.proofFiles() {
      guard let citation = try Self.citation(of: url) else { continue }
      for name in citation.tests {
        let parts = name.split(separator: "/").map(String.init)
        guard parts.count == 3 else {
          Issue.record("\(citation.file): test '\(name)' is not Target/Suite/function")
          continue
        }
        let directory = Self.packageRoot.appendingPathComponent("Tests").appendingPathComponent(parts[0])
        let sources = (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects ?? [])
          .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
          .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
        let found = sources.contains { $0.contains("struct \(parts[1])") && $0.contains("func \(parts[2])(") }
        #expect(found, "\(citation.file) cites test '\(name)', not found under Tests/\(parts[0])")
      }
    }
  }

  @Test func indexListsEveryFile() throws {
    let index = try String(contentsOf: Self.proofsDirectory.appendingPathComponent("README.md"), encoding: .utf8)
    for url in try Self.proofFiles() {
      #expect(index.contains("(\(url.lastPathComponent))"), "Proofs/README.md does not link \(url.lastPathComponent)")
    }
  }
}
