import Matrices
import Networks
import Rules

/// Glue between CSC and the attribution contract (`RelevancePropagator`): the batch layout of the
/// paper's notebook and of the reference fixtures (`x.repeat_interleave(V)`, row `i·V + r` is
/// vector `r` of input `i`), the injected Gaussian vectors, and statistics for every layer
/// boundary of one ``Attribution``.
public enum CSCInjection {
  /// `x.repeat_interleave(V, dim=0)`: `[N, …]` → `[N·V, …]`, each input repeated `V` times in a row.
  /// - Complexity: O(N·V·size).
  public static func repeatInputs(_ x: Tensor, vectorsPerInput v: Int) -> Tensor {
    precondition(x.rank >= 1 && v >= 1, "CSCInjection.repeatInputs: needs [N, …] and V ≥ 1")
    let n = x.shape[0]
    let stride = n == 0 ? 0 : x.count / n
    var scalars: [Float] = []
    scalars.reserveCapacity(x.count * v)
    for i in 0..<n {
      let row = x.scalars[(i * stride)..<((i + 1) * stride)]
      for _ in 0..<v { scalars += row }
    }
    return Tensor(shape: [n * v] + x.shape.dropFirst(), scalars: scalars)
  }

  /// `N·V` unscaled `N(0, I)` relevance tensors of the injection point's shape (without the batch
  /// dimension), `[N·V] + shape`, drawn with ``SeededGenerator/nextGaussian()`` in row-major order
  /// and rounded to Float32.
  public static func gaussianVectors(shape: [Int], inputs: Int, vectorsPerInput v: Int, using generator: inout SeededGenerator) -> Tensor {
    let count = inputs * v * shape.reduce(1, *)
    return Tensor(shape: [inputs * v] + shape, scalars: (0..<count).map { _ in Float(generator.nextGaussian()) })
  }

  /// CSC statistics at every boundary an attribution crossed, `result[l]` for
  /// `attribution.relevances[l]` (`0` = the input, the last = the injected vectors, i.e. the chance level).
  /// The attribution must come from a batch laid out by ``repeatInputs(_:vectorsPerInput:)``.
  /// - Complexity: O(N·V²·Σ sizes).
  public static func statistics(of attribution: Attribution, vectorsPerInput v: Int) -> [CSCStatistics] {
    attribution.relevances.map { CSCStatistics(CosineSample(vectors: $0, vectorsPerInput: v)) }
  }
}
