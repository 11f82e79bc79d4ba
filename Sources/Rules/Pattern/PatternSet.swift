import Foundation
import Networks

/// Which estimator produced a layer's pattern (Kindermans et al. 2018, "Learning how to explain
/// neural networks: PatternNet and PatternAttribution").
public enum PatternEstimatorKind: String, Sendable, Equatable, CaseIterable {
  /// `a = cov(x, y) / (wᵀ cov(x, y))` on every dense/conv layer.
  case linear
  /// The two-component estimator on layers followed by a ReLU:
  /// `a₊ = (E₊[xy] − E₊[x]E₊[y]) / wᵀ(E₊[xy] − E₊[x]E₊[y])` over the samples with `y > 0`
  /// (`a₋` likewise over `y < 0`, stored but not used by the propagators); the linear estimator on
  /// layers not followed by a ReLU (the logits).
  case relu
}

/// Estimated signal patterns, one per dense/conv layer, shaped like the layer's weight
/// (`[out, in]` or `[out, in, kh, kw]`).
///
/// File format (safetensors, written atomically): `<layer>.pattern` (the pattern the propagators
/// use: `a`, or `a₊` under `.relu`), optionally `<layer>.pattern_negative` (`a₋`), metadata
/// `format = backpropaudit-patterns-v1`, `estimator = linear|relu`.
public struct PatternSet: Sendable, Equatable {
  /// The estimator that produced the patterns.
  public var estimator: PatternEstimatorKind
  /// Layer name → the pattern used by `PatternNet` and `PatternAttribution`.
  public var patterns: [String: Tensor]
  /// Layer name → `a₋` of the two-component estimator (layers followed by a ReLU only).
  public var negativePatterns: [String: Tensor]

  /// Creates a set from its parts.
  public init(
    estimator: PatternEstimatorKind, patterns: [String: Tensor], negativePatterns: [String: Tensor] = [:]
  ) {
    self.estimator = estimator
    self.patterns = patterns
    self.negativePatterns = negativePatterns
  }

  /// The metadata value of `format`.
  public static let formatTag = "backpropaudit-patterns-v1"

  /// Writes the patterns to `url` atomically (see the type documentation for the keys).
  /// - Throws: `ModelFileError.unwritable` when the file cannot be written.
  public func save(to url: URL) throws {
    var tensors: [(String, TensorData)] = []
    for name in patterns.keys.sorted() { tensors.append(("\(name).pattern", .float32(patterns[name]!))) }
    for name in negativePatterns.keys.sorted() {
      tensors.append(("\(name).pattern_negative", .float32(negativePatterns[name]!)))
    }
    try SafeTensors.write(
      tensors, metadata: ["format": Self.formatTag, "estimator": estimator.rawValue], to: url)
  }

  /// Reads the patterns of every dense/conv layer of `network` from `url`.
  /// - Throws: `ModelFileError` (one line naming the file and key) for an unreadable file, a
  ///   missing `<layer>.pattern`, a pattern whose shape is not the layer's weight shape, or an
  ///   unknown `estimator` metadata value.
  public static func load(from url: URL, for network: Network) throws -> PatternSet {
    let file = try SafeTensorsFile(contentsOf: url)
    let estimatorName = file.metadata["estimator"] ?? PatternEstimatorKind.linear.rawValue
    guard let estimator = PatternEstimatorKind(rawValue: estimatorName) else {
      throw ModelFileError.invalidField(
        file: url.path, field: "__metadata__.estimator", expected: "\"linear\" or \"relu\"",
        got: "\"\(estimatorName)\"")
    }
    var set = PatternSet(estimator: estimator, patterns: [:])
    for layer in network.layers {
      guard let weight = PatternSet.weight(of: layer) else { continue }
      let key = "\(layer.name).pattern"
      guard file.contains(key) else {
        throw ModelFileError.missingTensor(
          file: url.path, key: key, expected: "the pattern of layer \(layer.name), shape \(weight.shape)")
      }
      set.patterns[layer.name] = try checked(file, key: key, shape: weight.shape)
      let negative = "\(layer.name).pattern_negative"
      if file.contains(negative) {
        set.negativePatterns[layer.name] = try checked(file, key: negative, shape: weight.shape)
      }
    }
    return set
  }

  /// Tensor `key` of `file`, which must have `shape`.
  private static func checked(_ file: SafeTensorsFile, key: String, shape: [Int]) throws -> Tensor {
    let t = try file.tensor(named: key)
    guard t.shape == shape else {
      throw ModelFileError.shapeMismatch(file: file.path, key: key, expected: "\(shape)", got: t.shape)
    }
    return t
  }

  /// The weight of a dense or conv layer, `nil` for parameter-free layers.
  static func weight(of layer: Layer) -> Tensor? {
    switch layer {
    case .dense(let d): d.weight
    case .conv2d(let c): c.weight
    default: nil
    }
  }
}
