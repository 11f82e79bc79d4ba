import Matrices
import Networks
import Rules
import Testing
import _BPTestSupport

/// The LRP kernels on layers large enough for the `Conv2D` Winograd path (3×3, stride 1, ≥ 16
/// channels, stacked sign-split grids of 32 output channels): agreement with the generic
/// evaluator, and bitwise identical results for 1 and 2 threads.
@Suite(.serialized) struct WinogradPathTests {
  /// `conv1 3→16 k3 p1 – relu – conv2 16→16 k3 p1 – relu – maxpool 2 – flatten – fc1 144→10` on
  /// `[3, 6, 6]`, with biases.
  static func network(seed: UInt64) throws -> Network {
    var g = SeededGenerator(seed: seed)
    func gaussian(_ shape: [Int], scale: Float) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(g.nextGaussian()) * scale })
    }
    func conv(_ name: String, _ cin: Int, _ cout: Int) -> Layer {
      .conv2d(
        Conv2D(
          name: name, weight: gaussian([cout, cin, 3, 3], scale: 0.3), bias: gaussian([cout], scale: 0.1),
          stride: Size2D(1, 1), padding: Size2D(1, 1)))
    }
    return try Network(
      inputShape: [3, 6, 6],
      layers: [
        conv("conv1", 3, 16), .relu(name: "relu1"), conv("conv2", 16, 16), .relu(name: "relu2"),
        .maxPool2d(Pool2D(name: "pool", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))), .flatten(name: "flatten"),
        .dense(Dense(name: "fc1", weight: gaussian([10, 144], scale: 0.2), bias: gaussian([10], scale: 0.1))),
      ])
  }

  static func input(batch: Int, seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed &+ 77)
    return Tensor(shape: [batch, 3, 6, 6], scalars: (0..<(batch * 108)).map { _ in Float(g.nextGaussian()) })
  }

  @Test(arguments: ["lrp-epsilon", "lrp-zplus", "lrp-alpha2-beta1", "lrp-cmp-alpha2-beta1"])
  func zennitKernelsMatchTheGenericEvaluator(_ name: String) throws {
    for seed: UInt64 in [1, 2] {
      let net = try Self.network(seed: seed)
      let trace = net.trace(Self.input(batch: 3, seed: seed))
      var parameters = MethodParameters(convention: .zennit)
      var generic: [String: Double] = [:]
      if name.contains("epsilon") || name.contains("cmp") {
        parameters.epsilon = 1e-6
        generic["eps"] = 1e-6
      }
      let fast = try MethodRegistry.make(name, parameters: parameters)
      let rule = GenericRulePropagator(method: try NetworkRule.catalogue(name, convention: .zennit, parameters: generic))
      let start = try Attributor(network: net).start(trace: trace, seed: fast.seed, target: .predicted)
      let f = try fast.propagate(network: net, trace: trace, start: start)
      let g = try rule.propagate(network: net, trace: trace, start: start)
      for l in f.relevances.indices {
        let scale = g.relevances[l].scalars.reduce(Float(0)) { max($0, abs($1)) }
        expectClose(
          f.relevances[l].scalars, g.relevances[l].scalars, rtol: 1e-5, atol: 1e-6 * scale, "\(name) seed \(seed) boundary \(l)")
      }
    }
  }

  @Test func resultsAreBitwiseIdenticalForOneAndTwoThreads() throws {
    let net = try Self.network(seed: 3)
    for batch in [1, 9] {
      let x = Self.input(batch: batch, seed: 3)
      for name in ["gradient", "guided-backprop", "lrp-epsilon", "lrp-zplus", "lrp-alpha2-beta1", "lrp-gamma", "dtd", "lrp-wsquare"] {
        let method = try MethodRegistry.make(name)
        Parallelism.maximumThreads = 1
        let one = try Attributor(network: net).attribute(x, method: method)
        Parallelism.reset()
        let two = try Attributor(network: net).attribute(x, method: method)
        for l in one.relevances.indices {
          #expect(
            one.relevances[l].scalars.map(\.bitPattern) == two.relevances[l].scalars.map(\.bitPattern),
            "\(name) batch \(batch) boundary \(l)")
        }
        #expect(one.stabilisedCount == two.stabilisedCount, "\(name)")
      }
    }
  }
}
