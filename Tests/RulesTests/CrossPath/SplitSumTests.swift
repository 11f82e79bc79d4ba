import Matrices
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// The αβ and γ kernels take `z⁻ = (z − b) − z⁺` from the trace on layers with ≥ 64 inputs per
/// unit (one forward product instead of two), summing a unit directly where that difference
/// cancels. The cross-path networks are too narrow for that path, so here: the wide variants
/// against the generic evaluator under both conventions, and a layer built to cancel.
@Suite struct SplitSumTests {
  static let methods = ["lrp-gamma", "lrp-alpha2-beta1", "lrp-alpha5-beta4", "lrp-cmp-alpha2-beta1", "excitation-bp"]

  @Test(arguments: RuleConvention.allCases)
  func wideNetworksMatchTheGenericEvaluator(convention: RuleConvention) throws {
    for bias in [false, true] {
      for c in try CrossPathCases.all(bias: bias, wide: true) {
        for name in Self.methods {
          let fastConvention: Convention = convention == .paper ? .paper : .zennit
          let fast = try MethodRegistry.make(name, parameters: MethodParameters(convention: fastConvention))
          let generic = GenericRulePropagator(method: try NetworkRule.catalogue(name, convention: convention))
          for start in c.starts {
            let tolerance =
              convention == .paper && CrossPathTests.paperActivatorMethods.contains(name)
              ? max(1e-5, 16 * 0x1p-24 * CrossPathCases.paperDenominatorCondition(c.network, c.trace, top: start.layer))
              : 1e-5
            let f = try fast.propagate(network: c.network, trace: c.trace, start: start)
            let g = try generic.propagate(network: c.network, trace: c.trace, start: start)
            for l in 0...start.layer {
              let e = CrossPathTests.error(f.relevances[l].scalars, g.relevances[l].scalars)
              #expect(e <= tolerance, "\(name) \(convention) bias \(bias) \(c.label) start \(start.layer) boundary \(l): \(e)")
            }
          }
        }
      }
    }
  }

  /// `fc 96→4` on a non-negative input: unit 0 has one small negative weight (z⁻ ≪ z⁺), unit 1 a
  /// bias that dwarfs its sums, so `(z − b) − z⁺` cancels and the direct sum must take over.
  @Test func cancellingUnitsAreSummedDirectly() throws {
    var g = SeededGenerator(seed: 5)
    var w = (0..<(4 * 96)).map { _ in Float(g.nextGaussian()) * 0.1 }
    for j in 0..<96 { w[j] = abs(w[j]) }
    w[17] = -1e-4
    let bias: [Float] = [0.3, 400, -0.2, 0.1]
    let net = try Network(
      inputShape: [96], layers: [.dense(Dense(name: "fc", weight: Tensor(shape: [4, 96], scalars: w), bias: Tensor(shape: [4], scalars: bias)))])
    let x = Tensor(shape: [8, 96], scalars: (0..<(8 * 96)).map { _ in abs(Float(g.nextGaussian())) })
    let r = (0..<32).map { _ in Float(g.nextGaussian()) }
    // Batch 8 takes the general path, batch 2 the small-batch dense one.
    for n in [8, 2] {
    let trace = net.trace(Tensor(shape: [n, 96], scalars: Array(x.scalars.prefix(n * 96))))
    let start = RelevanceStart(layer: 0, relevance: Tensor(shape: [n, 4], scalars: Array(r.prefix(n * 4))))
    for convention in RuleConvention.allCases {
      for name in ["lrp-alpha2-beta1", "lrp-gamma"] {
        let fast = try MethodRegistry.make(name, parameters: MethodParameters(convention: convention == .paper ? .paper : .zennit))
        let generic = GenericRulePropagator(method: try NetworkRule.catalogue(name, convention: convention))
        let f = try fast.propagate(network: net, trace: trace, start: start)
        let reference = try generic.propagate(network: net, trace: trace, start: start)
        let e = CrossPathTests.error(f.relevances[0].scalars, reference.relevances[0].scalars)
        #expect(e <= 1e-5, "\(name) \(convention) batch \(n): \(e)")
      }
    }
    }
  }
}
