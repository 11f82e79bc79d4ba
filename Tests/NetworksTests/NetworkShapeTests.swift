import Networks
import Testing

@Suite struct NetworkShapeTests {
  /// The paper's CIFAR-10 network, worked out by hand: 3×32×32 → conv(32) → conv(64) → pool →
  /// conv(128) → conv(128) → pool → 128·8·8 = 8192 → 1024 → 10.
  @Test func cifarShapes() throws {
    func conv(_ name: String, _ i: Int, _ o: Int) -> Layer {
      .conv2d(Conv2D(name: name, weight: Tensor(shape: [o, i, 3, 3]), bias: nil, stride: Size2D(1, 1), padding: Size2D(1, 1)))
    }
    let pool = Pool2D(name: "pool", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))
    let net = try Network(inputShape: [3, 32, 32], layers: [
      conv("conv1", 3, 32), .relu(name: "relu1"), conv("conv2", 32, 64), .relu(name: "relu2"), .maxPool2d(pool),
      conv("conv3", 64, 128), .relu(name: "relu3"), conv("conv4", 128, 128), .relu(name: "relu4"), .maxPool2d(pool),
      .flatten(name: "flatten"), .dense(Dense(name: "fc5", weight: Tensor(shape: [1024, 8192]), bias: nil)),
      .relu(name: "relu5"), .dense(Dense(name: "fc6", weight: Tensor(shape: [10, 1024]), bias: nil)),
    ])
    let shapes = try net.activationShapes()
    #expect(shapes[5] == [64, 16, 16])
    #expect(shapes[10] == [128, 8, 8])
    #expect(shapes[11] == [8192])
    #expect(net.outputCount == 10)
  }

  @Test func denseWithoutFlattenIsRejected() {
    #expect(throws: NetworkError.self) {
      try Network(inputShape: [1, 4, 4], layers: [.dense(Dense(name: "fc", weight: Tensor(shape: [2, 16]), bias: nil))])
    }
  }
}
