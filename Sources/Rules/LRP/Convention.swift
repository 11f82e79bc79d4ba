/// Which library's conventions the LRP-family kernels follow (stabiliser, bias handling, input split).
///
/// | | `.paper` (iNNvestigate 1.0.8, the paper's implementation) | `.zennit` (Zennit 0.5) |
/// |---|---|---|
/// | ε rule | `z + ε·sign(z)`, sign(0) = +1, default ε = 1e-7 (1e-10 in the CMP presets) | `z + ε·sign(z)`, sign(0) = +1, default ε = 1e-6 |
/// | other denominators | `SafeDivide`: `z + 1e-7·1[z = 0]` | `z + 1e-6·sign(z)` |
/// | LRP-0 | the other-denominator stabiliser, bias in `z` | ε rule with ε = 1e-6 |
/// | z⁺ / αβ activator | `x⁺W⁺ + x⁻W⁻ + b` (full bias) | `x⁺W⁺ + x⁻W⁻ + b⁺` |
/// | αβ inhibitor | `x⁺W⁻ + x⁻W⁺ + b` (full bias) | `x⁺W⁻ + x⁻W⁺ + b⁻` |
/// | zᴮ, w², flat | bias-free | bias-free |
/// | γ | sign-split form of the `.zennit` column with the other-denominator stabiliser | `z > 0`: `(W + γW⁺)` on `x⁺`, `(W + γW⁻)` on `x⁻`, `b + γb⁺`; mirrored for `z < 0` |
/// | avg-pool (LRP family) | LRP-0 of the pool with the other-denominator stabiliser | LRP-0 of the pool, `s(mean)` |
/// | `dtd` top layer | w² on the last dense/conv layer (iNNvestigate `DeepTaylor`) | z⁺ (the fixtures' `dtd_zbox_zplus`) |
///
/// Both: ReLU passes relevance unchanged, max-pool routes each window to its arg-max, flatten
/// reshapes, and the bias never receives relevance.
public enum Convention: String, Sendable, Equatable, CaseIterable {
  /// iNNvestigate 1.0.8 as used by Sixt et al. (2020); the default.
  case paper
  /// Zennit 0.5.1; reproduces the Zennit fixtures to float precision.
  case zennit

  /// The stabiliser of every non-ε denominator under this convention.
  public var stabiliser: Stabiliser {
    switch self {
    case .paper: .safeDivide(1e-7)
    case .zennit: .signed(1e-6)
    }
  }

  /// The default ε of the ε rule (`lrp-epsilon`).
  public var defaultEpsilon: Float {
    switch self {
    case .paper: 1e-7
    case .zennit: 1e-6
    }
  }
}

/// How a relevance denominator `z` is kept away from zero.
public enum Stabiliser: Sendable, Equatable {
  /// `z + ε·sign(z)` with `sign(0) = +1` (the ε rule; Zennit's stabiliser everywhere).
  /// Counted as stabilised where `|z| < ε`.
  case signed(Float)
  /// `z + ε·1[z = 0]` (iNNvestigate `SafeDivide`). Counted as stabilised where `z = 0`.
  case safeDivide(Float)

  /// The stabilised denominator.
  @inline(__always) public func apply(_ z: Float) -> Float {
    switch self {
    case .signed(let e): z >= 0 ? z + e : z - e
    case .safeDivide(let e): z == 0 ? e : z
    }
  }

  /// Whether `z` counts as stabilised (its relevance is damped or absorbed).
  @inline(__always) public func isStabilised(_ z: Float) -> Bool {
    switch self {
    case .signed(let e): abs(z) < e
    case .safeDivide: z == 0
    }
  }
}
