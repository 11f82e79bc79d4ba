import Analysis
import Foundation
import Networks
import Rules
import Testing
import _BPTestSupport

@testable import BPCommandLine

/// Stored inputs of the `fuzz-patterns` and `fuzz-check` targets
/// (`Tests/Fixtures/fuzz-regressions/<target>/`), replayed through the same steps as the targets
/// (`Fuzz/Sources/fuzz-patterns`, `Fuzz/Sources/fuzz-check`): each completes or throws a typed
/// error. The `timeout-` inputs of `fuzz-check` came from a 10 s limit on a machine loaded ~10×
/// (each runs in about 0.3 s of CPU alone); they stay as regressions against slow rule audits.
@Suite struct HardeningFuzzReplayTests {
  func inputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
    let dir = Fixtures.url("fuzz-regressions/\(target)")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? []
    return names.compactMap { name in
      (try? Data(contentsOf: dir.appendingPathComponent(name))).map { (name, [UInt8]($0)) }
    }
  }

  @Test func storedPatternFileInputs() throws {
    let network = Network.smallCNN(inputShape: [1, 4, 4], classes: 2, seed: 1)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bp-patterns-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: file) }
    for (name, bytes) in inputs("fuzz-patterns") {
      try Data(bytes).write(to: file)
      guard let set = try? PatternSet.load(from: file, for: network) else { continue }
      let input = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map { Float($0) / 16 })
      for method in [PatternNet(patterns: set), PatternAttribution(patterns: set)] as [any RelevancePropagator] {
        _ = try? Attributor(network: network).attribute(input, method: method)
      }
      #expect(set.patterns.count == 3, "\(name)")
    }
  }

  @Test func storedCheckCommandLines() throws {
    let ruleFile = FileManager.default.temporaryDirectory.appendingPathComponent("bp-rule-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: ruleFile) }
    let networks = [
      Network.mlp(inputCount: 4, hidden: [3], classes: 2, seed: 1), Network.smallCNN(inputShape: [1, 4, 4], classes: 2, seed: 1),
    ]
    for (name, bytes) in inputs("fuzz-check") {
      guard let first = bytes.first else { continue }
      let mode = first % 4
      let fields = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
      var arguments: [String] = []
      if mode == 0 || mode == 2 { arguments += ["--rule", fields[0]] }
      if mode == 1 || mode == 2 {
        try Data((fields.count > 1 ? fields[1] : "").utf8).write(to: URL(fileURLWithPath: ruleFile))
        arguments += ["--rule-file", ruleFile]
      }
      for value in fields.dropFirst(2) { arguments += ["--param", value] }
      arguments += ["--experiment", "none"]
      guard let parsed = try? ParsedArguments(arguments, spec: CheckCommand.spec),
        let text = try? CheckCommand.ruleText(parsed),
        let parameters = try? CheckCommand.parameters(parsed.strings("param"))
      else { continue }
      let settings = RuleAudit.Settings(depths: [1], width: 4, theoryInputs: 2, cnnImages: 0, images: 2, experiments: [], seed: 0)
      guard let audit = try? RuleAudit(text: text, name: "fuzz", parameters: parameters, settings: settings) else { continue }
      _ = audit.algebra()
      let method = GenericRulePropagator(method: audit.method)
      for network in networks {
        let count = network.inputShape.reduce(1, *)
        let input = Tensor(shape: [1] + network.inputShape, scalars: (0..<count).map { Float($0 % 5) / 4 - 0.25 })
        if let result = try? Attributor(network: network).attribute(input, method: method) {
          #expect(result.relevances[0].shape == input.shape, "\(name)")
        }
      }
    }
  }
}
