/// A concrete assignment of numbers to every symbol and parameter, with the position `(i, j)` and
/// the value that make a claim fail (a negative entry, or a difference between two sides).
public struct Witness: Sendable, Hashable, CustomStringConvertible {
  /// The layer values (every quantity and parameter bound).
  public let layer: LayerValues
  /// Input index of the failing entry.
  public let i: Int
  /// Output index of the failing entry.
  public let j: Int
  /// The offending value: the negative entry, or `lhs − rhs`.
  public let value: Double

  /// Creates a witness.
  public init(layer: LayerValues, i: Int, j: Int, value: Double) {
    self.layer = layer
    self.i = i
    self.j = j
    self.value = value
  }

  /// One line: the entry, then every quantity and parameter.
  public var description: String {
    let quantities = Quantity.allCases.compactMap { q in layer.values[q].map { "\(q)=\($0)" } }
    let parameters = layer.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    return "at i=\(i), j=\(j) value \(value) with \(layer.inputs) inputs, \(layer.outputs) outputs: "
      + (quantities + parameters).joined(separator: " ")
  }
}

/// The sign of a local-matrix entry under assumptions.
public enum SignVerdict: Sendable, Hashable {
  /// `C_ij ≥ 0` for all values satisfying the assumptions (proved by `SignAnalysis`).
  case provedNonNegative
  /// `C_ij ≤ 0` for all values satisfying the assumptions.
  case provedNonPositive
  /// Not proved; `witness` is an assignment with a negative entry when the search found one.
  case unknown(witness: Witness?)
}

/// The outcome of an identity check `lhs = rhs`.
public enum IdentityVerdict: Sendable, Hashable {
  /// The normal forms agree (symbolic proof, valid where the denominators are non-zero).
  case proved
  /// A sample where the sides differ beyond the tolerance (`witness.value = lhs − rhs`).
  case refuted(Witness)
  /// Not proved symbolically; all `samples` finite evaluations agreed to within the tolerance,
  /// with the largest scaled error `maxError`. Holds numerically, NOT proved.
  case holdsNumerically(samples: Int, maxError: Double)
}

extension SignAnalysis {
  /// Samples examined after the first negative entry, keeping the most negative one.
  public static let witnessRefinement = 100

  /// Decides the sign of a local-matrix entry: a proof by `signs(of:)`, otherwise a seeded search
  /// over up to `samples` random layers (`SampleLayers`) for an entry `< −10⁻¹²`; after the first
  /// hit, `witnessRefinement` more layers are searched and the most negative entry is reported.
  /// - Parameters:
  ///   - entry: an expression in `i`, `j` (e.g. `Rule.localEntry`).
  ///   - samples: random layers to try. Complexity: O(samples · 12 · entry cost).
  ///   - seed: the search seed.
  public func verdict(forEntry entry: Expr, samples: Int = 2000, seed: UInt64 = 1) -> SignVerdict {
    let s = signs(of: entry)
    if s.isNonNegative { return .provedNonNegative }
    if s.isNonPositive { return .provedNonPositive }
    var sampler = SampleLayers(assumptions: assumptions, seed: seed)
    let names = entry.parameters
    let compiled = CompiledExpr(entry)
    var best: Witness?
    var remaining = samples
    while remaining > 0 {
      remaining -= 1
      let layer = sampler.next(parameterNames: names)
      let values = compiled.matrix(in: layer)
      for (k, v) in values.enumerated() where v.isFinite && v < -1e-12 && v < (best?.value ?? 0) {
        best = Witness(layer: layer, i: k / layer.outputs, j: k % layer.outputs, value: v)
      }
      // After the first hit, look a little further for a clearer (more negative) witness.
      if best != nil, remaining > Self.witnessRefinement { remaining = Self.witnessRefinement }
    }
    if let best { return .unknown(witness: best) }
    return .unknown(witness: nil)
  }
}

/// Checks identities between expressions in `i`, `j`: symbolically by normal forms, else numerically.
public enum IdentityCheck {
  /// Checks `lhs = rhs` under `assumptions`.
  ///
  /// Both sides are first prepared: `z ↦ sum_i(a*w) + b`, `z0 ↦ sum_i(a0*w) + b` (the definitions),
  /// `b ↦ 0` when `biasFree`, fixed parameters replaced by their values, and, when
  /// `droppingStabilisers`, every stabiliser (`stab`, `sstab`, `pcount`) `↦ x` (the exact semantics, valid where those denominators are
  /// non-zero). Then:
  /// 1. if `Simplifier` brings `lhs − rhs` to 0 the verdict is `.proved` (in the field of rational
  ///    functions: wherever the denominators are non-zero);
  /// 2. otherwise `samples` random layers (`SampleLayers`, seeded) are evaluated at every `(i, j)`.
  ///    Tolerance: with ≤ 4 inputs and values of magnitude ≲ 10, each side is a few hundred
  ///    floating-point operations, so its rounding error is ≲ 10³·u·(magnitude of the terms)
  ///    ≈ 2·10⁻¹³·M; we allow `10⁻⁸·(1 + |lhs| + |rhs|)`, leaving a wide margin for moderate
  ///    cancellation, and skip evaluations that are non-finite or exceed 10⁸ in magnitude (a
  ///    denominator numerically at 0, where both sides are ill-conditioned). A larger difference
  ///    gives `.refuted`, else `.holdsNumerically`.
  public static func check(
    _ lhs: Expr, equals rhs: Expr, assumptions: Assumptions, droppingStabilisers: Bool = false,
    samples: Int = 400, seed: UInt64 = 1
  ) -> IdentityVerdict {
    let left = prepare(lhs, assumptions, droppingStabilisers)
    let right = prepare(rhs, assumptions, droppingStabilisers)
    if Simplifier.equivalent(left, right) { return .proved }
    var sampler = SampleLayers(assumptions: assumptions, seed: seed)
    let names = left.parameters.union(right.parameters)
    var evaluated = 0
    var maxError = 0.0
    for _ in 0..<samples {
      let layer = sampler.next(parameterNames: names)
      for i in 0..<layer.inputs {
        for j in 0..<layer.outputs {
          let u = left.evaluate(in: layer, i: i, j: j)
          let v = right.evaluate(in: layer, i: i, j: j)
          guard u.isFinite, v.isFinite, Swift.abs(u) <= 1e8, Swift.abs(v) <= 1e8 else { continue }
          evaluated += 1
          let error = Swift.abs(u - v) / (1 + Swift.abs(u) + Swift.abs(v))
          if error > 1e-8 { return .refuted(Witness(layer: layer, i: i, j: j, value: u - v)) }
          maxError = max(maxError, error)
        }
      }
    }
    return .holdsNumerically(samples: evaluated, maxError: maxError)
  }

  static func prepare(_ e: Expr, _ assumptions: Assumptions, _ droppingStabilisers: Bool) -> Expr {
    let bias: Expr = assumptions.biasFree ? .number(0) : .symbol(.b)
    var fixed: [String: Expr] = [:]
    for (name, range) in assumptions.parameters {
      if case .fixed(let v) = range { fixed[name] = .number(v) }
    }
    var quantities: [Quantity: Expr] = [
      .z: .sum(.i, .symbol(.a) * .symbol(.w)) + bias,
      .z0: .sum(.i, .symbol(.a0) * .symbol(.w)) + bias,
    ]
    if assumptions.biasFree { quantities[.b] = .number(0) }
    let prepared = e.substituting(quantities, parameters: fixed)
    return droppingStabilisers ? prepared.withoutStabilisers : prepared
  }
}
