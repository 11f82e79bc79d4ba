import Foundation
import Matrices
import Networks
import Testing

/// Results do not depend on the thread count: forward passes and training are bitwise identical
/// with `Parallelism.maximumThreads` 1 and 2. The sizes are above the kernels' serial thresholds
/// (GEMM: m·n·k ≥ 2^21; chunked kernels: 2^16 operations), so the two runs really split the work
/// differently. Other tests running meanwhile are affected only in speed.
@Suite(.serialized) struct HardeningDeterminismTests {
  func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
    Parallelism.maximumThreads = n
    defer { Parallelism.reset() }
    return try body()
  }

  @Test func forwardTraceIsBitwiseIdentical() {
    let network = Network.smallCNN(inputShape: [3, 32, 32], classes: 10, seed: 3)
    var rng = SeededGenerator(seed: 11)
    let x = Tensor(shape: [16, 3, 32, 32], scalars: (0..<(16 * 3 * 1024)).map { _ in Float(rng.nextGaussian()) })
    let one = withThreads(1) { network.trace(x) }
    let two = withThreads(2) { network.trace(x) }
    for (a, b) in zip(one.activations, two.activations) {
      #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "shape \(a.shape)")
    }
  }

  @Test func trainingIsBitwiseIdentical() throws {
    let data = SyntheticShapes.make(count: 256, size: .small, seed: 5)
    let initial = Network.smallCNN(inputShape: Array(data.inputs.shape.dropFirst()), classes: 10, seed: 5)
    let trainer = Trainer(epochs: 1, batchSize: 128, seed: 5)
    let one = try withThreads(1) {
      try trainer.train(initial, inputs: data.inputs, labels: data.labels, optimizer: Adam(learningRate: 1e-3))
    }
    let two = try withThreads(2) {
      try trainer.train(initial, inputs: data.inputs, labels: data.labels, optimizer: Adam(learningRate: 1e-3))
    }
    #expect(one != initial)
    for (a, b) in zip(one.stateDict, two.stateDict) {
      #expect(a.tensor.scalars.map(\.bitPattern) == b.tensor.scalars.map(\.bitPattern), "\(a.key)")
    }
  }

  @Test func theCapIsReadBack() {
    withThreads(1) { #expect(Parallelism.maximumThreads == 1) }
    #expect(Parallelism.maximumThreads == Parallelism.defaultThreads)
  }
}
