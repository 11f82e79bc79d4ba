import Foundation
import Matrices
import Networks
import Rules
import Testing

/// Numerical edge cases, per method family (the defined behaviour is documented in
/// Fuzz/README.md, "Numerical edge cases"): dead ReLUs, all-zero inputs, zero denominators, huge
/// and tiny weights, NaN inputs. Every built-in method runs on a ReLU MLP (4 → 6 → 6 → 3).
@Suite struct HardeningNumericsTests {
  /// Methods whose maps carry an activation or forward-mask factor below a dead layer or at a zero
  /// input (gradient family, LRP family, DeepLIFT family).
  static let masked = ["gradient", "input-x-gradient", "guided-backprop", "integrated-gradients", "lrp-0", "lrp-epsilon",
                       "lrp-alpha-beta", "deeplift-rescale"]

  func network(seed: UInt64) -> Network {
    Network.mlp(inputCount: 4, hidden: [6, 6], classes: 3, seed: seed)
  }

  func input(seed: UInt64, rows: Int = 2) -> Tensor {
    var g = SeededGenerator(seed: seed &+ 100)
    return Tensor(shape: [rows, 4], scalars: (0..<(rows * 4)).map { _ in Float(g.nextGaussian()) * 0.5 + 0.5 })
  }

  /// `network` with dense layer `k` (0-based among dense layers) transformed.
  func modified(_ network: Network, dense k: Int, _ change: (inout Dense) -> Void) -> Network {
    var n = network
    var seen = 0
    for l in n.layers.indices {
      guard case .dense(var d) = n.layers[l] else { continue }
      if seen == k {
        change(&d)
        n.layers[l] = .dense(d)
      }
      seen += 1
    }
    return n
  }

  /// Every built-in method (pattern methods with the weights as patterns).
  func methods(for network: Network) throws -> [any RelevancePropagator] {
    var patterns: [String: Tensor] = [:]
    for layer in network.layers { if case .dense(let d) = layer { patterns[d.name] = d.weight } }
    return try MethodRegistry.names.map { name in
      var p = MethodParameters()
      if name.hasPrefix("pattern") { p.patterns = PatternSet(estimator: .linear, patterns: patterns) }
      return try MethodRegistry.make(name, parameters: p)
    }
  }

  func attribute(_ network: Network, _ x: Tensor, _ method: any RelevancePropagator) throws -> Attribution {
    try Attributor(network: network).attribute(x, method: method, target: .classes([0, 1]))
  }

  @Test func deadReLUsBlockRelevanceWithoutNaN() throws {
    for seed in UInt64(0)..<3 {
      // Every unit of the second hidden layer is dead: its pre-activations are ≤ −1000.
      // The logits' bias is 1, so relevance f_c = 1 arrives at the dead layer; the logits'
      // denominators contain that bias, so it absorbs the relevance (nothing is stabilised).
      let net = modified(modified(network(seed: seed), dense: 1) { d in d.bias = Tensor(shape: [6], repeating: -1000) }, dense: 2) { d in
        d.bias = Tensor(shape: [3], repeating: 1)
      }
      let x = input(seed: seed)
      for method in try methods(for: net) {
        let a = try attribute(net, x, method)
        #expect(a.relevances.allSatisfy { $0.scalars.allSatisfy { $0.isFinite } }, "seed \(seed) \(method.name)")
        if Self.masked.contains(method.name) {
          #expect(a.input.scalars.allSatisfy { $0 == 0 }, "seed \(seed) \(method.name): \(a.input.scalars)")
        }
      }
    }
  }

  @Test func allZeroInputsGiveFiniteMapsAndZeroForActivationWeightedRules() throws {
    for seed in UInt64(0)..<3 {
      let net = network(seed: seed)
      let x = Tensor(shape: [2, 4], repeating: 0)
      for method in try methods(for: net) {
        let a = try attribute(net, x, method)
        #expect(a.relevances.allSatisfy { $0.scalars.allSatisfy { $0.isFinite } }, "seed \(seed) \(method.name)")
        if ["input-x-gradient", "integrated-gradients", "lrp-0", "lrp-epsilon", "lrp-alpha-beta", "deeplift-rescale"].contains(method.name) {
          #expect(a.input.scalars.allSatisfy { $0 == 0 }, "seed \(seed) \(method.name): \(a.input.scalars)")
        }
      }
    }
  }

