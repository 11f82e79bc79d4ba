import BackpropAudit
import Foundation

/// The networks a parsed rule is bound to: a ReLU MLP (4 → 3 → 2) and a small CNN (conv, ReLU,
/// max pool, flatten, dense) on 1×4×4 inputs.
let checkNetworks = [
  Network.mlp(inputCount: 4, hidden: [3], classes: 2, seed: 1),
  Network.smallCNN(inputShape: [1, 4, 4], classes: 2, seed: 1),
]
/// The `--rule-file` of this process.
let ruleFile = FileManager.default.temporaryDirectory
  .appendingPathComponent("fuzz-check-\(ProcessInfo.processInfo.processIdentifier).rule").path

/// libFuzzer entry: arbitrary bytes as a `bpaudit check` command line. Fields are separated by
/// NUL bytes: the first byte of field 0 picks `--rule` (field 0's rest), `--rule-file` (field 1
/// written to a file), both or neither; every further field is a `--param` value. The command's
/// own input step (`ParsedArguments` against `check`'s spec, `ruleText`, `parameters`) runs, then
/// `RuleAudit`'s parse and bind (`RuleAudit(text:parameters:)`, `algebra()`) and the rule on both
/// networks through `GenericRulePropagator`: each either throws a typed error or completes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let mode = bytes[0] % 4
  let fields = UnsafeBufferPointer(start: bytes + 1, count: count - 1)
    .split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
  var arguments: [String] = []
  if mode == 0 || mode == 2 { arguments += ["--rule", fields[0]] }
  if mode == 1 || mode == 2 {
    let contents = fields.count > 1 ? fields[1] : ""
    guard (try? Data(contents.utf8).write(to: URL(fileURLWithPath: ruleFile))) != nil else { return 0 }
    arguments += ["--rule-file", ruleFile]
  }
  for value in fields.dropFirst(2) { arguments += ["--param", value] }
  arguments += ["--experiment", "none"]
  guard let parsed = try? ParsedArguments(arguments, spec: CheckCommand.spec),
    let text = try? CheckCommand.ruleText(parsed),
    let parameters = try? CheckCommand.parameters(parsed.strings("param"))
  else { return 0 }
  let settings = RuleAudit.Settings(depths: [1], width: 4, theoryInputs: 2, cnnImages: 0, images: 2, experiments: [], seed: 0)
  guard let audit = try? RuleAudit(text: text, name: "fuzz", parameters: parameters, settings: settings) else { return 0 }
  _ = audit.algebra()
  let method = GenericRulePropagator(method: audit.method)
  for network in checkNetworks {
    let input = Tensor(shape: [1] + network.inputShape, scalars: (0..<network.inputShape.reduce(1, *)).map { Float($0 % 5) / 4 - 0.25 })
    if let result = try? Attributor(network: network).attribute(input, method: method) {
      precondition(result.relevances[0].shape == input.shape, "input relevance shape")
    }
  }
  return 0
}
