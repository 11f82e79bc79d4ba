// swift-tools-version:6.0
// BackpropAudit: does a modified-backpropagation attribution rule explain the network's decision?
// No package dependencies: the toolchain's stdlib, Foundation, Dispatch, Swift Testing only.
import PackageDescription

// Switch on expensive invariant checks (conservation after every layer, shape audits inside kernels).
// Performance figures do not hold while this is on.
// let internalChecks: [SwiftSetting] = [.define("BP_INTERNAL_CHECKS")]

let package = Package(
  name: "BackpropAudit",
  products: [
    .library(name: "BackpropAudit", targets: ["BackpropAudit"]),
    .executable(name: "bpaudit", targets: ["bpaudit"]),
  ],
  targets: [
    // MARK: - Public API
    .target(name: "Symbolic", exclude: ["README.md"]),
    .target(name: "Matrices", dependencies: ["CKernels"], exclude: ["README.md"]),
    .target(name: "Networks", dependencies: ["Matrices"]),
    .target(name: "Rules", dependencies: ["Symbolic", "Matrices", "Networks"], exclude: ["README.md"]),
    .target(name: "Analysis", dependencies: ["Rules"]),
    .target(name: "Reports", dependencies: ["Analysis"]),
    .target(name: "BackpropAudit", dependencies: ["Symbolic", "Matrices", "Networks", "Rules", "Analysis", "Reports"]),

    // MARK: - Command-line tool
    .target(name: "BPCommandLine", dependencies: ["BackpropAudit"]),
    .executableTarget(name: "bpaudit", dependencies: ["BPCommandLine"]),

    // MARK: - Implementation details
    // C kernels with run-time CPU dispatch (AVX-512 / AVX2+FMA / portable), see Sources/CKernels/README.md.
    .target(name: "CKernels", exclude: ["README.md"]),
    .target(name: "_BPTestSupport", dependencies: ["Matrices", "Networks"], path: "Sources/_BPTestSupport"),

    // MARK: - Examples (compiled by every build)
    .executableTarget(name: "train-and-trace", dependencies: ["BackpropAudit"], path: "Examples/train-and-trace"),
    .executableTarget(name: "zplus-by-hand", dependencies: ["BackpropAudit"], path: "Examples/zplus-by-hand"),
    .executableTarget(name: "two-objects", dependencies: ["BackpropAudit"], path: "Examples/two-objects"),
    .executableTarget(name: "sanity-checks", dependencies: ["BackpropAudit"], path: "Examples/sanity-checks"),
    .executableTarget(name: "check-your-rule", dependencies: ["BackpropAudit"], path: "Examples/check-your-rule"),

    // MARK: - Unit test bundles
    .testTarget(name: "MatricesTests", dependencies: ["Matrices", "_BPTestSupport"]),
    .testTarget(name: "NetworksTests", dependencies: ["Networks", "_BPTestSupport"]),
    .testTarget(name: "SymbolicTests", dependencies: ["Symbolic", "_BPTestSupport"]),
    .testTarget(name: "RulesTests", dependencies: ["Rules", "_BPTestSupport"]),
    .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "_BPTestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "_BPTestSupport"]),
    .testTarget(name: "BPCommandLineTests", dependencies: ["BPCommandLine", "_BPTestSupport"], exclude: ["Golden"]),
  ]
)
