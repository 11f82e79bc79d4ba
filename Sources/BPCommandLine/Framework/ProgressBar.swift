import Foundation

/// A progress bar with ETA on standard error, drawn only when stderr is a terminal.
///
/// Not `Sendable`: one bar belongs to one (synchronous) command run.
public final class ProgressBar {
  private let io: CommandIO
  private let label: String
  private let total: Int
  private let start = Date()
  private var lastDrawn = Date.distantPast

  /// Creates a bar for `total` steps; draws nothing when stderr is not a terminal.
  public init(_ label: String, total: Int, io: CommandIO) {
    self.io = io
    self.label = label
    self.total = max(total, 1)
  }

  /// Reports that `done` of `total` steps are complete, with an optional status text.
  public func update(_ done: Int, status: String = "") {
    guard io.stderrIsTerminal, !Interruption.isRequested else { return }
    let now = Date()
    guard done >= total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
    lastDrawn = now
    let fraction = min(Double(done) / Double(total), 1)
    let filled = Int(fraction * 24)
    let elapsed = now.timeIntervalSince(start)
    let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 24 - filled)
    io.err(String(format: "\r%@ %@ %3.0f%% ETA %4.0fs %@\u{1B}[K", label, bar, fraction * 100, eta, status))
  }

  /// Clears the bar's line.
  public func finish() {
    guard io.stderrIsTerminal else { return }
    io.err("\r\u{1B}[K")
  }
}
