import Networks

extension ForwardTrace {
  /// The trace of batch row `row` alone (batch 1), with max-pool routing rebased to the row.
  public func row(_ row: Int) -> ForwardTrace {
    precondition(row >= 0 && row < batchSize, "row \(row) out of 0..<\(batchSize)")
    let routing = maxPoolIndices.enumerated().map { l, indices -> [Int32]? in
      guard let indices else { return nil }
      let perRow = indices.count / batchSize
      let offset = Int32(row * (activations[l].count / batchSize))
      return indices[(row * perRow)..<((row + 1) * perRow)].map { $0 - offset }
    }
    return ForwardTrace(activations: activations.map { $0.sample(row) }, maxPoolIndices: routing)
  }
}
