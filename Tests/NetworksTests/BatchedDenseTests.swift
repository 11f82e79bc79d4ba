import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The batched dense forward in both GEMM orientations (`Yᵀ = W Xᵀ` when the batch is no wider
/// than the output, `Y = X Wᵀ` otherwise) against the Double loop reference and a direct GEMM.
@Suite struct BatchedDenseTests {
  @Test(arguments: [
    (batch: 5, inputs: 37, outputs: 13), (batch: 13, inputs: 37, outputs: 5),
    (batch: 7, inputs: 300, outputs: 7), (batch: 2, inputs: 9, outputs: 40),
  ])
  func matchesReferenceAndTheDirectProduct(batch: Int, inputs: Int, outputs: Int) {
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      let d = Dense(
        name: "fc", weight: DoubleReference.randomTensor([outputs, inputs], &g),
        bias: seed == 1 ? nil : DoubleReference.randomTensor([outputs], &g))
      let x = DoubleReference.randomTensor([batch, inputs], &g)
      let y = d.forward(x)
      #expect(y.shape == [batch, outputs])
      let ref = DoubleReference.apply(.dense(d), DoubleReference.batch(x))
      expectClose(y.scalars, ref.values.map(Float.init), rtol: 1e-5, "seed \(seed)")
      // Y = X Wᵀ + b by one GEMM onto the broadcast bias: the same sums in the same order.
      var direct = [Float](repeating: 0, count: batch * outputs)
      if let b = d.bias {
        for s in 0..<batch { for o in 0..<outputs { direct[s * outputs + o] = b.scalars[o] } }
      }
      direct.withUnsafeMutableBufferPointer { c in
        GEMM.sgemm(
          transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs, alpha: 1,
          a: x.scalars, lda: inputs, b: d.weight.scalars, ldb: inputs,
          beta: d.bias == nil ? 0 : 1, c: c.baseAddress!, ldc: outputs)
      }
      #expect(y.scalars == direct, "seed \(seed): orientation changed the bits")
    }
  }
}
