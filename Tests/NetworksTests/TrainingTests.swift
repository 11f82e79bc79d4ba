import Foundation
import Matrices
import Networks
import Testing
import _BPTestSupport

@Suite struct TrainingTests {
  /// Row 0: logits (0, ln 3) → softmax (1/4, 3/4), label 0, loss ln 4.
  /// Row 1: logits (1000, 1000) → (1/2, 1/2) without overflow, label 1, loss ln 2.
  @Test func crossEntropyByHand() {
    let logits = Tensor(shape: [2, 2], scalars: [0, Float(log(3.0)), 1000, 1000])
    let (loss, gradient) = Loss.softmaxCrossEntropy(logits: logits, labels: [0, 1])
    expectClose(loss, Float(1.5 * log(2.0)), rtol: 1e-6)
    expectClose(gradient.scalars, [(0.25 - 1) / 2, 0.75 / 2, 0.5 / 2, (0.5 - 1) / 2], rtol: 1e-6)
  }

  /// Two Gaussian blobs in 2-D, centres (±2, ±2): an MLP trained with Adam separates them.
  static func blobs(count: Int, seed: UInt64) -> (Tensor, [Int]) {
    var g = SeededGenerator(seed: seed)
    var x: [Float] = []
    var y: [Int] = []
    for i in 0..<count {
      let label = i % 2
      let centre: Float = label == 0 ? -2 : 2
      x += [centre + Float(g.nextGaussian()), centre + Float(g.nextGaussian())]
      y.append(label)
    }
    return (Tensor(shape: [count, 2], scalars: x), y)
  }

  @Test func mlpSeparatesBlobs() throws {
    let (x, y) = Self.blobs(count: 200, seed: 1)
    let (xt, yt) = Self.blobs(count: 100, seed: 2)
    var reports: [EpochReport] = []
    var batches: [Int] = []
    let net = try Trainer(epochs: 10, batchSize: 16, seed: 3).train(
      Network.mlp(inputCount: 2, hidden: [8], classes: 2, seed: 4), inputs: x, labels: y,
      optimizer: Adam(learningRate: 0.02), validation: (xt, yt),
      onBatch: { epoch, batch, count in
        #expect(count == 13)  // ⌈200 / 16⌉
        if epoch == 1 { batches.append(batch) }
      },
      onEpoch: { reports.append($0) })
    #expect(batches == Array(1...13))
    #expect(reports.map(\.epoch) == Array(1...10))
    #expect(reports[9].loss < reports[0].loss)
    let accuracy = try Trainer.accuracy(of: net, on: xt, labels: yt)
    #expect(accuracy >= 0.95)
    #expect(reports[9].validationAccuracy == accuracy)
  }

  /// Oriented bars in 8×8 images (horizontal = class 0, vertical = class 1, with noise): the small
  /// CNN trained with SGD + momentum learns them.
  static func bars(count: Int, seed: UInt64) -> (Tensor, [Int]) {
    var g = SeededGenerator(seed: seed)
    var x = [Float](repeating: 0, count: count * 64)
    var y: [Int] = []
    for i in 0..<count {
      let label = i % 2
      let line = Int(g.next() % 8)
      for k in 0..<64 { x[i * 64 + k] = Float(g.nextGaussian() * 0.2) }
      for t in 0..<8 { x[i * 64 + (label == 0 ? line * 8 + t : t * 8 + line)] += 1 }
      y.append(label)
    }
    return (Tensor(shape: [count, 1, 8, 8], scalars: x), y)
  }

  @Test func smallCNNLearnsBars() throws {
    let (x, y) = Self.bars(count: 128, seed: 5)
    let (xt, yt) = Self.bars(count: 64, seed: 6)
    let start = Network.smallCNN(inputShape: [1, 8, 8], classes: 2, seed: 7)
    let net = try Trainer(epochs: 6, batchSize: 16, seed: 8).train(
      start, inputs: x, labels: y, optimizer: SGD(learningRate: 0.05, momentum: 0.9))
    #expect(try Trainer.accuracy(of: net, on: xt, labels: yt) >= 0.95)
  }

  @Test func trainingIsReproducible() throws {
    let (x, y) = Self.blobs(count: 40, seed: 9)
    let trainer = Trainer(epochs: 2, batchSize: 8, seed: 10)
    let start = Network.mlp(inputCount: 2, hidden: [4], classes: 2, seed: 11)
    let a = try trainer.train(
      start, inputs: x, labels: y, optimizer: SGD(learningRate: 0.1, momentum: 0.5))
    let b = try trainer.train(
      start, inputs: x, labels: y, optimizer: SGD(learningRate: 0.1, momentum: 0.5))
    #expect(a == b)
    #expect(a != start)
    // An optimizer chosen at run time (an existential) opens into the generic parameter.
    let chosen: any Optimizer = SGD(learningRate: 0.1, momentum: 0.5)
    #expect(try trainer.train(start, inputs: x, labels: y, optimizer: chosen) == a)
  }

  @Test func badDataIsATypedError() throws {
    let net = Network.mlp(inputCount: 2, hidden: [], classes: 3, seed: 1)
    let x = Tensor(shape: [2, 2])
    #expect(throws: TrainingDataError.labelCount(expected: 2, got: 1)) {
      try Trainer(epochs: 1, seed: 0).train(
        net, inputs: x, labels: [0], optimizer: SGD(learningRate: 0.1))
    }
    #expect(throws: TrainingDataError.labelOutOfRange(row: 1, label: 3, classes: 3)) {
      try Trainer.accuracy(of: net, on: x, labels: [0, 3])
    }
    #expect(throws: TrainingDataError.inputShape(InputShapeError(expected: [2], got: [2, 3]))) {
      try Trainer.accuracy(of: net, on: Tensor(shape: [2, 3]), labels: [0, 1])
    }
    #expect(
      "\(TrainingDataError.labelOutOfRange(row: 1, label: 3, classes: 3))"
        == "labels: row 1 has label 3, expected a class in 0..<3")
  }
}
