import Foundation

extension Network {
  /// Loads a network from an architecture JSON and a safetensors `state_dict` (README, File formats).
  ///
  /// Every parameter `<name>.weight` (`[out, in]` dense, `[out, in, kh, kw]` conv) and, unless the
  /// layer says `"bias": false`, `<name>.bias` (`[out]`) must be present with exactly that shape;
  /// any other tensor in the file is an error (a bias stored for a `"bias": false` layer included).
  /// Any floating-point or integer dtype is converted to Float32.
  /// - Parameters:
  ///   - architecture: the architecture JSON.
  ///   - weights: the safetensors weight file.
  ///   - allowNonfinite: accept NaN and ±∞ weights (rejected by default).
  ///   - memoryBudget: refuse architectures whose parameters and batch-1 activations need more
  ///     (checked before the weights are read).
  /// - Throws: `ModelFileError` naming the file and the key or field: unreadable or malformed files,
  ///   missing, unexpected or mis-shaped tensors, non-finite weights, layers that do not fit, a
  ///   network beyond the memory budget.
  public static func load(
    architecture: URL, weights: URL, allowNonfinite: Bool = false, memoryBudget: MemoryBudget = .current
  ) throws -> Network {
    let arch = try Architecture(contentsOf: architecture)
    try arch.checkMemory(batch: 1, budget: memoryBudget, path: architecture.path)
    let file = try SafeTensorsFile(contentsOf: weights)
    let expected = arch.parameterShapes
    for (key, shape) in expected where !file.contains(key) {
      throw ModelFileError.missingTensor(file: weights.path, key: key, expected: "a tensor of shape \(shape)")
    }
    let expectedKeys = Set(expected.map(\.key))
    if let extra = file.keys.first(where: { !expectedKeys.contains($0) }) {
      throw ModelFileError.unexpectedTensor(file: weights.path, key: extra, shape: try file.shape(of: extra))
    }
    return try arch.makeNetwork(path: architecture.path) { key, shape in
      let got = try file.shape(of: key)
      guard got == shape else {
        throw ModelFileError.shapeMismatch(file: weights.path, key: key, expected: "\(shape)", got: got)
      }
      return allowNonfinite ? try file.tensor(named: key) : try file.finiteTensor(named: key)
    }
  }

  /// The parameters under their PyTorch `state_dict` keys, in layer order: `<name>.weight`, then
  /// `<name>.bias` when the layer has one.
  public var stateDict: [(key: String, tensor: Tensor)] {
    layers.flatMap { layer -> [(key: String, tensor: Tensor)] in
      switch layer {
      case .dense(let d):
        [("\(d.name).weight", d.weight)] + (d.bias.map { [("\(d.name).bias", $0)] } ?? [])
      case .conv2d(let c):
        [("\(c.name).weight", c.weight)] + (c.bias.map { [("\(c.name).bias", $0)] } ?? [])
      case .maxPool2d, .avgPool2d, .relu, .flatten:
        []
      }
    }
  }

  /// Saves the architecture JSON and the weights (`F32`, `state_dict` keys, metadata
  /// `format = pt`), each atomically, so that `Network.load` and PyTorch's
  /// `model.load_state_dict(safetensors.torch.load_file(weights))` both accept them.
  /// - Throws: `ModelFileError.unwritable`.
  public func save(architecture: URL, weights: URL) throws {
    try SafeTensors.write(stateDict.map { ($0.key, .float32($0.tensor)) }, metadata: ["format": "pt"], to: weights)
    try Architecture(self).write(to: architecture)
  }
}
