import Foundation
import Synchronization
import Testing

@testable import BPCommandLine

/// Captures what a command writes.
final class Capture: Sendable {
  let out = Mutex("")
  let err = Mutex("")
  var io: CommandIO {
    CommandIO(
      out: { text in self.out.withLock { $0 += text } },
      err: { text in self.err.withLock { $0 += text } }, stderrIsTerminal: false)
  }
  var stdout: String { out.withLock { $0 } }
  var stderr: String { err.withLock { $0 } }
}

@Suite struct CommandLineTests {
  @Test func noArgumentsPrintsOverview() {
    let c = Capture()
    #expect(BPCommandLine.run([], io: c.io) == 0)
    #expect(c.stdout.contains("USAGE: bpaudit <command>"))
  }

  @Test func unknownCommandIsUsageError() {
    let c = Capture()
    #expect(BPCommandLine.run(["frobnicate"], io: c.io) == 2)
    #expect(c.stderr == "bpaudit: unknown command 'frobnicate' (see bpaudit help)\n")
  }

  @Test func parserHandlesFormsAndErrors() throws {
    let spec = CommandSpec(name: "t", abstract: "", options: [
      .value("model", "FILE", "m", required: true), .value("seed", "S", "s"), .flag("json", "j"),
      .value("method", "NAME", "x", repeatable: true),
    ])
    let p = try ParsedArguments(["--model", "a.json", "--seed=3", "--json", "--method", "a", "--method", "b"], spec: spec)
    #expect(p.string("model") == "a.json")
    #expect(try p.int("seed", default: 0) == 3)
    #expect(p.has("json"))
    #expect(p.strings("method") == ["a", "b"])
    #expect(throws: UsageError.self) { try ParsedArguments(["--seed", "1"], spec: spec) }
    #expect(throws: UsageError.self) { try ParsedArguments(["--model", "a", "--bogus"], spec: spec) }
    #expect(throws: UsageError.self) { try ParsedArguments(["--model"], spec: spec) }
    #expect(throws: UsageError.self) { try ParsedArguments(["--model", "a", "--json=1"], spec: spec) }
    let bad = try ParsedArguments(["--model", "a", "--seed", "x"], spec: spec)
    #expect(throws: UsageError.self) { try bad.int("seed", default: 0) }
  }

  @Test func wrappingKeepsWordsAndWidth() {
    let text = "aaa bbb cccc dd e ffffffffffffffff g"
    let lines = HelpText.wrap(text, width: 10)
    #expect(lines == ["aaa bbb", "cccc dd e", "ffffffffffffffff", "g"])
    #expect(HelpText.wrap("", width: 10) == [""])
    #expect(HelpText.hanging("  --x", "one two three", column: 8).first == "  --x   one two three")
    #expect(HelpText.hanging("  --long-option", "t", column: 8) == ["  --long-option", "        t"])
  }
}

/// Golden files of the help: `Golden/help.txt` is `bpaudit help`, `Golden/<command>.txt` is
/// `bpaudit <command> --help`, for every command of `BPCommandLine.commands`.
///
/// After changing a command's option table (or adding a command), regenerate them with ONE command
/// from the package root, then review the diff:
///
///     BPAUDIT_UPDATE_GOLDEN=1 swift test --filter HelpGolden
///
/// In that mode the test writes every file (and deletes golden files of commands that no longer
/// exist) instead of comparing.
@Suite("HelpGolden") struct HelpGoldenTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
  static var updating: Bool { ProcessInfo.processInfo.environment["BPAUDIT_UPDATE_GOLDEN"] == "1" }

  /// The expected files: name → the text the CLI prints.
  static func rendered() -> [String: String] {
    var files: [String: String] = [:]
    let c = Capture()
    _ = BPCommandLine.run(["help"], io: c.io)
    files["help.txt"] = c.stdout
    for command in BPCommandLine.commands {
      let c = Capture()
      _ = BPCommandLine.run([command.spec.name, "--help"], io: c.io)
      files["\(command.spec.name).txt"] = c.stdout
    }
    return files
  }

  @Test("Every help text equals its golden file (BPAUDIT_UPDATE_GOLDEN=1 rewrites them)")
  func helpMatchesGoldenFiles() throws {
    let files = Self.rendered()
    let fm = FileManager.default
    let existing = Set((try? fm.contentsOfDirectory(atPath: Self.directory.path))?.filter { $0.hasSuffix(".txt") } ?? [])
    if Self.updating {
      try fm.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      for (name, text) in files { try Data(text.utf8).write(to: Self.directory.appendingPathComponent(name), options: .atomic) }
      for stale in existing.subtracting(files.keys) { try fm.removeItem(at: Self.directory.appendingPathComponent(stale)) }
      return
    }
    let regenerate = "regenerate with: BPAUDIT_UPDATE_GOLDEN=1 swift test --filter HelpGolden"
    #expect(existing == Set(files.keys), "golden files differ from the command list; \(regenerate)")
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
      let golden = try? String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
      #expect(golden == text, "Golden/\(name) is stale; \(regenerate)")
    }
  }

  @Test("`help <command>` prints the same text as `<command> --help`, lines ≤ 100 columns")
  func helpCommandAgreesWithFlag() {
    for command in BPCommandLine.commands {
      let a = Capture(), b = Capture()
      #expect(BPCommandLine.run(["help", command.spec.name], io: a.io) == 0)
      #expect(BPCommandLine.run([command.spec.name, "-h"], io: b.io) == 0)
      #expect(a.stdout == b.stdout, "\(command.spec.name)")
      for line in a.stdout.split(separator: "\n") where line.count > HelpText.width {
        // Only an unbreakable word may overflow.
        #expect(!line.trimmingCharacters(in: .whitespaces).contains(" "), "\(command.spec.name): \(line)")
      }
    }
  }

  /// The shared vocabulary of the common brief (and the options every model-reading command
  /// shares): the same name takes the same kind of value in every command that has it.
  static let sharedOptions = [
    "net", "method", "json", "seed", "threads", "model", "weights", "input", "input-key", "convention", "images",
    "target", "layer", "inject", "param",
  ]

  @Test("A shared option takes the same value placeholder (or is a flag) in every command")
  func sharedOptionPlaceholdersAreConsistent() {
    var seen: [String: (placeholder: String, command: String)] = [:]
    for command in BPCommandLine.commands {
      for o in command.spec.options + GlobalOptions.specs where Self.sharedOptions.contains(o.name) {
        let placeholder = o.valueName ?? "(flag)"
        if let first = seen[o.name] {
          #expect(first.placeholder == placeholder,
                  "--\(o.name) is \(first.placeholder) in \(first.command) but \(placeholder) in \(command.spec.name)")
        } else {
          seen[o.name] = (placeholder, command.spec.name)
        }
      }
    }
  }

  @Test("--out and --output name the same option in every command that declares one of them")
  func outputSynonyms() throws {
    let spec = CommandSpec(name: "t", abstract: "", options: [.value("output", "FILE", "o")])
    #expect(try ParsedArguments(["--out", "a"], spec: spec).string("output") == "a")
    #expect(try ParsedArguments(["--output=b"], spec: spec).string("output") == "b")
    #expect(throws: UsageError.self) { try ParsedArguments(["--out", "a", "--output", "b"], spec: spec) }
    #expect(HelpText.command(spec).contains("(also --out)"))
    let both = CommandSpec(name: "u", abstract: "", options: [.value("output", "FILE", "o"), .value("out", "DIR", "d")])
    #expect(try ParsedArguments(["--out", "a"], spec: both).string("output") == nil)
    #expect(!HelpText.command(both).contains("(also"))
  }
}
