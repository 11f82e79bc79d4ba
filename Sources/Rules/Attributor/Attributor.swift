import Matrices
import Networks

/// Runs attribution methods on one network: traces the batch once, seeds the selected output and
/// propagates.
///
/// ```swift
/// let attributor = Attributor(network: net)
/// let method = try MethodRegistry.make("lrp-epsilon", parameters: MethodParameters(convention: .zennit))
/// let result = try attributor.attribute(x, method: method)          // predicted class
/// let map = result.input                                              // [N, C, H, W]
/// ```
/// Seeds: LRP-family methods (`LogitSeed.logitValue`) start from `e_c · f_c(x)`, gradient-family
/// methods (`.unit`) from `e_c`.
public struct Attributor: Sendable {
  /// The network being explained.
  public var network: Network

  /// An attributor for `network`.
  public init(network: Network) { self.network = network }

  /// Traces `input` and runs `method` for `target`.
  /// - Parameters:
  ///   - input: `[N] + network.inputShape`.
  ///   - method: the propagator (for example from `MethodRegistry.make`).
  ///   - target: what to explain; the predicted class by default.
  /// - Returns: the relevance at every layer boundary up to the start.
  /// - Throws: `InputShapeError` for an input that does not fit, `AttributionError` for a bad
  ///   target or a method that fails on this network.
  /// - Complexity: one forward pass plus the method's backward pass.
  public func attribute(
    _ input: Tensor, method: any RelevancePropagator, target: TargetSelection = .predicted
  ) throws -> Attribution {
    try network.checkInput(input)
    return try attribute(trace: network.trace(input), method: method, target: target)
  }

  /// Runs `method` on an existing trace of this network (several methods share one trace).
  /// - Throws: `AttributionError` for a bad target or a method that fails on this network.
  public func attribute(
    trace: ForwardTrace, method: any RelevancePropagator, target: TargetSelection = .predicted
  ) throws -> Attribution {
    try method.propagate(network: network, trace: trace, start: start(trace: trace, seed: method.seed, target: target))
  }

  /// The start relevance of a class explanation (or the injected relevance as is).
  /// - Throws: `AttributionError.invalidParameter` for a class outside `0..<classes` or a class
  ///   list of the wrong length; `.startShape` for an injected relevance that does not fit.
  public func start(trace: ForwardTrace, seed: LogitSeed, target: TargetSelection) throws -> RelevanceStart {
    if case .relevance(let start) = target {
      guard network.layers.indices.contains(start.layer) else {
        throw AttributionError.invalidParameter(
          method: "attribute", parameter: "layer", expected: "a layer index in 0..<\(network.layers.count), got \(start.layer)")
      }
      let shape = trace.activations[start.layer + 1].shape
      guard start.relevance.shape == shape else {
        throw AttributionError.startShape(layer: start.layer, expected: shape, got: start.relevance.shape)
      }
      return start
    }
    let logits = trace.output
    let n = trace.batchSize
    let width = logits.count / n
    let targets = try classes(for: logits, target: target)
    var seedValues = [Float](repeating: 0, count: logits.count)
    for (row, c) in targets.enumerated() {
      seedValues[row * width + c] = seed == .logitValue ? logits.scalars[row * width + c] : 1
    }
    return RelevanceStart(layer: network.layers.count - 1, relevance: Tensor(shape: logits.shape, scalars: seedValues))
  }

  /// The class explained in every row.
  /// - Throws: `AttributionError.invalidParameter` for a class outside `0..<classes`, a list of
  ///   the wrong length, a random other class on a one-class network, or an injected relevance.
  public func classes(for logits: Tensor, target: TargetSelection) throws -> [Int] {
    let n = logits.shape[0]
    let classes = logits.count / n
    let predicted = Network.rowArgmax(logits.reshaped(to: [n, classes]))
    switch target {
    case .predicted:
      return predicted
    case .classes(let list):
      guard list.count == n else {
        throw AttributionError.invalidParameter(
          method: "attribute", parameter: "target", expected: "one class per input row (\(n)), got \(list.count)")
      }
      if let bad = list.first(where: { !(0..<classes).contains($0) }) {
        throw AttributionError.invalidParameter(
          method: "attribute", parameter: "target", expected: "a class index in 0..<\(classes), got \(bad)")
      }
      return list
    case .randomOther(let seed):
      guard classes > 1 else {
        throw AttributionError.invalidParameter(
          method: "attribute", parameter: "random-target", expected: "a network with at least 2 classes")
      }
      var g = SeededGenerator(seed: seed)
      return predicted.map { p in
        let draw = Int.random(in: 0..<(classes - 1), using: &g)
        return draw >= p ? draw + 1 : draw
      }
    case .relevance:
      throw AttributionError.invalidParameter(
        method: "attribute", parameter: "target", expected: "a class selection, not an injected relevance")
    }
  }
}
