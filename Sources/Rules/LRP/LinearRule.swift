/// The rule a modified backward pass applies at one dense or convolution layer.
///
/// Notation: the layer computes `z_k = Σ_j a_j w_jk + b_k`, `R_k` is the relevance at its output,
/// `s(·)` the convention's stabiliser (`Convention`), `x⁺ = max(x, 0)`, `x⁻ = min(x, 0)`.
/// Conv layers use the same formulas with `j` over the receptive field of `k`; zero padding
/// contributes to no term. The bias never receives relevance.
public enum LinearRule: Sendable, Equatable {
  /// The transpose (gradient): `g_j = Σ_k w_jk g_k`.
  case gradient
  /// LRP-0: `R_j = a_j Σ_k w_jk R_k / s(z_k)`, bias in `z_k`.
  case zero
  /// LRP-ε: `R_j = a_j Σ_k w_jk R_k / (z_k + ε·sign(z_k))`, sign(0) = +1, bias in `z_k`.
  case epsilon(Float)
  /// LRP-γ: for `z_k > 0` weights `w + γw⁺` on `a⁺`, `w + γw⁻` on `a⁻`, bias `b + γb⁺`; the mirror
  /// image for `z_k < 0`; `z_k = 0` passes nothing. `γ ≥ 0`.
  case gamma(Float)
  /// LRP-αβ with `α − β = 1`, `β ≥ 0`: `R_j = α Σ_k (a_j⁺w_jk⁺ + a_j⁻w_jk⁻) R_k / s(z_k⁺)
  /// − β Σ_k (a_j⁺w_jk⁻ + a_j⁻w_jk⁺) R_k / s(z_k⁻)`; biases per `Convention`. `alphaBeta(1, 0)` is
  /// the z⁺ rule (= Excitation BP = DTD z⁺).
  case alphaBeta(alpha: Float, beta: Float)
  /// zᴮ (DTD bounded input): `R_j = Σ_k (a_j w_jk − l_j w_jk⁺ − h_j w_jk⁻) R_k / s(Σ_j (…))`,
  /// bias-free; requires `l ≤ a ≤ h`.
  case zBox(BoxBounds)
  /// w²: `R_j = Σ_k w_jk² R_k / s(Σ_j w_jk²)` (inputs replaced by 1); input-independent.
  case wSquare
  /// flat: `R_j = Σ_k R_k / s(Σ_j 1)` (inputs and weights replaced by 1).
  case flat

  /// The z⁺ rule, `alphaBeta(alpha: 1, beta: 0)`.
  public static let zPlus = LinearRule.alphaBeta(alpha: 1, beta: 0)

  /// A short name for messages (`epsilon`, `alpha-beta`, …).
  public var name: String {
    switch self {
    case .gradient: "gradient"
    case .zero: "lrp-0"
    case .epsilon: "epsilon"
    case .gamma: "gamma"
    case .alphaBeta(let a, let b): a == 1 && b == 0 ? "zplus" : "alpha-beta"
    case .zBox: "zb"
    case .wSquare: "wsquare"
    case .flat: "flat"
    }
  }

  /// Checks the parameter domains.
  /// - Throws: `AttributionError.invalidParameter` for α − β ≠ 1 (tolerance 1e-6), β < 0,
  ///   γ < 0 or non-finite, ε ≤ 0 or non-finite, zᴮ bounds with low > high.
  public func validate(method: String) throws {
    switch self {
    case .gradient, .zero, .wSquare, .flat: return
    case .epsilon(let e):
      guard e.isFinite, e > 0 else {
        throw AttributionError.invalidParameter(
          method: method, parameter: "epsilon", expected: "a finite number > 0 (use lrp-0 for none), got \(e)")
      }
    case .gamma(let g):
      guard g.isFinite, g >= 0 else {
        throw AttributionError.invalidParameter(method: method, parameter: "gamma", expected: "a finite number ≥ 0, got \(g)")
      }
    case .alphaBeta(let a, let b):
      guard a.isFinite, b.isFinite, b >= 0, abs(a - b - 1) <= 1e-6 else {
        throw AttributionError.invalidParameter(
          method: method, parameter: "alpha, beta", expected: "α − β = 1 with β ≥ 0, got α = \(a), β = \(b)")
      }
    case .zBox(let bounds): try bounds.validate(method: method)
    }
  }
}

/// The input box `l ≤ x ≤ h` of the zᴮ rule.
public enum BoxBounds: Sendable, Equatable {
  /// The same bounds for every input element.
  case scalar(low: Float, high: Float)
  /// One bound pair per input channel (conv layers only; `low.count == high.count == C`).
  case perChannel(low: [Float], high: [Float])
  /// Each sample's own minimum and maximum (the paper takes the example image's range).
  case inputRange

  /// Checks `low ≤ high` elementwise and finite values.
  /// - Throws: `AttributionError.invalidParameter` naming `low`/`high`.
  public func validate(method: String) throws {
    let pairs: [(Float, Float)]
    switch self {
    case .scalar(let l, let h): pairs = [(l, h)]
    case .perChannel(let l, let h):
      guard l.count == h.count, !l.isEmpty else {
        throw AttributionError.invalidParameter(
          method: method, parameter: "low, high", expected: "the same number of per-channel bounds, got \(l.count) and \(h.count)")
      }
      pairs = Array(zip(l, h))
    case .inputRange: return
    }
    for (l, h) in pairs where !(l.isFinite && h.isFinite && l <= h) {
      throw AttributionError.invalidParameter(
        method: method, parameter: "low, high", expected: "finite bounds with low ≤ high, got low = \(l), high = \(h)")
    }
  }
}
