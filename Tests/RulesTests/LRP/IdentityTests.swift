import Matrices
import Networks
import Testing
import _BPTestSupport

@testable import Rules

/// Identities between methods on random networks (paper-digest §3), looped over seeds.
@Suite struct IdentityTests {
  static let seeds: [UInt64] = [1, 2, 3, 4, 5]

  func run(_ name: String, _ net: Network, _ x: Tensor, _ p: MethodParameters = MethodParameters(), target: TargetSelection = .predicted) throws -> Attribution {
    try Attributor(network: net).attribute(x, method: MethodRegistry.make(name, parameters: p), target: target)
  }

  @Test func lrpZeroEqualsInputTimesGradientWithoutBias() throws {
    for seed in Self.seeds {
      for net in try RandomNetworks.both(seed: seed, bias: false) {
        let x = RandomNetworks.input(net, batch: 3, seed: seed)
        // LRP-0 seeds f_c, but R/z = 1 at the logit, so no rescaling: R = x ⊙ ∇f_c.
        let lrp = try run("lrp-0", net, x)
        let ixg = try run("input-x-gradient", net, x)
        expectClose(lrp.input.scalars, ixg.input.scalars, rtol: 1e-4, atol: 0, "seed \(seed) \(net.layers[0].name)")
      }
    }
  }

  @Test func zPlusEqualsAlpha1Beta0EqualsExcitationOnNonNegativeInputs() throws {
    for seed in Self.seeds {
      for net in try RandomNetworks.both(seed: seed, bias: true) {
        let x = RandomNetworks.input(net, batch: 3, seed: seed, nonNegative: true)
        for convention in Convention.allCases {
          let p = MethodParameters(convention: convention)
          let zPlus = try run("lrp-zplus", net, x, p).input.scalars
          expectClose(try run("lrp-alpha1-beta0", net, x, p).input.scalars, zPlus, rtol: 1e-6, "seed \(seed)")
          expectClose(try run("excitation-bp", net, x, p).input.scalars, zPlus, rtol: 1e-6, "seed \(seed)")
        }
      }
    }
  }

  @Test(arguments: ["lrp-zplus", "lrp-alpha2-beta1", "lrp-alpha5-beta4", "lrp-0", "dtd"])
  func conservationWithoutBias(_ method: String) throws {
    for seed in Self.seeds {
      // Wide layers: every unit has positive and negative contributions, the αβ condition.
      for net in try RandomNetworks.both(seed: seed, bias: false, wide: true) {
        let nonNegative = method == "dtd"
        let x = RandomNetworks.input(net, batch: 3, seed: seed, nonNegative: nonNegative)
        var p = MethodParameters()
        if method == "dtd" { (p.low, p.high) = ([0], [10]) }
        let result = try run(method, net, x, p)
        let logits = net.forward(x)
        let classes = Network.rowArgmax(logits)
        let size = x.count / 3
        for row in 0..<3 {
          let total = result.input.scalars[(row * size)..<((row + 1) * size)].reduce(0, +)
          let logit = logits.scalars[row * logits.shape[1] + classes[row]]
          if method == "dtd" && net.layers.count < 6 { continue }  // w² top: checked on the CNN only
          expectClose(total, logit, rtol: 1e-4, atol: 1e-6, "\(method) seed \(seed) row \(row)")
        }
      }
    }
  }

