import BackpropAudit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `bpaudit bench attribute`: images/s of every built-in attribution method on the paper's
/// CIFAR-10 network (random weights, seed 1) at batch 1 and 32, beside the plain forward pass.
///
/// Each method figure is a full attribution (forward trace + backward pass) of a fixed random
/// batch; the propagator is built once, so derived weights (`W⁺`, `W⁻`, stacked grids) are cached
/// as in real use. The unit column adds the time relative to the forward pass of the same batch
/// (the rule alone costs that ratio minus one) and the median process CPU time per run (all
/// threads), which stays meaningful on a loaded machine. `BPAUDIT_BENCH_METHODS` (comma-separated
/// names) restricts the methods measured, `BPAUDIT_BENCH_BATCHES` (comma-separated sizes, e.g. `32`)
/// the batch sizes — handy for profiling one method at one size.
enum AttributeBenchmark {
  /// The methods measured, in registry order (all, or those named in `BPAUDIT_BENCH_METHODS`).
  static var methods: [String] {
    guard let list = ProcessInfo.processInfo.environment["BPAUDIT_BENCH_METHODS"], !list.isEmpty else {
      return MethodRegistry.names
    }
    let wanted = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    return MethodRegistry.names.filter { wanted.contains($0) }
  }

  /// The batch sizes measured: 1 and 32, or the positive sizes named in `BPAUDIT_BENCH_BATCHES`.
  static var batches: [Int] {
    guard let list = ProcessInfo.processInfo.environment["BPAUDIT_BENCH_BATCHES"] else { return [1, 32] }
    let sizes = list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
    return sizes.isEmpty ? [1, 32] : sizes
  }

  static func rows(_ time: BenchCommand.Timer) -> [BenchCommand.Row] {
    let network = Network.cifarCNN(seed: 1)
    let attributor = Attributor(network: network)
    var rows: [BenchCommand.Row] = []
    for batch in batches {
      let input = Tensor(
        shape: [batch, 3, 32, 32], scalars: BenchCommand.randomFloats(batch * 3 * 32 * 32, seed: 7))
      let forward = measured(time) { blackHole(network.forward(input)) }
      rows.append(row("forward", batch: batch, timing: forward))
      for name in methods {
        guard let method = try? MethodRegistry.make(name) else { continue }
        let t = measured(time) { blackHole(try? attributor.attribute(input, method: method)) }
        rows.append(row(name, batch: batch, timing: t, forward: forward.wall.median))
      }
    }
    return rows
  }

  /// Wall-clock timing and the median process CPU seconds of the same runs.
  private static func measured(_ time: BenchCommand.Timer, _ body: @escaping () -> Void) -> (wall: BenchmarkTiming, cpu: Double) {
    var cpu: [Double] = []
    let wall = time {
      let start = processCPUSeconds()
      body()
      cpu.append(processCPUSeconds() - start)
    }
    return (wall, BenchmarkTiming(samples: cpu).median)
  }

  /// The CPU time of every thread of this process so far, in seconds.
  private static func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  private static func row(
    _ name: String, batch: Int, timing: (wall: BenchmarkTiming, cpu: Double), forward: Double? = nil
  ) -> BenchCommand.Row {
    let ratio = forward.map { String(format: " (%.2f× forward)", timing.wall.median / $0) } ?? ""
    return BenchCommand.Row(
      name: "\(name), batch \(batch)", milliseconds: timing.wall.median * 1e3, rate: Double(batch) / timing.wall.median,
      unit: String(format: "images/s%@, cpu %.2f ms", ratio, timing.cpu * 1e3))
  }
}
