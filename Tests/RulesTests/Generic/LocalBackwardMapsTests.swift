import Foundation
import Matrices
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// Local backward maps: their chain reproduces the propagator, operators agree with their
/// explicit matrices and adjoints, columns agree with one-layer propagation of unit vectors and
/// with finite differences, and on a hand-worked dense layer every catalogue entry gives the
/// matrix of the independent stack-machine evaluator (checked against hand derivations in
/// SymbolicTests/EvaluatorTests).
@Suite struct LocalBackwardMapsTests {
  static let names = ["lrp-epsilon", "lrp-zplus", "lrp-alpha2-beta1", "gradient", "guided-backprop", "deconv", "rectgrad"]

  static func start(_ method: NetworkRule, net: Network, trace: ForwardTrace, targets: [Int]) -> RelevanceStart {
    RelevanceStart(
      layer: net.layers.count - 1, relevance: GenericZennitFixtureTests.seed(method.seed, logits: trace.output, targets: targets))
  }

  @Test(arguments: GenericZennitFixtureTests.models)
  func chainOfMapsReproducesThePropagator(_ model: String) throws {
    let (net, batch, trace) = try FixtureModel.load(model).networkBatchTrace
    let targets = try #require(batch.targets)
    for name in Self.names {
      let method = try NetworkRule.catalogue(name, convention: .zennit)
      let start = Self.start(method, net: net, trace: trace, targets: targets)
      let attribution = try GenericRulePropagator(method: method).propagate(network: net, trace: trace, start: start)
      let prepared = try LocalBackwardMaps(network: net, trace: trace, method: method, start: start)
      for row in [0, 3] {
        let maps = prepared.maps(row: row)
        #expect(maps.count == net.layers.count)
        var r = start.relevance.sample(row).scalars.map(Double.init)
        for map in maps.reversed() { r = map.apply(r) }
        let want = attribution.input.sample(row).scalars.map(Double.init)
        expectClose(r, want, rtol: 1e-5, atol: 1e-9, "\(model) \(name) row \(row)")
      }
    }
  }

