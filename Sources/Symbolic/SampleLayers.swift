import Foundation

/// A small seeded SplitMix64 generator (the module has no dependencies; same algorithm as
/// `Matrices.SeededGenerator`).
struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Draws random small dense layers whose values satisfy `Assumptions`, for witness searches and
/// numerical identity checks.
///
/// Sizes: 1–4 inputs, 1–3 outputs. A generic value is 0 (15%), ±1 (15%), ±10⁻³ (10%) or
/// `2·N(0,1)` (60%), so kinks and ties (`x = 0`, `a = l`) are hit often. `a`, `a0` are made `≥ 0`
/// when `nonNegativeActivations`; `l = a − |u|`, `h = a + |v|` when `boundedInputs`; `b = 0` when
/// `biasFree`; `z`, `z0` are computed from `a`, `a0`, `w`, `b`. Parameters: `positive` from
/// {10⁻⁶, 0.01, 0.5, 1, 3}, `nonNegative` from {0, 0.5, 1, 2}, `any` generic, `fixed` its value;
/// parameters used by an expression but not declared get generic values.
public struct SampleLayers: Sendable {
  /// The facts every sample satisfies.
  public let assumptions: Assumptions
  private var rng: SplitMix64

  /// Creates a sampler with a seed (same seed, same samples).
  public init(assumptions: Assumptions, seed: UInt64) {
    self.assumptions = assumptions
    rng = SplitMix64(seed: seed)
  }

  private mutating func generic() -> Double {
    let u = Double.random(in: 0..<1, using: &rng)
    let sign: Double = Bool.random(using: &rng) ? 1 : -1
    if u < 0.15 { return 0 }
    if u < 0.30 { return sign }
    if u < 0.40 { return sign * 1e-3 }
    // Box–Muller.
    let r = (-2 * log(Double.random(in: Double.ulpOfOne..<1, using: &rng))).squareRoot()
    return 2 * r * cos(2 * Double.pi * Double.random(in: 0..<1, using: &rng))
  }

  /// The next random layer, binding every quantity and every parameter in `parameterNames`
  /// (plus all declared ones).
  public mutating func next(parameterNames: Set<String> = []) -> LayerValues {
    let n = Int.random(in: 1...4, using: &rng)
    let m = Int.random(in: 1...3, using: &rng)
    func draw(_ count: Int, nonNegative: Bool = false) -> [Double] {
      (0..<count).map { _ in nonNegative ? Swift.abs(generic()) : generic() }
    }
    let a = draw(n, nonNegative: assumptions.nonNegativeActivations)
    let a0 = draw(n, nonNegative: assumptions.nonNegativeActivations)
    let w = draw(n * m)
    let b = assumptions.biasFree ? [Double](repeating: 0, count: m) : draw(m)
    var extra: [Quantity: [Double]] = [.R: draw(m), .p: draw(n * m)]
    if assumptions.boundedInputs {
      extra[.l] = a.map { $0 - Swift.abs(generic()) }
      extra[.h] = a.map { $0 + Swift.abs(generic()) }
    } else {
      extra[.l] = draw(n)
      extra[.h] = draw(n)
    }
    var parameters: [String: Double] = [:]
    for name in parameterNames.union(assumptions.parameters.keys).sorted() {
      switch assumptions.parameters[name] {
      case .positive?: parameters[name] = [1e-6, 0.01, 0.5, 1, 3].randomElement(using: &rng)!
      case .nonNegative?: parameters[name] = [0, 0.5, 1, 2].randomElement(using: &rng)!
      case .fixed(let v)?: parameters[name] = v
      case .any?, nil: parameters[name] = generic()
      }
    }
    return .dense(a: a, w: w, b: b, a0: a0, extra: extra, parameters: parameters)
  }
}