  @Test func gradientMatchesCentralDifferences() throws {
    for seed in Self.seeds {
      for net in try RandomNetworks.both(seed: seed, bias: true) {
        let x = RandomNetworks.input(net, batch: 1, seed: seed)
        let c = Network.rowArgmax(net.forward(x))[0]
        let g = try run("gradient", net, x, target: .classes([c])).input.scalars
        let h: Float = 1e-3
        var fd = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
          var plus = x
          var minus = x
          plus.scalars[i] += h
          minus.scalars[i] -= h
          fd[i] = (net.forward(plus).scalars[c] - net.forward(minus).scalars[c]) / (2 * h)
        }
        expectClose(g, fd, rtol: 5e-3, atol: 0, "seed \(seed) \(net.layers[0].name)")
      }
    }
  }

  @Test func guidedBackpropEqualsGradientWhenEverySignalIsPositive() throws {
    for seed in Self.seeds {
      // Positive weights: every upstream gradient signal is ≥ 0, so the guided ReLU keeps all.
      for net in try RandomNetworks.both(seed: seed, bias: true, positive: true) {
        let x = RandomNetworks.input(net, batch: 2, seed: seed)
        let grad = try run("gradient", net, x)
        let guided = try run("guided-backprop", net, x)
        for l in grad.relevances.indices {
          #expect(grad.relevances[l] == guided.relevances[l], "seed \(seed) layer \(l)")
        }
      }
    }
  }

  @Test func guidedBackpropDiffersFromGradientOnMixedWeights() throws {
    let net = try RandomNetworks.cnn(seed: 9, bias: true)
    let x = RandomNetworks.input(net, batch: 2, seed: 9)
    #expect(try run("gradient", net, x).input != run("guided-backprop", net, x).input)
  }

  /// Batch 6 takes the GEMM path for dense layers, single samples the small-batch path.
  @Test func batchEqualsSampleBySample() throws {
    let net = try RandomNetworks.cnn(seed: 11, bias: true)
    let x = RandomNetworks.input(net, batch: 6, seed: 11)
    for method in ["lrp-alpha2-beta1", "lrp-zplus", "lrp-gamma", "dtd", "lrp-epsilon", "gradient", "lrp-0"] {
      let batch = try run(method, net, x).input
      for s in 0..<6 {
        let single = try run(method, net, x.sample(s)).input
        expectClose(batch.sample(s).scalars, single.scalars, rtol: 1e-5, "\(method) sample \(s)")
      }
    }
  }

  /// Large dense layers: the parallel small-batch kernels (N ≤ 4) against the GEMM path (N = 5).
  @Test func largeDenseSmallBatchMatchesGEMM() throws {
    var g = SeededGenerator(seed: 77)
    let net = try Network(
      inputShape: [600],
      layers: [
        RandomNetworks.dense("fc1", 600, 300, bias: true, &g), .relu(name: "relu1"),
        RandomNetworks.dense("fc2", 300, 4, bias: true, &g),
      ])
    let x = RandomNetworks.input(net, batch: 5, seed: 77, nonNegative: true)
    for method in ["gradient", "lrp-epsilon", "lrp-zplus", "lrp-alpha2-beta1"] {
      let batch = try run(method, net, x, target: .classes([0, 1, 2, 3, 0]))
      let targets = [0, 1, 2, 3, 0]
      for s in 0..<5 {
        let single = try run(method, net, x.sample(s), target: .classes([targets[s]]))
        for l in 0..<2 {
          expectClose(batch.relevances[l].sample(s).scalars, single.relevances[l].scalars, rtol: 1e-4, "\(method) sample \(s) layer \(l)")
        }
      }
    }
  }

  /// A larger CNN whose batch takes the parallel elementwise, im2col and col2im paths; single
  /// samples mostly take the serial ones.
  @Test func parallelPathsMatchSampleBySample() throws {
    var g = SeededGenerator(seed: 31)
    let net = try Network(
      inputShape: [3, 48, 48],
      layers: [
        RandomNetworks.conv("conv1", 3, 8, k: 3, stride: 1, pad: 1, bias: true, &g), .relu(name: "relu1"),
        .maxPool2d(Pool2D(name: "maxpool2", kernelSize: Size2D(2, 2), stride: Size2D(2, 2))),
        RandomNetworks.conv("conv3", 8, 8, k: 3, stride: 1, pad: 1, bias: true, &g), .relu(name: "relu4"),
        .avgPool2d(Pool2D(name: "avgpool5", kernelSize: Size2D(4, 4), stride: Size2D(4, 4))),
        .flatten(name: "flatten6"),
        RandomNetworks.dense("fc1", 288, 5, bias: true, &g),
      ])
    let x = RandomNetworks.input(net, batch: 3, seed: 31)
    for method in ["lrp-alpha2-beta1", "lrp-epsilon", "gradient"] {
      let batch = try run(method, net, x)
      for s in 0..<3 {
        let single = try run(method, net, x.sample(s), target: .classes([Network.rowArgmax(net.forward(x))[s]]))
        expectClose(batch.input.sample(s).scalars, single.input.scalars, rtol: 1e-5, "\(method) sample \(s)")
      }
    }
  }
}
