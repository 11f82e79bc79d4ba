import Foundation
import Networks
import Testing
@testable import Analysis

@Suite struct ModelZooTests {
  @Test func randomNetworksNeedNoCacheAndFitTheirData() throws {
    let zoo = ModelZoo(cacheDirectory: nil)
    for kind in [ZooNetwork.randomMLP, .randomCNN] {
      let model = try zoo.model(kind, recipe: ZooRecipe(seed: 2, samples: 50, epochs: 0, learningRate: 0, batchSize: 8))
      #expect(model.heldOutAccuracy == nil)
      #expect(Array(model.inputs.shape.dropFirst()) == model.network.inputShape, "\(kind)")
      #expect(model.network.forward(model.inputs).shape == [10, 10])
      #expect(model.heldOut.count == 10)
    }
  }

  @Test func trainedNetworksAreCachedAndRetrainedWhenTheRecipeChanges() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let zoo = ModelZoo(cacheDirectory: dir)
    let recipe = ZooRecipe(seed: 3, samples: 200, epochs: 1, learningRate: 1e-3, batchSize: 16)
    var epochs = 0
    let first = try zoo.model(.trainedCNN, recipe: recipe) { _ in epochs += 1 }
    #expect(epochs == 1)
    let accuracy = try #require(first.heldOutAccuracy)
    let second = try zoo.model(.trainedCNN, recipe: recipe) { _ in epochs += 1 }
    #expect(epochs == 1, "the cached network must be reused")
    #expect(second.network == first.network)
    #expect(second.heldOutAccuracy == first.heldOutAccuracy)
    // The recorded accuracy belongs to the network that was loaded back.
    #expect(try Trainer.accuracy(of: second.network, on: second.heldOut.inputs, labels: second.heldOut.labels) == accuracy)
    var changed = recipe
    changed.seed = 4
    _ = try zoo.model(.trainedCNN, recipe: changed) { _ in epochs += 1 }
    #expect(epochs == 2, "a different recipe must retrain")
  }
}
