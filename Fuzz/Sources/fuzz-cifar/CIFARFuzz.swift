import BackpropAudit
import Foundation

/// libFuzzer entry: arbitrary bytes as one CIFAR-10 batch file, and split in two at the first
/// byte's position as two batch files. Each either throws a `DatasetError` or decodes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCIFAR(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  if let set = try? CIFAR10.batches(from: [(data, "fuzz.bin")]) {
    precondition(set.inputs.shape == [count / 3073, 3, 32, 32] && set.labels.allSatisfy { (0...9).contains($0) })
  }
  if count > 1 {
    let cut = 1 + Int(bytes[0]) * (count - 1) / 256
    _ = try? CIFAR10.batches(from: [(data.prefix(cut), "a.bin"), (data.suffix(from: cut), "b.bin")])
  }
  return 0
}
