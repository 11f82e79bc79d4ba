import Symbolic
import Testing
import _BPTestSupport

@Suite struct CompiledExprTests {
  /// The stack machine (with its sum cache) against the tree-walking evaluator on 500 random
  /// expressions and random layers; both follow IEEE semantics, so values agree bit-for-bit
  /// (including inf and NaN).
  @Test func agreesWithTreeWalkingEvaluator() {
    var sampler = SampleLayers(assumptions: .unconstrained.declaring("k2", .any), seed: 7)
    for seed in 0..<500 as Range<UInt64> {
      var g = ParserTests.Generator(state: seed)
      let e = g.expr(depth: 4)
      let layer = sampler.next(parameterNames: e.parameters)
      let compiled = CompiledExpr(e).matrix(in: layer)
      let walked = e.matrix(in: layer)
      let same = zip(compiled, walked).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
      #expect(same, "seed \(seed): \(e): \(compiled) vs \(walked)")
      if !same { return }
    }
  }
}

/// A 1-D convolution as a sparse layer: 4 inputs, 3 outputs, kernel [2, −1] shared by all outputs;
/// output j reads inputs j (slot 0, weight 2) and j+1 (slot 1, weight −1).
/// a = [1, 2, 3, 4], b = 0, so z_j = 2a_j − a_{j+1} = [0, 1, 2].
/// Edge order (by output): (0,0), (1,0), (1,1), (2,1), (2,2), (3,2).
@Suite struct ConnectivityTests {
  static let conv = Connectivity(
    inputs: 4, inputsOfOutput: (0..<3).map { j in [(input: j, slot: 0), (input: j + 1, slot: 1)] })
  static let values: [Quantity: [Double]] = [.a: [1, 2, 3, 4], .w: [2, -1], .b: [0, 0, 0], .z: [0, 1, 2]]

  private func entries(_ id: String, parameters: [String: Double] = [:]) -> [Double] {
    CompiledExpr(RuleCatalogue.entry(id)!.rule.localEntry).entries(
      on: Self.conv, values: Self.values, parameters: parameters)
  }

  @Test func structure() {
    #expect(Self.conv.edgeCount == 6)
    #expect(Self.conv.slotCount == 2)
    #expect(Self.conv.inputStart == [0, 1, 3, 5, 6])
  }

  @Test func receptiveFieldSums() {
    // z⁺ with eps = 1: a·w⁺ = 2a_j on the slot-0 edge, 0 on the slot-1 edge; Σᵢ + 1 = [3, 5, 7].
    expectClose(entries("zplus", parameters: ["eps": 1]), [2.0 / 3, 0, 4.0 / 5, 0, 6.0 / 7, 0])
    // flat: two inputs per output.
    expectClose(entries("flat"), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    // w²: [4, 1] / 5.
    expectClose(entries("dtd.w2"), [0.8, 0.2, 0.8, 0.2, 0.8, 0.2])
  }

  @Test func outputSumsRunOverTheOutputsOfAnInput() throws {
    // sum_j(w[i,j]) at input i: i=0 → 2; i=1 → −1 + 2; i=2 → −1 + 2; i=3 → −1.
    let e = CompiledExpr(try Expr(parsing: "sum_j(w[i,j])"))
    expectClose(e.entries(on: Self.conv, values: Self.values, parameters: [:]), [2, 1, 1, 1, 1, -1])
  }

  /// Independent path: z⁺ and LRP-0 entries equal the dense evaluation with zero weights off the
  /// receptive field (those contribute a·pos(0) = 0 to every sum).
  @Test func agreesWithZeroFilledDenseLayer() {
    var w = [Double](repeating: 0, count: 12)
    for j in 0..<3 {
      w[j * 3 + j] = 2
      w[(j + 1) * 3 + j] = -1
    }
    let dense = LayerValues.dense(a: [1, 2, 3, 4], w: w, b: [0, 0, 0], parameters: ["eps": 0.5])
    for id in ["zplus", "lrp.0", "excitation", "lrp.epsilon"] {
      let c = RuleCatalogue.entry(id)!.rule.localEntry
      let full = c.matrix(in: dense)
      let onEdges = (0..<6).map { e in full[Self.conv.edgeInput[e] * 3 + Self.conv.edgeOutput[e]] }
      let sparse = CompiledExpr(c).entries(on: Self.conv, values: Self.values, parameters: ["eps": 0.5])
      expectClose(sparse, onEdges, rtol: 1e-15, "\(id)")
    }
  }
}

@Suite struct VectorEvaluatorTests {
  /// Whole-layer columns against the tree-walking evaluator: 500 random expressions as entries
  /// (bound i, j) on random dense layers; bit-for-bit (same summation order), NaN = NaN.
  @Test func entriesAgreeWithTreeWalking() {
    var sampler = SampleLayers(assumptions: .unconstrained.declaring("k2", .any), seed: 11)
    for seed in 0..<500 as Range<UInt64> {
      var g = ParserTests.Generator(state: seed)
      let e = g.expr(depth: 4)
      let layer = sampler.next(parameterNames: e.parameters)
      let byEdge = VectorEvaluator(layer).entries(e)
      let walked = (0..<layer.outputs).flatMap { j in (0..<layer.inputs).map { i in e.evaluate(in: layer, i: i, j: j) } }
      let same = zip(byEdge, walked).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
      #expect(same, "seed \(seed): \(e)")
      if !same { return }
    }
  }