  @Test func zeroDenominatorsAreStabilisedAndCounted() throws {
    for seed in UInt64(0)..<3 {
      // First layer: non-negative weights, zero bias, non-negative inputs: every negative
      // denominator Σᵢ neg(aᵢ wᵢⱼ) of αβ there is exactly 0.
      let net = modified(network(seed: seed), dense: 0) { d in
        d.weight = Tensor(shape: d.weight.shape, scalars: d.weight.scalars.map(abs))
        d.bias = d.bias.map { Tensor(shape: $0.shape, repeating: 0) }
      }
      var x = input(seed: seed)
      x.scalars = x.scalars.map(abs)
      let a = try attribute(net, x, try MethodRegistry.make("lrp-alpha-beta"))
      #expect(a.relevances.allSatisfy { $0.scalars.allSatisfy { $0.isFinite } }, "seed \(seed)")
      #expect(a.stabilisedCount > 0, "seed \(seed)")
      // ε rule: every |z| below ε (weights 1e-30) is stabilised and counted; the relevance is
      // absorbed by ε and the map stays finite.
      let tiny = modified(network(seed: seed), dense: 0) { d in
        d.weight = Tensor(shape: d.weight.shape, scalars: d.weight.scalars.map { $0 * 1e-30 })
      }
      let e = try attribute(tiny, x, try MethodRegistry.make("lrp-epsilon"))
      #expect(e.input.scalars.allSatisfy { $0.isFinite } && e.stabilisedCount > 0, "seed \(seed): \(e.stabilisedCount)")
    }
  }

  /// Scaling dense layer 0 (weights and bias) by `c > 0` scales every logit by `c` (ReLU is
  /// positively homogeneous): gradient maps and αβ maps (ratios, seeded with the logit) scale by `c`.
  @Test(arguments: [Float(1e12), Float(1e-30)])
  func hugeAndTinyWeightsScaleTheMapsExactly(c: Float) throws {
    for seed in UInt64(0)..<3 {
      let net = network(seed: seed)
      let scaled = modified(net, dense: 0) { d in
        d.weight = Tensor(shape: d.weight.shape, scalars: d.weight.scalars.map { $0 * c })
        d.bias = d.bias.map { b in Tensor(shape: b.shape, scalars: b.scalars.map { $0 * c }) }
      }
      let x = input(seed: seed)
      var names = ["gradient", "integrated-gradients"]
      if c > 1 { names.append("lrp-alpha-beta") }
      for name in names {
        let method = try MethodRegistry.make(name)
        let reference = try attribute(net, x, method).input.scalars.map { Double($0) * Double(c) }
        let got = try attribute(scaled, x, method).input.scalars.map(Double.init)
        let scale = reference.map(abs).max() ?? 0
        for (g, r) in zip(got, reference) {
          #expect(abs(g - r) <= 1e-4 * scale, "seed \(seed) \(name) c \(c): \(g) vs \(r)")
        }
      }
      // Every method stays finite (tiny weights: ε-type rules absorb the relevance, no NaN).
      for method in try methods(for: scaled) {
        let finite = try attribute(scaled, x, method).input.scalars.allSatisfy { $0.isFinite }
        #expect(finite, "seed \(seed) \(method.name) c \(c)")
      }
    }
  }

  /// Weights of 1e30 (finite forward pass, ~1e30 activations): the gradient family and the
  /// LRP-0/ε rules stay finite; rules whose intermediate products exceed Float's range (w² of
  /// lrp-wsquare and pattern-attribution with large patterns, R/ε·w of αβ at a zero denominator,
  /// DeepLIFT's multipliers) give ±∞/NaN entries, without trapping. NaN inputs propagate without
  /// trapping (the command line refuses NaN/∞ inputs and weights when loading them, and CSC
  /// drops and counts NaN cosines in `n_nan`).
  @Test func overflowAndNaNInputsPropagateWithoutTrapping() throws {
    let net = modified(network(seed: 1), dense: 0) { d in
      d.weight = Tensor(shape: d.weight.shape, scalars: d.weight.scalars.map { $0 * 1e30 })
    }
    var x = input(seed: 1)
    for method in try methods(for: net) {
      let a = try attribute(net, x, method)
      #expect(a.input.shape == x.shape, "\(method.name)")
      if ["gradient", "input-x-gradient", "guided-backprop", "deconv", "integrated-gradients", "lrp-0", "lrp-epsilon"].contains(method.name) {
        let finite = a.input.scalars.allSatisfy { $0.isFinite }
        #expect(finite, "\(method.name)")
      }
    }
    let plain = network(seed: 1)
    x.scalars[0] = .nan
    for method in try methods(for: plain) {
      // zᴮ (lrp-zb, dtd) derives its bounds from the sample and refuses a NaN one with a typed error.
      guard method.name != "lrp-zb" && method.name != "dtd" else {
        #expect(throws: AttributionError.self) { try attribute(plain, x, method) }
        continue
      }
      let a = try attribute(plain, x, method)
      #expect(a.input.shape == x.shape, "\(method.name)")
    }
  }
}
