import Foundation
import Networks
import Testing
import _BPTestSupport

@testable import BPCommandLine

@Suite struct AttributeCommandTests {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-attribute-\(UUID().uuidString)")

  func run(_ model: String, _ extra: [String], output: URL) -> (code: Int32, capture: Capture) {
    let c = Capture()
    let args = [
      "attribute", "--model", Fixtures.url("\(model).json").path, "--weights", Fixtures.url("\(model).safetensors").path,
      "--input", Fixtures.url("\(model).inputs.safetensors").path, "--output", output.path,
    ] + extra
    return (BPCommandLine.run(args, io: c.io), c)
  }

  @Test func writesTheZennitEpsilonMapOfTheFixture() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let (code, c) = run("tiny_cnn", ["--method", "lrp-epsilon", "--convention", "zennit", "--json"], output: out)
    #expect(code == 0, "\(c.stderr)")
    let file = try SafeTensorsFile(contentsOf: out)
    let written = try file.tensor(named: "attribution")
    let expected = try SafeTensorsFile(contentsOf: Fixtures.url("tiny_cnn.attributions.safetensors")).tensor(named: "lrp_epsilon")
    #expect(written.shape == expected.shape)
    expectClose(written.scalars, expected.scalars, rtol: 1e-5)
    #expect(file.metadata["method"] == "lrp-epsilon")
    #expect(file.metadata["convention"] == "zennit")
    #expect(file.metadata["targets"] == "0,0,0,0")
    #expect(c.stdout.contains("\"stabilised\""))
  }

  @Test func layerOptionWritesThatLayersRelevance() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let (code, c) = run(
      "small_cnn_strided", ["--method", "lrp-alpha2-beta1", "--convention", "zennit", "--layer", "conv2"], output: out)
    #expect(code == 0, "\(c.stderr)")
    let written = try SafeTensorsFile(contentsOf: out).tensor(named: "attribution")
    let expected = try SafeTensorsFile(contentsOf: Fixtures.url("small_cnn_strided.layers.safetensors"))
      .tensor(named: "lrp_alpha2beta1/conv2")
    expectClose(written.scalars, expected.scalars, rtol: 1e-5)
    #expect(c.stdout.hasPrefix("wrote attribution [4, 4, 4, 4] (lrp-alpha2-beta1"))
  }

  @Test func randomTargetIsSeeded() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let first = run("tiny_mlp", ["--method", "gradient", "--random-target", "--seed", "3", "--json"], output: out)
    let second = run("tiny_mlp", ["--method", "gradient", "--random-target", "--seed", "3", "--json"], output: out)
    #expect(first.code == 0 && second.code == 0, "\(first.capture.stderr)")
    #expect(first.capture.stdout == second.capture.stdout)
    #expect(!first.capture.stdout.contains("\"targets\" : [\n    0,\n    0,\n    1,\n    1\n  ]"))
  }

  @Test(arguments: [
    (["--method", "lrp-bogus"], "one of gradient, input-x-gradient"),
    (["--method", "lrp-alpha-beta", "--alpha", "3", "--beta", "1"], "α − β = 1"),
    (["--method", "lrp-gamma", "--gamma", "-1"], "gamma"),
    (["--method", "lrp-epsilon", "--epsilon", "0"], "a finite number > 0"),
    (["--method", "gradient", "--target", "7"], "a class index in 0..<3, got 7"),
    (["--method", "gradient", "--layer", "fc9"], "got 'fc9'"),
    (["--method", "dtd", "--low", "0", "--high", "1"], "outside [0.0, 1.0]"),
    (["--method", "lrp-epsilon", "--gamma", "1"], "parameter 'gamma'"),
    (["--method", "gradient", "--target", "1", "--random-target"], "at most one of"),
  ])
  func badInputIsOneLineExitTwoAndNoFile(_ extra: [String], _ fragment: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let (code, c) = run("tiny_mlp", extra, output: out)
    #expect(code == 2)
    #expect(c.stderr.contains(fragment), "\(c.stderr)")
    #expect(c.stderr.filter { $0 == "\n" }.count == 1)
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
