import Testing

/// Expects `actual` to equal `expected` within `atol + rtol·|expected|`, reporting the caller's
/// source location on failure.
public func expectClose<T: BinaryFloatingPoint>(
  _ actual: T, _ expected: T, rtol: T = 1e-6, atol: T = 0,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  let ok = abs(actual - expected) <= atol + rtol * abs(expected)
  #expect(ok, "\(actual) vs \(expected) (rtol \(rtol), atol \(atol)) \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
}

/// Expects two arrays of equal length to agree elementwise within `atol + rtol·max|expected|`,
/// reporting the worst element and the caller's source location on failure.
public func expectClose<T: BinaryFloatingPoint>(
  _ actual: [T], _ expected: [T], rtol: T = 1e-6, atol: T = 0,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record("length \(actual.count) vs \(expected.count) \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
    return
  }
  let scale = expected.reduce(T(0)) { max($0, abs($1)) }
  var worst = 0
  var worstError = T(0)
  for i in actual.indices {
    let e = abs(actual[i] - expected[i])
    if !(e <= worstError) || e.isNaN { worst = i; worstError = e.isNaN ? .infinity : e }
  }
  let ok = worstError <= atol + rtol * scale
  #expect(ok, "worst at [\(worst)]: \(actual.isEmpty ? 0 : actual[worst]) vs \(expected.isEmpty ? 0 : expected[worst]); max error \(worstError), allowed \(atol + rtol * scale) \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
}
