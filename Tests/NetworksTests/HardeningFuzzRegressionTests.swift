import Foundation
import Networks
import Testing
import Matrices
import _BPTestSupport

/// Every stored fuzz regression input (`Tests/Fixtures/fuzz-regressions/<target>/`) goes through
/// the API its fuzz target exercises and ends in a thrown error or a clean result, never a crash.
@Suite struct HardeningFuzzRegressionTests {
  /// The regression inputs of `target` (none is fine: the folder only grows when a crash is found).
  static func inputs(_ target: String) -> [URL] {
    let dir = Fixtures.url("fuzz-regressions/\(target)")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.sorted().map { dir.appendingPathComponent($0) }
  }

  @Test func safeTensorsInputs() throws {
    for url in Self.inputs("fuzz-safetensors") {
      guard let file = try? SafeTensorsFile(data: try Data(contentsOf: url), path: url.lastPathComponent) else { continue }
      for key in file.keys {
        _ = try? file.finiteTensor(named: key)
        _ = try? file.int64s(named: key)
      }
    }
  }

  @Test func architectureInputs() throws {
    let inputs = Self.inputs("fuzz-architecture")
    #expect(inputs.count >= 3)
    for url in inputs {
      let data = try Data(contentsOf: url)
      guard let arch = try? Architecture(json: data, path: url.lastPathComponent) else { continue }
      // What parses must stay within the default budget or be refused by it, with its size.
      do {
        try arch.checkMemory(path: url.lastPathComponent)
      } catch let error as ModelFileError {
        guard case .exceedsMemoryBudget = error else {
          Issue.record("\(url.lastPathComponent): unexpected \(error)")
          continue
        }
        continue
      }
      guard let need = try? arch.memoryRequirement(), need.totalBytes <= 1 << 20,
        let network = try? arch.makeNetwork(parameter: { _, shape in Tensor(shape: shape) })
      else { continue }
      #expect(network.forward(Tensor(shape: [1] + network.inputShape)).shape == [1, network.outputCount])
      guard !network.layers.isEmpty else { continue }
      let trace = network.trace(Tensor(shape: [1] + network.inputShape, repeating: 1))
      let last = network.layers.count - 1
      let upstream = Tensor(shape: trace.activations[last + 1].shape, repeating: 1)
      let back = network.backward(trace: trace, upstream: upstream, at: last, parameterGradients: true)
      #expect(back.inputGradient.shape == [1] + network.inputShape, "\(url.lastPathComponent)")
    }
  }

  @Test func reviewedArchitectureCrashesAreNowErrors() throws {
    func error(_ name: String) throws -> ModelFileError? {
      let data = try Data(contentsOf: Fixtures.url("fuzz-regressions/fuzz-architecture/\(name)"))
      return #expect(throws: ModelFileError.self) { try Architecture(json: data, path: name).checkMemory() }
    }
    #expect(try error("review-conv-padding-overflow.json")?.field == "layers[0]")
    #expect(try error("review-flatten-overflow.json")?.field == "layers[0]")
    #expect(try error("review-pool-padding-overflow.json")?.field == "layers[0].padding")
    // 100000 channels × 10^6 pixels × 4 bytes = 4·10^11 bytes of activations, beyond any 24 GB machine.
    guard case .exceedsMemoryBudget(_, _, let need, _) = try error("review-activation-bomb.json") else {
      Issue.record("expected a budget error")
      return
    }
    #expect(need.activationBytes == (1_000_000 + 100_000 * 1_000_000) * 4)
  }

  @Test func idxInputs() throws {
    for url in Self.inputs("fuzz-idx") {
      let data = try Data(contentsOf: url)
      if let images = try? IDXDataset.images(from: data, path: "i") { #expect(images.count == data.count - 16) }
      if let labels = try? IDXDataset.labels(from: data, path: "l") { #expect(labels.count == data.count - 8) }
    }
  }

  @Test func cifarInputs() throws {
    for url in Self.inputs("fuzz-cifar") {
      let data = try Data(contentsOf: url)
      _ = try? CIFAR10.batches(from: [(data, url.lastPathComponent)])
    }
  }
}

/// The convolution geometries of the fuzzer's crashes (padding at least as wide as the input, so
/// some kernel columns see only padding) agree with the naive Double reference, forward and traced.
@Suite struct HardeningPaddingGeometryTests {
  @Test(arguments: [
    // (input [C, H, W], out channels, kernel, stride, padding): the three fuzzer crashes, then variants.
    ([3, 60, 1], 1, Size2D(2, 5), Size2D(1, 1), Size2D(3, 2)),
    ([3, 6, 2], 1, Size2D(6, 6), Size2D(2, 1), Size2D(2, 2)),
    ([2, 6, 2], 2, Size2D(1, 6), Size2D(5, 1), Size2D(1, 2)),
    ([1, 1, 1], 2, Size2D(7, 7), Size2D(1, 1), Size2D(3, 3)),
    ([2, 3, 1], 3, Size2D(3, 9), Size2D(2, 3), Size2D(1, 5)),
  ])
  func convolutionMatchesTheReference(input: [Int], outputs: Int, kernel: Size2D, stride: Size2D, padding: Size2D) throws {
    var g = SeededGenerator(seed: UInt64(input.reduce(0, +) * 31 + kernel.width))
    let conv = Conv2D(
      name: "c", weight: DoubleReference.randomTensor([outputs, input[0], kernel.height, kernel.width], &g),
      bias: DoubleReference.randomTensor([outputs], &g), stride: stride, padding: padding)
    let network = try Network(inputShape: input, layers: [.conv2d(conv)])
    let x = DoubleReference.randomTensor([2] + input, &g)
    let y = network.forward(x)
    let reference = DoubleReference.apply(network.layers, DoubleReference.batch(x))
    expectClose(y.scalars.map(Double.init), reference.values, rtol: 1e-5, atol: 1e-5)
    let trace = network.trace(x)
    #expect(trace.activations[1].scalars == Layer.conv2d(conv).forward(x).scalars)
  }
}
