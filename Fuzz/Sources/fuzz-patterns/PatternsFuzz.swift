import BackpropAudit
import Foundation

/// The network every input is checked against: conv1 (8×1×3×3), conv2 (16×8×3×3), fc3 (16→2).
let patternNetwork = Network.smallCNN(inputShape: [1, 4, 4], classes: 2, seed: 1)
/// The file the bytes are written to (`PatternSet.load` reads a path), one per process.
let patternFile = FileManager.default.temporaryDirectory
  .appendingPathComponent("fuzz-patterns-\(ProcessInfo.processInfo.processIdentifier).safetensors")

/// libFuzzer entry: arbitrary bytes as a patterns file (safetensors, `<layer>.pattern`,
/// `<layer>.pattern_negative`, metadata `estimator`). `PatternSet.load` either throws a
/// `ModelFileError` or yields patterns of exactly the layers' weight shapes, which PatternNet and
/// PatternAttribution then run with on one input without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatterns(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard (try? Data(bytes: bytes, count: count).write(to: patternFile)) != nil else { return 0 }
  guard let set = try? PatternSet.load(from: patternFile, for: patternNetwork) else { return 0 }
  for layer in patternNetwork.layers {
    switch layer {
    case .dense(let d): precondition(set.patterns[layer.name]?.shape == d.weight.shape, "pattern shape of \(layer.name)")
    case .conv2d(let c): precondition(set.patterns[layer.name]?.shape == c.weight.shape, "pattern shape of \(layer.name)")
    default: continue
    }
  }
  let input = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map { Float($0) / 16 })
  let attributor = Attributor(network: patternNetwork)
  _ = try? attributor.attribute(input, method: PatternNet(patterns: set))
  _ = try? attributor.attribute(input, method: PatternAttribution(patterns: set))
  return 0
}
