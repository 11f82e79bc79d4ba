import Networks

extension ForwardTrace {
  /// The trace of the batch with every row repeated `v` times in a row (`repeat_interleave`, the
  /// CSC layout of ``CSCInjection/repeatInputs(_:vectorsPerInput:)``), max-pool routing rebased
  /// to the new rows: the same values as tracing the repeated inputs, at the cost of a copy.
  /// - Complexity: O(v · Σ activation sizes).
  func repeatingRows(_ v: Int) -> ForwardTrace {
    precondition(v >= 1, "ForwardTrace.repeatingRows: v ≥ 1")
    let n = batchSize
    let routing = maxPoolIndices.enumerated().map { l, indices -> [Int32]? in
      guard let indices else { return nil }
      let perRow = indices.count / n
      let inputSize = Int32(activations[l].count / n)
      var out = [Int32](repeating: 0, count: indices.count * v)
      for i in 0..<n {
        for t in 0..<v {
          let shift = Int32(i * v + t - i) * inputSize
          let target = (i * v + t) * perRow
          for j in 0..<perRow { out[target + j] = indices[i * perRow + j] + shift }
        }
      }
      return out
    }
    return ForwardTrace(activations: activations.map { CSCInjection.repeatInputs($0, vectorsPerInput: v) }, maxPoolIndices: routing)
  }
}
