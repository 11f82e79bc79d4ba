import Foundation
import Networks
import Testing
import _BPTestSupport

@testable import BPCommandLine

/// The `bpaudit` executable built beside the test bundle (or in this package's `.build/debug`),
/// or `nil` when it has not been built.
func builtBinary() -> URL? {
  let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("bpaudit")
  let inPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/bpaudit")
  return [besideTests, inPackage].first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Runs the built binary with `arguments` (and `environment` added to the process's own);
/// `interruptAfter` sends SIGINT after that many seconds.
func runBinary(_ arguments: [String], environment: [String: String] = [:], interruptAfter: Double? = nil) throws -> (
  status: Int32, reason: Process.TerminationReason, stderr: String
) {
  struct NotBuilt: Error {}
  guard let binary = builtBinary() else { throw NotBuilt() }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let err = Pipe()
  process.standardError = err
  process.standardOutput = FileHandle.nullDevice
  try process.run()
  if let delay = interruptAfter {
    Thread.sleep(forTimeInterval: delay)
    process.interrupt()
  }
  let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, process.terminationReason, text)
}

@Suite struct HardeningCommandLineTests {
  func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bp-hardening-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  // MARK: - global options (parsed in process, never applied here: that would change the process)

  @Test func globalOptionsAreAcceptedByEveryCommand() throws {
    for command in BPCommandLine.commands {
      let required = command.spec.options.filter(\.isRequired).flatMap { ["--\($0.name)", "v"] }
      let parsed = try ParsedArguments(required + ["--threads", "2", "--memory-limit=8GB"], spec: command.spec)
      let options = try GlobalOptions(parsed)
      #expect(options.threads == 2 && options.memoryBudget?.bytes == 8_000_000_000, "\(command.spec.name)")
      #expect(HelpText.command(command.spec).contains("GLOBAL OPTIONS:\n  --threads N"))
    }
    let none = try GlobalOptions(ParsedArguments([], spec: TrainCommand.spec))
    #expect(none.threads == nil && none.memoryBudget == nil)
  }

  @Test(arguments: [
    (["train", "--threads", "0"], "train: --threads: expected an integer in [1, 1024], got '0'\n"),
    (["train", "--memory-limit", "lots"], "train: --memory-limit: expected a size such as 8000000000, 8GB or 512MiB, got 'lots'\n"),
    (["forward", "--threads"], "forward: --threads expects a value (N)\n"),
  ])
  func badGlobalOptionsAreUsageErrors(arguments: [String], message: String) {
    let c = Capture()
    #expect(BPCommandLine.run(arguments, io: c.io) == 2)
    #expect(c.stderr == "bpaudit: " + message)
  }

  /// Stored fuzz regressions of the argument parser (first byte picks the command, arguments are
  /// NUL-separated, as in `Fuzz/Sources/fuzz-cli-arguments`): a usage error or clean values.
  @Test func storedArgumentFuzzInputs() throws {
    let dir = Fixtures.url("fuzz-regressions/fuzz-cli-arguments")
    for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? [] {
      let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
      guard let first = bytes.first else { continue }
      let spec = BPCommandLine.commands[Int(first) % BPCommandLine.commands.count].spec
      let arguments = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
      }
      guard let parsed = try? ParsedArguments(arguments, spec: spec) else { continue }
      _ = try? GlobalOptions(parsed)
      for option in spec.options { _ = try? parsed.int(option.name, default: 0, in: 1...10_000) }
    }
  }

  // MARK: - numerical edge cases

  @Test func nanInputsAreRefusedWithOneLine() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("nan.safetensors")
    var x = Tensor(shape: [2, 5], repeating: 0.5)
    x.scalars[7] = .nan
    try SafeTensors.write([("x", .float32(x))], to: input)
    let out = dir.appendingPathComponent("logits.safetensors")
    let c = Capture()
    let code = BPCommandLine.run(
      [
        "forward", "--model", Fixtures.url("tiny_mlp.json").path, "--weights", Fixtures.url("tiny_mlp.safetensors").path,
        "--input", input.path, "--output", out.path,
      ], io: c.io)
    #expect(code == 2)
    #expect(c.stderr == "bpaudit: \(input.path): x: expected finite values, got nan at flat index 7\n")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  // MARK: - the built binary

  @Test(.enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"))
  func sigintExits130AndLeavesNoOutput() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try runBinary(
      ["train", "--dataset", "synthetic-small", "--samples", "20000", "--epochs", "1000", "--out", dir.path + "/model"],
      interruptAfter: 2)
    #expect(run.reason == .exit && run.status == 130, "\(run.reason) \(run.status) \(run.stderr)")
    #expect(run.stderr.hasSuffix("bpaudit: interrupted\n"), "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test(.enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"))
  func trainingIsBitwiseIdenticalForOneAndTwoThreads() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var files: [Data] = []
    // --threads 1, --threads 2, and BPAUDIT_THREADS=1 without the option.
    for (name, threads, environment) in [("a", ["--threads", "1"], [:]), ("b", ["--threads", "2"], [:]), ("c", [], ["BPAUDIT_THREADS": "1"])] {
      let prefix = dir.path + "/" + name
      let run = try runBinary(
        [
          "train", "--dataset", "synthetic-small", "--samples", "320", "--epochs", "1", "--batch-size", "128",
          "--seed", "4", "--out", prefix,
        ] + threads, environment: environment)
      #expect(run.status == 0, "\(run.stderr)")
      files.append(try Data(contentsOf: URL(fileURLWithPath: prefix + ".safetensors")))
    }
    #expect(files.count == 3 && files[0] == files[1] && files[0] == files[2])
  }

  @Test(.enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"))
  func memoryLimitRefusesTheModelWithItsSize() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("logits.safetensors")
    let run = try runBinary([
      "forward", "--memory-limit", "1000", "--model", Fixtures.url("tiny_cnn.json").path,
      "--weights", Fixtures.url("tiny_cnn.safetensors").path, "--input", Fixtures.url("tiny_cnn.inputs.safetensors").path,
      "--output", out.path,
    ])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("bpaudit: \(Fixtures.url("tiny_cnn.json").path): layers: expected at most 1.00 KB (1000 bytes"))
    #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