  /// Applying every catalogue rule to a layer (lower relevance from upper relevance) agrees with
  /// the tree-walking evaluation of the rule body on 20 random layers each.
  @Test func relevanceAgreesWithTreeWalking() {
    for entry in RuleCatalogue.all {
      var sampler = SampleLayers(assumptions: entry.assumptions, seed: 5)
      for sample in 0..<20 {
        let layer = sampler.next()
        let fast = VectorEvaluator(layer).relevance(entry.rule)
        let slow = (0..<layer.inputs).map { entry.rule.body.evaluate(in: layer, i: $0) }
        let same = zip(fast, slow).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        #expect(same, "\(entry.id) sample \(sample): \(fast) vs \(slow)")
        if !same { break }
      }
    }
  }

  @Test func relevanceOnTheConvolution() {
    // z⁺ entries on the 1-D convolution are [2/3, 0, 4/5, 0, 6/7, 0] (ConnectivityTests); with
    // R = [3, 5, 7]: R_0 = 2/3·3 = 2, R_1 = 0·3 + 4/5·5 = 4, R_2 = 0·5 + 6/7·7 = 6, R_3 = 0·7 = 0.
    var values = ConnectivityTests.values
    values[.R] = [3, 5, 7]
    let evaluator = VectorEvaluator(connectivity: ConnectivityTests.conv, values: values, parameters: ["eps": 1])
    let rule = RuleCatalogue.entry("zplus")!.rule
    expectClose(evaluator.relevance(rule), [2, 4, 6, 0], rtol: 1e-15, atol: 1e-15)
    expectClose(evaluator.entries(rule.localEntry), [2.0 / 3, 0, 4.0 / 5, 0, 6.0 / 7, 0], rtol: 1e-15)
  }
}

@Suite struct DenseLayoutTests {
  /// PyTorch layout [out, in]: W = [[1, 2, 3], [4, 5, 6]] (2 outputs, 3 inputs) binds to w[i,j] = W[j][i].
  @Test func outputMajorWeightsNeedNoTranspose() throws {
    let g = Connectivity.denseOutputMajor(inputs: 3, outputs: 2)
    let e = VectorEvaluator(connectivity: g, values: [.w: [1, 2, 3, 4, 5, 6]], parameters: [:])
    // Edges by output: (i0,j0) (i1,j0) (i2,j0) (i0,j1) (i1,j1) (i2,j1).
    #expect(e.entries(.symbol(.w)) == [1, 2, 3, 4, 5, 6])
    // sum_j(w[i,j]) at input i: column sums of W = [5, 7, 9].
    #expect(e.entries(try Expr(parsing: "sum_j(w[i,j])")) == [5, 7, 9, 5, 7, 9])
  }
}
