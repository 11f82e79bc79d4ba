import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport

@testable import BPCommandLine

/// `bpaudit attribute --png` and `--rule`: heatmap files and user-written rules.
@Suite struct AttributeCommandRuleTests {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-attribute-rule-\(UUID().uuidString)")

  func run(_ args: [String]) -> (code: Int32, capture: Capture) {
    let c = Capture()
    return (BPCommandLine.run(args, io: c.io), c)
  }

  func fixtureArguments(_ model: String, output: URL) -> [String] {
    [
      "attribute", "--model", Fixtures.url("\(model).json").path, "--weights", Fixtures.url("\(model).safetensors").path,
      "--input", Fixtures.url("\(model).inputs.safetensors").path, "--output", output.path,
    ]
  }

  /// A bias-free conv → ReLU → max-pool → flatten → dense → ReLU → dense network, its files and a
  /// batch of 3 inputs of both signs, written into `directory`.
  func biasFreeFiles(seed: UInt64) throws -> [String] {
    var g = SeededGenerator(seed: seed)
    func gaussian(_ shape: [Int]) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(g.nextGaussian()) })
    }
    let network = try Network(
      inputShape: [2, 6, 6],
      layers: [
        .conv2d(Conv2D(name: "conv1", weight: gaussian([3, 2, 3, 3]), bias: nil, stride: Size2D(1, 1), padding: Size2D(1, 1))),
        .relu(name: "relu1"),
        .maxPool2d(Pool2D(name: "pool1", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))),
        .flatten(name: "flatten"),
        .dense(Dense(name: "fc1", weight: gaussian([5, 27]), bias: nil)),
        .relu(name: "relu2"),
        .dense(Dense(name: "fc2", weight: gaussian([3, 5]), bias: nil)),
      ])
    let model = directory.appendingPathComponent("net.json")
    let weights = directory.appendingPathComponent("net.safetensors")
    try network.save(architecture: model, weights: weights)
    let input = directory.appendingPathComponent("x.safetensors")
    try SafeTensors.write([("x", .float32(gaussian([3, 2, 6, 6])))], to: input)
    return ["attribute", "--model", model.path, "--weights", weights.path, "--input", input.path, "--target", "1"]
  }

  @Test func pngWritesOneDecodableHeatmapPerInput() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let png = directory.appendingPathComponent("maps")
    let (code, c) = run(
      fixtureArguments("small_cnn_strided", output: out) + ["--method", "gradient", "--png", png.path, "--colormap", "bwr"])
    #expect(code == 0, "\(c.stderr)")
    let attribution = try SafeTensorsFile(contentsOf: out).tensor(named: "attribution")
    let (n, h, w) = (attribution.shape[0], attribution.shape[2], attribution.shape[3])
    let files = try FileManager.default.contentsOfDirectory(atPath: png.path).sorted()
    #expect(files == (0..<n).map { "gradient-\($0).png" })
    for row in 0..<n {
      let bytes = try [UInt8](Data(contentsOf: png.appendingPathComponent("gradient-\(row).png")))
      let decoded = try MiniPNGDecoder.decode(bytes)
      #expect(decoded.width == w && decoded.height == h && decoded.colorType == 2)
      // Gradient: abs-max over channels, so every pixel is white (0) or on bwr's red half.
      for p in 0..<(w * h) {
        let (r, g, b) = (decoded.samples[3 * p], decoded.samples[3 * p + 1], decoded.samples[3 * p + 2])
        #expect(r == 255 && g == b, "row \(row) pixel \(p): (\(r), \(g), \(b))")
      }
    }
    #expect(c.stdout.contains("wrote \(n) heatmaps"))
  }

  @Test func pngSignedSumCentresZeroOnWhite() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let png = directory.appendingPathComponent("maps")
    let (code, c) = run(fixtureArguments("small_cnn_strided", output: out) + ["--method", "lrp-epsilon", "--png", png.path])
    #expect(code == 0, "\(c.stderr)")
    let attribution = try SafeTensorsFile(contentsOf: out).tensor(named: "attribution")
    let (ch, h, w) = (attribution.shape[1], attribution.shape[2], attribution.shape[3])
    let bytes = try [UInt8](Data(contentsOf: png.appendingPathComponent("lrp-epsilon-0.png")))
    let decoded = try MiniPNGDecoder.decode(bytes)
    // Channel sum of row 0: positive pixels are red-dominant, negative blue-dominant (seismic).
    for p in 0..<(w * h) {
      let sum = (0..<ch).reduce(Float(0)) { $0 + attribution.scalars[$1 * h * w + p] }
      let (r, b) = (Int(decoded.samples[3 * p]), Int(decoded.samples[3 * p + 2]))
      if sum > 0 { #expect(r >= b, "pixel \(p): sum \(sum), red \(r), blue \(b)") }
      if sum < 0 { #expect(b >= r, "pixel \(p): sum \(sum), red \(r), blue \(b)") }
    }
  }

  @Test func pngRefusesNonImageRelevanceBeforeWriting() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let png = directory.appendingPathComponent("maps")
    let (code, c) = run(fixtureArguments("tiny_mlp", output: out) + ["--method", "gradient", "--png", png.path])
    #expect(code == 2)
    #expect(c.stderr.contains("--png") && c.stderr.contains("[N, C, H, W]"), "\(c.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path))
    #expect(!FileManager.default.fileExists(atPath: png.path))
  }

  @Test func zPlusRuleTextEqualsTheBuiltInOnABiasFreeNetwork() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for seed: UInt64 in [1, 2, 3] {
      let base = try biasFreeFiles(seed: seed)
      let builtIn = directory.appendingPathComponent("builtin.safetensors")
      let rule = directory.appendingPathComponent("rule.safetensors")
      let first = run(base + ["--output", builtIn.path, "--method", "lrp-zplus"])
      let second = run(
        base + [
          "--output", rule.path, "--rule", "R[i] = sum_j(pos(a[i]*w[i,j])/stab(sum_i(pos(a[i]*w[i,j])))*R[j])", "--name", "zplus-text",
        ])
      #expect(first.code == 0 && second.code == 0, "seed \(seed): \(first.capture.stderr) \(second.capture.stderr)")
      let expected = try SafeTensorsFile(contentsOf: builtIn).tensor(named: "attribution")
      let file = try SafeTensorsFile(contentsOf: rule)
      expectClose(try file.tensor(named: "attribution").scalars, expected.scalars, rtol: 1e-5)
      #expect(file.metadata["method"] == "zplus-text")
      #expect(file.metadata["rule"]?.hasPrefix("R[i] = sum_j(pos(") == true)
    }
  }

  @Test func ruleFileWithParameterEqualsTheEpsilonMethod() throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let base = try biasFreeFiles(seed: 4)
    let text = directory.appendingPathComponent("eps.rule")
    try "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])\n".write(to: text, atomically: true, encoding: .utf8)
    let builtIn = directory.appendingPathComponent("builtin.safetensors")
    let rule = directory.appendingPathComponent("rule.safetensors")
    let first = run(base + ["--output", builtIn.path, "--method", "lrp-epsilon", "--epsilon", "0.01"])
    let second = run(base + ["--output", rule.path, "--rule-file", text.path, "--param", "eps=0.01"])
    #expect(first.code == 0 && second.code == 0, "\(first.capture.stderr) \(second.capture.stderr)")
    let expected = try SafeTensorsFile(contentsOf: builtIn).tensor(named: "attribution")
    expectClose(try SafeTensorsFile(contentsOf: rule).tensor(named: "attribution").scalars, expected.scalars, rtol: 1e-5)
  }

  @Test(arguments: [
    (["--rule", "R[i] = sum_j(a[i]*w[i,j]*R[j]"], "syntax error"),
    (["--rule", "R[i] = sum_j(q[i]*w[i,j]*R[j])"], "unknown symbol"),
    (["--rule", "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])"], "eps"),
    (["--rule", "R[i] = sum_j(w[i,j]*R[j])", "--param", "eps"], "NAME=NUMBER"),
    (["--rule", "R[i] = sum_j(w[i,j]*R[j])", "--epsilon", "1"], "--param NAME=VALUE"),
    (["--rule", "R[i] = sum_j(w[i,j]*R[j])", "--method", "gradient"], "exactly one of"),
    (["--method", "gradient", "--param", "eps=1"], "--param belongs to --rule"),
    (["--rule-file", "/nonexistent/rule.txt"], "cannot read"),
    (["--rule", "R[i] = sum_j(w[i,j]*R[j])", "--name", "a/b"], "--name"),
  ])
  func badRuleIsOneLineExitTwoAndNoFile(_ extra: [String], _ fragment: String) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("a.safetensors")
    let (code, c) = run(fixtureArguments("tiny_mlp", output: out) + extra)
    #expect(code == 2)
    #expect(c.stderr.contains(fragment), "\(c.stderr)")
    #expect(c.stderr.filter { $0 == "\n" }.count == 1)
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
