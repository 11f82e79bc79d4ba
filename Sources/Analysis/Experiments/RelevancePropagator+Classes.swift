import Networks
import Rules

extension RelevancePropagator {
  /// Explains one class per row of a traced batch: seeds the logits with `e_c · f_c(x)` (LRP
  /// family) or `e_c` (gradient family) through `Attributor.start` and propagates down to the input.
  /// - Parameters:
  ///   - network: the network that produced `trace`.
  ///   - trace: the forward trace of the batch.
  ///   - classes: the class explained in each row, `0 ..< network.outputCount`.
  /// - Throws: `AttributionError` from the method, or for a class out of range.
  public func explain(network: Network, trace: ForwardTrace, classes: [Int]) throws -> Attribution {
    try Attributor(network: network).attribute(trace: trace, method: self, target: .classes(classes))
  }
}
