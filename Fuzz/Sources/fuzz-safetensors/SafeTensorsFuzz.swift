import BackpropAudit
import Foundation

/// libFuzzer entry: arbitrary bytes as a safetensors file. Validation either throws a
/// `ModelFileError` or yields a directory whose every tensor can be decoded without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let data = Data(bytes: bytes, count: count)
  guard let file = try? SafeTensorsFile(data: data, path: "fuzz.safetensors") else { return 0 }
  for key in file.keys {
    _ = try? file.finiteTensor(named: key)
    _ = try? file.int64s(named: key)
  }
  _ = try? file.entry("missing")
  return 0
}
