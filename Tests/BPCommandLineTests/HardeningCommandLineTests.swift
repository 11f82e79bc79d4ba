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
/// `interruptAfter` sends SIGINT after that many seconds, or once `interruptWhen` (polled every
/// 50 ms) holds; `interruptedAt` is the time elapsed from the SIGINT to the exit.
func runBinary(
  _ arguments: [String], environment: [String: String] = [:], interruptAfter: Double? = nil,
  interruptWhen: (() -> Bool)? = nil
) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String, stdout: String, exitDelay: Double?) {
  struct NotBuilt: Error {}
  guard let binary = builtBinary() else { throw NotBuilt() }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let err = Pipe()
  process.standardError = err
  // Standard output goes to a file: two pipes read one after the other could deadlock.
  let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("bp-stdout-\(UUID().uuidString)")
  try Data().write(to: outURL)
  defer { try? FileManager.default.removeItem(at: outURL) }
  let out = try FileHandle(forWritingTo: outURL)
  process.standardOutput = out
  try process.run()
  var interrupted: Date?
  if let delay = interruptAfter {
    Thread.sleep(forTimeInterval: delay)
    interrupted = Date()
    process.interrupt()
  } else if let condition = interruptWhen {
    while process.isRunning && !condition() { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      interrupted = Date()
      process.interrupt()
    }
  }
  let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  let delay = interrupted.map { Date().timeIntervalSince($0) }
  try out.close()
  let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
  return (process.terminationStatus, process.terminationReason, text, stdout, delay)
}

