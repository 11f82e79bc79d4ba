import Symbolic
import Testing

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
