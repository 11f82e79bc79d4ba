import Foundation
import Synchronization

/// The most memory a network's parameters and activations may take before it is refused.
///
/// The default is 80 % of the machine's physical memory
/// (`ProcessInfo.processInfo.physicalMemory`); `bpaudit --memory-limit` sets a process-wide
/// override (`MemoryBudget.current`), and every checking API also takes an explicit budget.
public struct MemoryBudget: Sendable, Equatable, CustomStringConvertible {
  /// The budget in bytes (positive).
  public var bytes: Int

  /// A budget of `bytes` bytes.
  /// - Precondition: `bytes > 0`.
  public init(bytes: Int) {
    precondition(bytes > 0, "MemoryBudget: bytes must be positive, got \(bytes)")
    self.bytes = bytes
  }

  /// 80 % of physical memory (at least 1 byte).
  public static var physicalDefault: MemoryBudget {
    let physical = ProcessInfo.processInfo.physicalMemory
    let bytes = physical / 5 * 4
    return MemoryBudget(bytes: Int(clamping: max(bytes, 1)))
  }

  /// The process-wide override in bytes; 0 = none. Atomic, so any thread may read it.
  private static let override = Atomic<Int>(0)

  /// The budget in force: the process-wide override if one was set, else `physicalDefault`.
  ///
  /// Setting it is meant for the command line's `--memory-limit` (once, before any work); library
  /// callers should pass a budget explicitly instead.
  public static var current: MemoryBudget {
    get {
      let bytes = override.load(ordering: .relaxed)
      return bytes > 0 ? MemoryBudget(bytes: bytes) : physicalDefault
    }
    set { override.store(newValue.bytes, ordering: .relaxed) }
  }

  /// Removes the process-wide override, so `current` is `physicalDefault` again.
  public static func resetCurrent() { override.store(0, ordering: .relaxed) }

  /// Parses a size: a byte count (`1000000`) or a number with a unit, decimal `KB`, `MB`, `GB`,
  /// `TB` (powers of 1000) or binary `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024), case-insensitive,
  /// optionally fractional (`1.5GB`); `B` is bytes. Returns `nil` for anything else, for zero or
  /// negative sizes, and for sizes beyond `Int.max`.
  public init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
    let scale: Double? =
      switch unit {
      case "", "b": 1
      case "kb", "k": 1e3
      case "mb", "m": 1e6
      case "gb", "g": 1e9
      case "tb", "t": 1e12
      case "kib": 0x1p10
      case "mib": 0x1p20
      case "gib": 0x1p30
      case "tib": 0x1p40
      default: nil
      }
    guard let scale, !digits.isEmpty, let value = Double(digits), value.isFinite else { return nil }
    let bytes = (value * scale).rounded(.down)
    guard bytes >= 1, bytes < 0x1p63 else { return nil }
    self.init(bytes: Int(bytes))
  }

  /// The budget in human units, e.g. `19.3 GB`.
  public var description: String { Self.format(bytes) }

  /// `bytes` in decimal units with three significant digits: `512 B`, `1.50 MB`, `19.3 GB`.
  public static func format(_ bytes: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    var value = Double(bytes)
    var index = 0
    while value >= 1000, index < units.count - 1 {
      value /= 1000
      index += 1
    }
    if index == 0 { return "\(bytes) B" }
    let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
    return String(format: "%.\(digits)f %@", value, units[index])
  }
}

/// The memory a network built from an architecture needs, in bytes (Float32 elements).
public struct MemoryRequirement: Sendable, Equatable {
  /// The batch size the activations are counted for.
  public var batch: Int
  /// Weights and biases: 4 × parameter count.
  public var parameterBytes: Int
  /// Every activation of a traced forward pass (input included, as `Network.trace` keeps them):
  /// 4 × batch × Σ per-sample activation sizes.
  public var activationBytes: Int
  /// The largest im2col patch matrix and product of one sample over the convolutions (the
  /// scratch a convolution needs besides its input and output).
  public var workspaceBytes: Int

  /// The sum of the three parts, saturating at `Int.max`.
  public var totalBytes: Int {
    let (a, o1) = parameterBytes.addingReportingOverflow(activationBytes)
    let (b, o2) = a.addingReportingOverflow(workspaceBytes)
    return o1 || o2 ? Int.max : b
  }
}