/// `json` re-serialised with sorted keys and without wall-clock fields (any key containing
/// `seconds`, and `timings`), for comparing the numbers of two runs bitwise.
func withoutTimings(_ json: String) throws -> Data {
  func strip(_ value: Any) -> Any {
    if let object = value as? [String: Any] {
      var kept: [String: Any] = [:]
      for (key, v) in object where !key.lowercased().contains("seconds") && key != "timings" { kept[key] = strip(v) }
      return kept
    }
    if let array = value as? [Any] { return array.map(strip) }
    return value
  }
  let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
  return try JSONSerialization.data(withJSONObject: strip(object), options: [.sortedKeys])
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

  // MARK: - --resume

  /// The files a `--resume` directory holds for `item` prefix `prefix`.
  func stored(_ dir: URL, prefix: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(prefix) }.sorted()
  }

  @Test func cscResumedAfterAnInterruptionEqualsAnUninterruptedRun() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = ["csc", "--net", "random-mlp", "--images", "3", "--vectors", "3", "--method", "lrp-epsilon", "--json"]
    let plain = Capture()
    #expect(BPCommandLine.run(args, io: plain.io) == 0, "\(plain.stderr)")
    // Every profile counts its stabilised denominators and every point its NaN cosines.
    let object = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
    let profiles = try #require(object["profiles"] as? [[String: Any]])
    #expect(profiles.count == 4 && profiles.allSatisfy { $0["stabilised"] is Int })
    #expect(profiles.allSatisfy { ($0["points"] as? [[String: Any]])?.allSatisfy { $0["n_nan"] is Int } == true })
    let first = Capture()
    #expect(BPCommandLine.run(args + ["--resume", dir.path], io: first.io) == 0, "\(first.stderr)")
    #expect(first.stderr == "resume \(dir.path): 0 reused, 4 computed\n")
    #expect(try withoutTimings(first.stdout) == withoutTimings(plain.stdout))
    // Interrupted after two of the four injection layers: the last two results are missing.
    let files = try stored(dir, prefix: "csc.inject=")
    #expect(files.count == 4)
    let missing = files.filter { $0.hasPrefix("csc.inject=fc3.") || $0.hasPrefix("csc.inject=fc2.") }
    #expect(missing.count == 2)
    for name in missing { try FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
    let resumed = Capture()
    #expect(BPCommandLine.run(args + ["--resume", dir.path], io: resumed.io) == 0)
    #expect(resumed.stderr == "resume \(dir.path): 2 reused, 2 computed\n")
    #expect(try withoutTimings(resumed.stdout) == withoutTimings(plain.stdout))
    #expect(try stored(dir, prefix: "csc.inject=") == files)
    // Other parameters: nothing is reused, and the message says why.
    let other = Capture()
    #expect(BPCommandLine.run(args + ["--resume", dir.path, "--seed", "1"], io: other.io) == 0)
    #expect(other.stderr.contains("resume: csc inject=fc4: the stored result has other parameters (--seed); recomputed\n"), "\(other.stderr)")
    #expect(other.stderr.hasSuffix("0 reused, 4 computed, 4 stored with other parameters (not reused)\n"), "\(other.stderr)")
  }

  @Test func checkResumesTheTheoryStep() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ruleFile = dir.appendingPathComponent("rule.txt")
    try Data("R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])\n".utf8).write(to: ruleFile)
    let store = dir.appendingPathComponent("store")
    let args = [
      "check", "--rule-file", ruleFile.path, "--param", "eps=0.5", "--quick", "--experiment", "none", "--json", "--resume", store.path,
    ]
    let first = Capture()
    let code = BPCommandLine.run(args, io: first.io)
    // Check's items: its theory steps and the catalogue profiles.
    let items = try stored(store, prefix: "check.").count
    #expect(items >= 1)
    #expect(first.stderr == "resume \(store.path): 0 reused, \(items) computed\n")
    let second = Capture()
    #expect(BPCommandLine.run(args, io: second.io) == code)
    #expect(second.stderr == "resume \(store.path): \(items) reused, 0 computed\n")
    #expect(try withoutTimings(second.stdout) == withoutTimings(first.stdout))
    // Another rule under the same file name is another input: its file hash differs.
    try Data("R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]) + 0*eps)*R[j])\n".utf8).write(to: ruleFile)
    let changed = Capture()
    _ = BPCommandLine.run(args, io: changed.io)
    #expect(
      changed.stderr.hasSuffix("0 reused, \(items) computed, \(items) stored with other parameters (not reused)\n"), "\(changed.stderr)")
    #expect(changed.stderr.contains("(--rule-file)"), "\(changed.stderr)")
  }

  @Test func reportResumesSanityAndCSCItems() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = dir.appendingPathComponent("store")
    let args = [
      "report", "--quick", "--net", "random-mlp", "--method", "gradient", "--method", "lrp-epsilon", "--images", "3",
      "--json", "--resume", store.path,
    ]
    let first = Capture()
    #expect(BPCommandLine.run(args + ["--out", dir.appendingPathComponent("a").path], io: first.io) == 0, "\(first.stderr)")
    #expect(first.stderr == "resume \(store.path): 0 reused, 3 computed\n")
    #expect(try stored(store, prefix: "report.").map { $0.split(separator: ".")[1] } == ["csc-random-mlp-gradient", "csc-random-mlp-lrp-epsilon", "sanity-random-mlp"])
    for name in try stored(store, prefix: "report.csc-random-mlp-lrp-epsilon.") {
      try FileManager.default.removeItem(at: store.appendingPathComponent(name))
    }
    let resumed = Capture()
    #expect(BPCommandLine.run(args + ["--out", dir.appendingPathComponent("b").path], io: resumed.io) == 0)
    #expect(resumed.stderr == "resume \(store.path): 2 reused, 1 computed\n")
    #expect(try withoutTimings(resumed.stdout) == withoutTimings(first.stdout))
  }

  // MARK: - SIGINT in multi-threaded runs

  /// Every file in `dir` and below.
  func allFiles(_ dir: URL) -> [String] {
    (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).sorted()
  }

  @Test(.enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"))
  func sigintDuringCSCStopsPromptlyAndKeepsOnlyCompleteItems() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // Interrupted once the first injection layer's result is stored, inside the next layer's
    // concurrentPerform-parallel propagation.
    let run = try runBinary(
      ["csc", "--net", "random-cnn", "--images", "2", "--vectors", "2", "--method", "lrp-epsilon", "--resume", dir.path],
      interruptWhen: { (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.contains { $0.hasSuffix(".json") } == true })
    #expect(run.reason == .exit && run.status == 130, "\(run.reason) \(run.status) \(run.stderr)")
    #expect(run.stderr.hasSuffix("bpaudit: interrupted\n"), "\(run.stderr)")
    #expect((run.exitDelay ?? 0) < 2, "exit \(run.exitDelay ?? -1) s after SIGINT")
    let files = allFiles(dir)
    #expect(!files.isEmpty && files.allSatisfy { $0.hasPrefix("csc.inject=") && $0.hasSuffix(".json") }, "\(files)")
    for name in files {
      #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name)))) != nil, "\(name)")
    }
  }

  @Test(
    .enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"),
    arguments: [
      ["report", "--quick", "--net", "random-cnn", "--out", "OUT"],
      ["sanity", "--net", "random-cnn", "--images", "8", "--resamples", "100"],
    ])
  func sigintDuringAMultiThreadedRunStopsPromptlyAndLeavesNoFiles(arguments: [String]) throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = arguments.map { $0 == "OUT" ? dir.appendingPathComponent("out").path : $0 }
    let run = try runBinary(args, interruptAfter: 1)
    #expect(run.reason == .exit && run.status == 130, "\(arguments[0]): \(run.reason) \(run.status) \(run.stderr)")
    #expect(run.stderr.hasSuffix("bpaudit: interrupted\n"), "\(run.stderr)")
    #expect((run.exitDelay ?? 0) < 2, "\(arguments[0]): exit \(run.exitDelay ?? -1) s after SIGINT")
    #expect(allFiles(dir).isEmpty, "\(allFiles(dir))")
  }

  // MARK: - thread-count determinism of the new commands

  @Test(.enabled(if: builtBinary() != nil, "the bpaudit binary is not built (swift build)"))
  func cscCheckAndReportJSONAreBitwiseIdenticalForOneAndTwoThreads() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let commands = [
      ["report", "--quick", "--net", "random-mlp", "--method", "gradient", "--method", "lrp-zplus", "--images", "3", "--json", "--out", dir.path],
      ["csc", "--net", "random-cnn", "--images", "2", "--vectors", "2", "--method", "lrp-zplus", "--inject", "conv3", "--json"],
      ["check", "--rule", "R[i] = sum_j(a[i]*pos(w[i,j])/stab(sum_i(a[i]*pos(w[i,j])))*R[j])", "--quick", "--experiment", "none", "--json"],
    ]
    for args in commands {
      let one = try runBinary(args + ["--threads", "1"])
      let two = try runBinary(args + ["--threads", "2"])
      #expect(one.status == two.status && !one.stdout.isEmpty, "\(args[0]): \(one.stderr)")
      #expect(try withoutTimings(one.stdout) == withoutTimings(two.stdout), "\(args[0])")
    }
  }
}
