import BackpropAudit
import Foundation

/// libFuzzer entry: arbitrary bytes as an architecture JSON. Parsing either throws a
/// `ModelFileError` or yields an architecture that prints and re-parses to itself; a small one is
/// built with zero weights and run forward on a zero input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchitecture(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let arch = try? Architecture(json: data, path: "fuzz.json") else { return 0 }
  let again = try? Architecture(json: Data(arch.jsonText.utf8), path: "printed.json")
  precondition(again == arch, "architecture round trip: \(arch.jsonText)")
  // Build only what the test machine can hold: ≤ 1 MiB of parameters and activations.
  guard let need = try? arch.memoryRequirement(batch: 1), need.totalBytes <= 1 << 20 else { return 0 }
  guard let network = try? arch.makeNetwork(parameter: { _, shape in Tensor(shape: shape) }) else { return 0 }
  let output = network.forward(Tensor(shape: [1] + network.inputShape))
  precondition(output.shape == [1, network.outputCount], "forward shape \(output.shape)")
  // The backward pass (col2im, pool routing) over the same geometry.
  if !network.layers.isEmpty {
    let trace = network.trace(Tensor(shape: [1] + network.inputShape, repeating: 1))
    let last = network.layers.count - 1
    let upstream = Tensor(shape: trace.activations[last + 1].shape, repeating: 1)
    _ = network.backward(trace: trace, upstream: upstream, at: last, parameterGradients: true)
  }
  return 0
}
