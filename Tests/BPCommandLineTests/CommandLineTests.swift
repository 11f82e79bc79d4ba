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
}
