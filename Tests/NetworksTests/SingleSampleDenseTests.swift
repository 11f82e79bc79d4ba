import Matrices
import Testing
import _BPTestSupport

@testable import Networks

/// The single-sample dense path (`RowDots`) against the Double loop reference and the batched GEMM.
@Suite struct SingleSampleDenseTests {
  @Test(arguments: [(inputs: 37, outputs: 7), (inputs: 64, outputs: 12), (inputs: 5, outputs: 1)])
  func matchesReference(inputs: Int, outputs: Int) {
    for seed in UInt64(0)..<3 {
      var g = SeededGenerator(seed: seed)
      let d = Dense(
        name: "fc", weight: DoubleReference.randomTensor([outputs, inputs], &g),
        bias: seed == 1 ? nil : DoubleReference.randomTensor([outputs], &g))
      let x = DoubleReference.randomTensor([1, inputs], &g)
      let ref = DoubleReference.apply(.dense(d), DoubleReference.batch(x))
      expectClose(d.forward(x).scalars, ref.values.map(Float.init), rtol: 1e-5, "seed \(seed)")
      // The same row inside a batch (GEMM path) agrees to rounding.
      let batch = Tensor(shape: [2, inputs], scalars: x.scalars + x.scalars)
      expectClose(d.forward(batch).sample(0).scalars, d.forward(x).scalars, rtol: 1e-5, "seed \(seed)")
    }
  }
}
