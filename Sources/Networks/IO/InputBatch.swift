import Foundation

/// A batch of inputs read from a safetensors file (README, File formats): `x` of shape `[N, C, H, W]`
/// or `[N, D]`, and optionally the class to explain per row, `target` (`I64`, `[N]`).
public struct InputBatch: Sendable, Equatable {
  /// The inputs, batch dimension first.
  public var x: Tensor
  /// The class per row, or `nil` when the file has no target tensor.
  public var targets: [Int]?
  /// The file the batch came from (named in later error messages).
  public var path: String
  /// The key `x` was read from.
  public var key: String

  /// Creates a batch from its parts.
  public init(x: Tensor, targets: [Int]?, path: String, key: String = "x") {
    self.x = x
    self.targets = targets
    self.path = path
    self.key = key
  }

  /// Reads a batch: tensor `key` (rank 2 or 4, any float or integer dtype, finite) and, when
  /// present, `targetKey` (`I64` or `I32`, shape `[N]`, non-negative).
  /// - Throws: `ModelFileError` naming the file and the key: missing `key`, wrong rank, non-finite
  ///   values, a target of the wrong dtype, shape or sign.
  public static func load(_ url: URL, key: String = "x", targetKey: String = "target") throws -> InputBatch {
    let file = try SafeTensorsFile(contentsOf: url)
    let shape = try file.shape(of: key)
    guard shape.count == 2 || shape.count == 4, shape[0] > 0 else {
      throw ModelFileError.shapeMismatch(
        file: url.path, key: key, expected: "[N, C, H, W] or [N, D] with N > 0", got: shape)
    }
    let x = try file.finiteTensor(named: key)
    var targets: [Int]?
    if file.contains(targetKey) {
      let targetShape = try file.shape(of: targetKey)
      guard targetShape == [shape[0]] else {
        throw ModelFileError.shapeMismatch(file: url.path, key: targetKey, expected: "[\(shape[0])]", got: targetShape)
      }
      let t = try file.int64s(named: targetKey)
      if let i = t.firstIndex(where: { $0 < 0 }) {
        throw ModelFileError.invalidField(
          file: url.path, field: "\(targetKey)[\(i)]", expected: "a class index ≥ 0", got: "\(t[i])")
      }
      targets = t
    }
    return InputBatch(x: x, targets: targets, path: url.path, key: key)
  }

  /// Checks that every sample has the network's input shape, every target is one of its classes,
  /// and a traced forward pass of the whole batch fits in `memoryBudget`.
  /// - Throws: `ModelFileError.shapeMismatch` (`<file>: x: expected shape [N, 3, 32, 32], got [4, 1, 8, 8]`),
  ///   `.invalidField` for a target outside `0..<network.outputCount`, or `.exceedsMemoryBudget`
  ///   naming the file and key with the computed size.
  public func validate(for network: Network, memoryBudget: MemoryBudget = .current) throws {
    guard Array(x.shape.dropFirst()) == network.inputShape else {
      throw ModelFileError.shapeMismatch(
        file: path, key: key, expected: "[N, \(network.inputShape.map(String.init).joined(separator: ", "))]",
        got: x.shape)
    }
    let classes = network.outputCount
    if let targets, let i = targets.firstIndex(where: { $0 >= classes }) {
      throw ModelFileError.invalidField(
        file: path, field: "target[\(i)]", expected: "a class index in 0..<\(classes)", got: "\(targets[i])")
    }
    let need = try Architecture(network).memoryRequirement(batch: x.shape[0], path: path)
    guard need.totalBytes <= memoryBudget.bytes else {
      throw ModelFileError.exceedsMemoryBudget(file: path, field: key, requirement: need, budget: memoryBudget)
    }
  }
}
