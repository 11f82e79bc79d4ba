// swift-tools-version:6.0
// libFuzzer targets for BackpropAudit's parsers: tooling, never part of the product.
// Build and run with `Fuzz/run.sh` (which calls `swift build --sanitize=fuzzer` here).
import Foundation
import PackageDescription

// A path dependency's package identity is its directory name (the checkout or worktree folder),
// so it is computed rather than spelled out.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .lastPathComponent.lowercased()
let backpropAudit: Target.Dependency = .product(name: "BackpropAudit", package: rootIdentity)

let package = Package(
  name: "BackpropAuditFuzz",
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(name: "fuzz-safetensors", dependencies: [backpropAudit]),
    .executableTarget(name: "fuzz-architecture", dependencies: [backpropAudit]),
    .executableTarget(name: "fuzz-idx", dependencies: [backpropAudit]),
    .executableTarget(name: "fuzz-cifar", dependencies: [backpropAudit]),
    .executableTarget(name: "fuzz-rules", dependencies: [backpropAudit]),
    // The CLI library is not a product of the root package: its sources are compiled into the
    // target through the symlink `Sources/fuzz-cli-arguments/BPCommandLine`.
    .executableTarget(name: "fuzz-cli-arguments", dependencies: [backpropAudit]),
    .executableTarget(name: "fuzz-patterns", dependencies: [backpropAudit]),
    // `bpaudit check`'s input step: the CLI sources again, through `Sources/fuzz-check/BPCommandLine`.
    .executableTarget(name: "fuzz-check", dependencies: [backpropAudit]),
  ]
)
