import BackpropAudit
import Foundation

/// libFuzzer entry: arbitrary bytes as an IDX image file and as an IDX label file. Each either
/// throws a `DatasetError` or decodes; nothing is allocated beyond what the bytes hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  if let images = try? IDXDataset.images(from: data, path: "fuzz-idx3") {
    precondition(images.count == count - 16, "IDX images: \(images.shape) from \(count) bytes")
  }
  if let labels = try? IDXDataset.labels(from: data, path: "fuzz-idx1") {
    precondition(labels.count == count - 8, "IDX labels: \(labels.count) from \(count) bytes")
  }
  return 0
}
