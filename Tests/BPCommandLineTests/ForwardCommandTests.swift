import Foundation
import Networks
import Testing
import _BPTestSupport

@testable import BPCommandLine

@Suite struct ForwardCommandTests {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-forward-\(UUID().uuidString)")

  func run(_ args: [String]) -> (code: Int32, capture: Capture) {
    let c = Capture()
    return (BPCommandLine.run(args, io: c.io), c)
  }

  @Test func writesLogitsOfTheFixture() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("logits.safetensors")
    let (code, c) = run([
      "forward", "--model", Fixtures.url("tiny_cnn.json").path, "--weights", Fixtures.url("tiny_cnn.safetensors").path,
      "--input", Fixtures.url("tiny_cnn.inputs.safetensors").path, "--output", out.path,
    ])
    #expect(code == 0, "\(c.stderr)")
    let written = try SafeTensorsFile(contentsOf: out).tensor(named: "logits")
    let expected = try SafeTensorsFile(contentsOf: Fixtures.url("tiny_cnn.inputs.safetensors")).tensor(named: "logits")
    expectClose(written.scalars, expected.scalars, rtol: 2e-6, atol: 1e-7)
  }

  @Test func inputOfTheWrongShapeIsOneLineExitTwoAndNoFile() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("logits.safetensors")
    let (code, c) = run([
      "forward", "--model", Fixtures.url("tiny_cnn.json").path, "--weights", Fixtures.url("tiny_cnn.safetensors").path,
      "--input", Fixtures.url("tiny_mlp.inputs.safetensors").path, "--output", out.path,
    ])
    #expect(code == 2)
    #expect(c.stderr.hasSuffix("x: expected shape [N, 2, 6, 6], got [4, 5]\n"))
    #expect(c.stderr.filter { $0 == "\n" }.count == 1)
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func weightsOfAnotherModelNameTheMissingTensor() {
    let (code, c) = run([
      "forward", "--model", Fixtures.url("tiny_cnn.json").path, "--weights", Fixtures.url("tiny_mlp.safetensors").path,
      "--input", Fixtures.url("tiny_cnn.inputs.safetensors").path, "--output", "/nonexistent/x.safetensors",
    ])
    #expect(code == 2)
    #expect(c.stderr.contains("tiny_mlp.safetensors: conv1.weight"))
  }
}