  @Test func operatorsAgreeWithTheirMatricesAndAdjoints() throws {
    let (net, batch, trace) = try FixtureModel.load("tiny_cnn").networkBatchTrace
    let method = try NetworkRule.catalogue("lrp-alpha2-beta1", convention: .zennit)
    let start = Self.start(method, net: net, trace: trace, targets: try #require(batch.targets))
    let maps = try LocalBackwardMaps.compute(network: net, trace: trace, row: 2, method: method, start: start)
    #expect(maps.map(\.layerType) == net.layers.map(\.typeName))
    var generator = SeededGenerator(seed: 5)
    for map in maps {
      let m = map.materialized()
      #expect(m.rows == map.rows && m.columns == map.columns)
      let adjoint = map.linearOperator.applyAdjoint(Matrix.identity(map.rows))
      expectClose(adjoint.scalars, m.transposed().scalars, rtol: 1e-14, atol: 1e-14, "\(map.layerName) adjoint")
      let v = (0..<map.columns).map { _ in generator.nextGaussian() }
      let direct = (0..<map.rows).map { i in (0..<map.columns).reduce(0.0) { $0 + m[i, $1] * v[$1] } }
      expectClose(map.apply(v), direct, rtol: 1e-12, atol: 1e-14, "\(map.layerName) apply")
    }
    if case .matrix = maps[net.layers.count - 1].representation {} else { Issue.record("dense layer should be a matrix") }
    if case .operator = maps[0].representation {} else { Issue.record("conv layer should be an operator") }
  }

  /// For rules linear in R, column j of C is the one-layer propagation of the unit vector e_j.
  @Test(arguments: ["small_cnn_strided", "tiny_cnn"])
  func columnsAreOneLayerPropagationsOfUnitVectors(_ model: String) throws {
    let (net, _, trace) = try FixtureModel.load(model).networkBatchTrace
    let single = trace.row(1)
    for name in ["lrp-zplus", "lrp-alpha2-beta1", "gradient"] {
      let method = try NetworkRule.catalogue(name, convention: .zennit)
      let maps = try LocalBackwardMaps.compute(network: net, trace: single, row: 0, method: method)
      for (l, map) in maps.enumerated() {
        let m = map.materialized()
        for j in stride(from: 0, to: map.columns, by: max(1, map.columns / 7)) {
          var unit = Tensor(shape: single.activations[l + 1].shape)
          unit.scalars[j] = 1
          let lower = try GenericRulePropagator(method: method)
            .propagate(network: net, trace: single, start: RelevanceStart(layer: l, relevance: unit)).relevances[l]
          expectClose(m.column(j), lower.scalars.map(Double.init), rtol: 1e-6, atol: 1e-9, "\(model) \(name) \(map.layerName) j=\(j)")
        }
      }
    }
  }

  /// Guided BP is not linear in R: its map at a ReLU is the derivative at the given signal;
  /// central differences away from the kinks (|R| ≥ 0.1, step 0.01) agree.
  @Test func signalDependentMapIsTheDerivative() throws {
    let (net, _, trace) = try FixtureModel.load("tiny_mlp").networkBatchTrace
    let single = trace.row(0)
    for name in ["guided-backprop", "deconv"] {
      let method = try NetworkRule.catalogue(name)
      var generator = SeededGenerator(seed: 11)
      let relu = try #require(net.layerIndex(named: "relu3"))
      let upper = (0..<single.activations[relu + 1].count).map { _ -> Double in
        let g = generator.nextGaussian()
        return g >= 0 ? g + 0.1 : g - 0.1
      }
      func lower(_ r: [Double]) throws -> [Double] {
        let start = RelevanceStart(layer: relu, relevance: Tensor(shape: [1, r.count], scalars: r.map(Float.init)))
        return try GenericRulePropagator(method: method).propagate(network: net, trace: single, start: start)
          .relevances[relu].scalars.map(Double.init)
      }
      let start = RelevanceStart(layer: relu, relevance: Tensor(shape: [1, upper.count], scalars: upper.map(Float.init)))
      let maps = try LocalBackwardMaps.compute(network: net, trace: single, row: 0, method: method, start: start)
      let c = maps[relu].materialized()
      let h = 0.01
      for j in upper.indices {
        var up = upper
        var down = upper
        up[j] += h
        down[j] -= h
        let numeric = zip(try lower(up), try lower(down)).map { ($0 - $1) / (2 * h) }
        expectClose(c.column(j), numeric, rtol: 1e-4, atol: 1e-4, "\(name) j=\(j)")
      }
    }
  }

  /// The hand-worked layer of SymbolicTests/EvaluatorTests as a one-layer network.
  static func handWorkedNetwork() throws -> (Network, ForwardTrace, RuleBindings) {
    // w[i,j] (i-major) = [[1, -1], [2, 1], [-1, 3]] → PyTorch [out, in] = [[1, 2, -1], [-1, 1, 3]].
    let dense = Dense(
      name: "fc", weight: Tensor(shape: [2, 3], scalars: [1, 2, -1, -1, 1, 3]), bias: Tensor(shape: [2], scalars: [1, -2]))
    let net = try Network(inputShape: [3], layers: [.dense(dense)])
    let trace = net.trace(Tensor(shape: [1, 3], scalars: [1, 2, 3]))
    // p[i,j] = [[1, 2], [0, -1], [3, 1]] → [out, in] = [[1, 0, 3], [2, -1, 1]].
    let bindings = RuleBindings(
      reference: net.trace(Tensor(shape: [1, 3])), low: [0], high: [4],
      patterns: ["fc": Tensor(shape: [2, 3], scalars: [1, 0, 3, 2, -1, 1])])
    return (net, trace, bindings)
  }

  @Test func everyCatalogueEntryOnTheHandWorkedLayer() throws {
    let (net, trace, bindings) = try Self.handWorkedNetwork()
    let parameters: [String: Double] = ["eps": 1, "gamma": 1, "alpha": 2, "beta": 1]
    let layer = LayerValues.dense(
      a: [1, 2, 3], w: [1, -1, 2, 1, -1, 3], b: [1, -2], a0: [0, 0, 0],
      extra: [.l: [0, 0, 0], .h: [4, 4, 4], .p: [1, 2, 0, -1, 3, 1], .R: [1, -1]], parameters: parameters)
    let start = RelevanceStart(layer: 0, relevance: Tensor(shape: [1, 2], scalars: [1, -1]))
    for entry in RuleCatalogue.all {
      let method = NetworkRule(name: entry.id, seed: .logitValue, linear: entry.rule, parameters: parameters)
      let maps = try LocalBackwardMaps.compute(network: net, trace: trace, row: 0, method: method, bindings: bindings, start: start)
      guard case .matrix(let m) = maps[0].representation else {
        Issue.record("\(entry.id): dense map is not a matrix")
        continue
      }
      let want = CompiledExpr(entry.rule.localEntry).matrix(in: layer)
      expectClose(m.scalars, want, rtol: 1e-12, atol: 1e-14, "\(entry.id)")
    }
  }
}
