import BackpropAudit

/// `bpaudit bench attribute`: images/s of every built-in attribution method on the paper's
/// CIFAR-10 network (random weights, seed 1) at batch 1 and 32, beside the plain forward pass.
///
/// Each method figure is a full attribution (forward trace + backward pass) of a fixed random
/// batch; the propagator is built once, so derived weights (`W⁺`, `W⁻`) are cached as in real use.
/// The unit column adds the time relative to the forward pass of the same batch (the rule alone
/// costs that ratio minus one).
enum AttributeBenchmark {
  /// The methods measured, in registry order.
  static var methods: [String] { MethodRegistry.names }

  static func rows(_ time: BenchCommand.Timer) -> [BenchCommand.Row] {
    let network = Network.cifarCNN(seed: 1)
    let attributor = Attributor(network: network)
    var rows: [BenchCommand.Row] = []
    for batch in [1, 32] {
      let input = Tensor(
        shape: [batch, 3, 32, 32], scalars: BenchCommand.randomFloats(batch * 3 * 32 * 32, seed: 7))
      let forward = time { blackHole(network.forward(input)) }
      rows.append(row("forward", batch: batch, timing: forward))
      for name in methods {
        guard let method = try? MethodRegistry.make(name) else { continue }
        let t = time { blackHole(try? attributor.attribute(input, method: method)) }
        rows.append(row(name, batch: batch, timing: t, forward: forward.median))
      }
    }
    return rows
  }

  private static func row(_ name: String, batch: Int, timing: BenchmarkTiming, forward: Double? = nil) -> BenchCommand.Row {
    let ratio = forward.map { String(format: " (%.2f× forward)", timing.median / $0) } ?? ""
    return BenchCommand.Row(
      name: "\(name), batch \(batch)", milliseconds: timing.median * 1e3, rate: Double(batch) / timing.median,
      unit: "images/s\(ratio)")
  }
}
