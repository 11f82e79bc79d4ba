import Foundation

/// libFuzzer entry: arbitrary bytes as a command line (arguments separated by NUL bytes; the
/// first byte picks the command). `ParsedArguments` either throws a `UsageError` or yields values
/// that every typed accessor can read or reject without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCLIArguments(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let commands = BPCommandLine.commands
  let spec = commands[Int(bytes[0]) % commands.count].spec
  let rest = UnsafeBufferPointer(start: bytes + 1, count: count - 1)
  let arguments = rest.split(separator: 0, omittingEmptySubsequences: false).map {
    String(decoding: $0, as: UTF8.self)
  }
  guard let parsed = try? ParsedArguments(arguments, spec: spec) else { return 0 }
  for option in spec.options {
    _ = parsed.has(option.name)
    _ = parsed.strings(option.name)
    _ = try? parsed.int(option.name, default: 0, in: 1...10_000)
    _ = try? parsed.int(option.name, default: 0)
    _ = try? parsed.double(option.name, default: 0, in: 1e-12...10)
    _ = try? parsed.choice(option.name, ["a", "b"], default: "a")
  }
  _ = try? GlobalOptions(parsed)
  _ = HelpText.command(spec)
  return 0
}
