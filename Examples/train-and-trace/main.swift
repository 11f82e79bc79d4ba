// A first lesson in how data flows: train a small CNN on the built-in synthetic shapes, then
// trace one image through it and print the shape of every activation the attribution methods use.
import BackpropAudit

let data = SyntheticShapes.make(count: 3000, size: .small, seed: 1)
let (train, heldOut) = data.split(heldOutFraction: 0.2, seed: 1)
print("data: \(train.count) training and \(heldOut.count) held-out images of shape \(SyntheticShapes.Size.small.shape)")

let initial = Network.smallCNN(inputShape: SyntheticShapes.Size.small.shape, classes: SyntheticShapes.classCount, seed: 1)
let network = try Trainer(epochs: 4, batchSize: 32, seed: 1).train(
  initial, inputs: train.inputs, labels: train.labels, optimizer: Adam(),
  onEpoch: { print("epoch \($0.epoch): loss \($0.loss), training accuracy \($0.trainAccuracy)") })
print("held-out accuracy: \(try Trainer.accuracy(of: network, on: heldOut.inputs, labels: heldOut.labels))")

// The forward trace keeps every layer's input and output: the raw material of every rule.
let trace = network.trace(heldOut.inputs.sample(0))
print("trace of one image:")
print("  input".padding(toLength: 14, withPad: " ", startingAt: 0) + "\(trace.activations[0].shape)")
for (layer, activation) in zip(network.layers, trace.activations.dropFirst()) {
  print("  \(layer.name)".padding(toLength: 14, withPad: " ", startingAt: 0) + "\(activation.shape)")
}
