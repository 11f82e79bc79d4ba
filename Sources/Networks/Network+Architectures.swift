import Matrices

extension Network {
  /// A network from layers the caller built to fit (a programmer error otherwise).
  static func validated(inputShape: [Int], layers: [Layer]) -> Network {
    do {
      return try Network(inputShape: inputShape, layers: layers)
    } catch {
      preconditionFailure("built-in architecture does not fit: \(error)")
    }
  }

  /// The generator for the parameters of layer `index` of a network built from `seed`.
  static func layerGenerator(seed: UInt64, index: Int) -> SeededGenerator {
    SeededGenerator(seed: seed).split(stream: UInt64(index))
  }

  /// A multilayer perceptron `fc1 – relu – fc2 – relu – … – fcK` on vector inputs `[D]`.
  ///
  /// Dense layers are named `fc1`, `fc2`, …; ReLUs get implicit names `relu<index>`.
  /// - Parameters:
  ///   - inputCount: `D`.
  ///   - hidden: the widths of the hidden layers (may be empty: logistic regression).
  ///   - classes: the number of logits.
  ///   - seed: fixes all weights (layer `l` draws from `SeededGenerator(seed).split(stream: l)`).
  ///   - initializer: the weight scheme (He-normal by default); biases are zero.
  public static func mlp(
    inputCount: Int, hidden: [Int], classes: Int, seed: UInt64, initializer: Initializer = .heNormal
  ) -> Network {
    var layers: [Layer] = []
    let widths = [inputCount] + hidden + [classes]
    for k in 0..<(widths.count - 1) {
      var g = layerGenerator(seed: seed, index: layers.count)
      layers.append(
        .dense(
          Dense(
            name: "fc\(k + 1)", inputCount: widths[k], outputCount: widths[k + 1],
            initializer: initializer, generator: &g)))
      if k + 1 < widths.count - 1 { layers.append(.relu(name: "relu\(layers.count)")) }
    }
    return validated(inputShape: [inputCount], layers: layers)
  }

  /// A small fast CNN: `conv1(C→8, 3×3, pad 1) – relu – maxpool 2 – conv2(8→16, 3×3, pad 1) –
  /// relu – maxpool 2 – flatten – fc3(16·⌊⌊H/2⌋/2⌋·⌊⌊W/2⌋/2⌋ → classes)`.
  ///
  /// Made for `1×16×16` inputs (then `fc3` is 256 → classes); any `[C, H, W]` with `H, W ≥ 4` works.
  /// - Parameters:
  ///   - inputShape: `[C, H, W]`.
  ///   - classes: the number of logits.
  ///   - seed: fixes all weights (He-normal, zero biases).
  public static func smallCNN(inputShape: [Int], classes: Int, seed: UInt64) -> Network {
    precondition(
      inputShape.count == 3 && inputShape[1] >= 4 && inputShape[2] >= 4,
      "smallCNN: input must be [C, H≥4, W≥4]")
    let pool = { (index: Int) in
      Layer.maxPool2d(
        Pool2D(name: "maxpool\(index)", kernelSize: Size2D(2, 2), stride: Size2D(2, 2)))
    }
    var g0 = layerGenerator(seed: seed, index: 0)
    var g3 = layerGenerator(seed: seed, index: 3)
    var g7 = layerGenerator(seed: seed, index: 7)
    let flat = 16 * (inputShape[1] / 2 / 2) * (inputShape[2] / 2 / 2)
    return validated(
      inputShape: inputShape,
      layers: [
        .conv2d(
          Conv2D(
            name: "conv1", inputChannels: inputShape[0], outputChannels: 8,
            kernelSize: Size2D(3, 3),
            padding: Size2D(1, 1), initializer: .heNormal, generator: &g0)),
        .relu(name: "relu1"), pool(2),
        .conv2d(
          Conv2D(
            name: "conv2", inputChannels: 8, outputChannels: 16, kernelSize: Size2D(3, 3),
            padding: Size2D(1, 1), initializer: .heNormal, generator: &g3)),
        .relu(name: "relu4"), pool(5), .flatten(name: "flatten6"),
        .dense(
          Dense(
            name: "fc3", inputCount: flat, outputCount: classes, initializer: .heNormal,
            generator: &g7)),
      ])
  }

  /// The paper's CIFAR-10 network (Sixt et al. 2020, after the Keras CIFAR-10 example), input `[3, 32, 32]`:
  ///
  /// ```
  /// conv1(3→32) relu1 conv2(32→64) relu3 maxpool4
  /// conv3(64→128) relu6 conv4(128→128) relu8 maxpool9
  /// flatten10 fc5(8192→1024) relu12 fc6(1024→10)
  /// ```
  /// 3×3 kernels with padding 1 (same), 2×2 max pools with stride 2; He-normal weights, zero biases.
  /// - Parameter seed: fixes all weights (layer `l` draws from `SeededGenerator(seed).split(stream: l)`).
  public static func cifarCNN(seed: UInt64) -> Network {
    var layers: [Layer] = []
    func conv(_ name: String, _ cin: Int, _ cout: Int) {
      var g = layerGenerator(seed: seed, index: layers.count)
      layers.append(
        .conv2d(
          Conv2D(
            name: name, inputChannels: cin, outputChannels: cout, kernelSize: Size2D(3, 3),
            padding: Size2D(1, 1), initializer: .heNormal, generator: &g)))
    }
    func dense(_ name: String, _ cin: Int, _ cout: Int) {
      var g = layerGenerator(seed: seed, index: layers.count)
      layers.append(
        .dense(
          Dense(
            name: name, inputCount: cin, outputCount: cout, initializer: .heNormal, generator: &g)))
    }
    func relu() { layers.append(.relu(name: "relu\(layers.count)")) }
    func pool() {
      layers.append(
        .maxPool2d(
          Pool2D(name: "maxpool\(layers.count)", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))))
    }
    conv("conv1", 3, 32)
    relu()
    conv("conv2", 32, 64)
    relu()
    pool()
    conv("conv3", 64, 128)
    relu()
    conv("conv4", 128, 128)
    relu()
    pool()
    layers.append(.flatten(name: "flatten\(layers.count)"))
    dense("fc5", 8192, 1024)
    relu()
    dense("fc6", 1024, 10)
    return validated(inputShape: [3, 32, 32], layers: layers)
  }
}
