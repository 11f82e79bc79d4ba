/// The two index names of the rule language.
///
/// `i` runs over a layer's inputs, `j` over its outputs. Inside `sum_i(…)` the name `i` refers to the
/// summation variable (it is *rebound*, shadowing an outer `i`); likewise for `sum_j(…)`.
public enum Index: String, Sendable, Hashable, CaseIterable, Comparable {
  /// The input index.
  case i
  /// The output index.
  case j

  /// Orders `i` before `j`.
  public static func < (lhs: Index, rhs: Index) -> Bool { lhs == .i && rhs == .j }
}

/// An indexed layer quantity: the symbols a rule may refer to, each with a fixed index signature.
///
/// This table is the single definition of what every symbol binds to (also in README.md). For a layer
/// `z = Wᵀa + b` with inputs indexed by `i` and outputs by `j`:
///
/// | symbol | indices | meaning |
/// |---|---|---|
/// | `a[i]` | i | input activation of the layer (post-ReLU of the layer below, or the image) |
/// | `w[i,j]` | i, j | weight from input `i` to output `j` |
/// | `b[j]` | j | bias of output `j` |
/// | `z[j]` | j | pre-activation `z[j] = Σᵢ a[i]·w[i,j] + b[j]` |
/// | `R[j]` | j | upper relevance (or upper signal: gradient, multiplier) at output `j` |
/// | `a0[i]` | i | reference input activation (DeepLIFT) |
/// | `z0[j]` | j | reference pre-activation `z0[j] = Σᵢ a0[i]·w[i,j] + b[j]` (DeepLIFT) |
/// | `l[i]` | i | lower input bound (DTD zᴮ), with `l[i] ≤ a[i]` at a bounded input |
/// | `h[i]` | i | upper input bound (DTD zᴮ), with `a[i] ≤ h[i]` at a bounded input |
/// | `p[i,j]` | i, j | pattern (PatternNet / PatternAttribution), same shape as `w` |
public enum Quantity: String, Sendable, Hashable, CaseIterable, Comparable {
  /// Input activation `a[i]`.
  case a
  /// Weight `w[i,j]` from input `i` to output `j`.
  case w
  /// Bias `b[j]`.
  case b
  /// Pre-activation `z[j] = Σᵢ a[i]·w[i,j] + b[j]`.
  case z
  /// Upper relevance `R[j]`.
  case R
  /// Reference input activation `a0[i]`.
  case a0
  /// Reference pre-activation `z0[j] = Σᵢ a0[i]·w[i,j] + b[j]`.
  case z0
  /// Lower input bound `l[i]`.
  case l
  /// Upper input bound `h[i]`.
  case h
  /// Pattern `p[i,j]`.
  case p

  /// The index signature: `[.i]`, `[.j]` or `[.i, .j]`.
  public var indices: [Index] {
    switch self {
    case .a, .a0, .l, .h: [.i]
    case .w, .p: [.i, .j]
    case .b, .z, .R, .z0: [.j]
    }
  }

  /// Orders quantities by their declaration order (used for canonical term ordering).
  public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// The scalar functions of the rule language, each of one argument.
///
/// Conventions (shared by evaluator, sign analysis and printers):
/// - `pos(x) = max(x, 0)`, `neg(x) = min(x, 0)`, so `x = pos(x) + neg(x)`; `relu(x) = pos(x)`.
/// - `step(x) = 1[x > 0]` (so `step(0) = 0`).
/// - `abs(x) = |x|`.
/// - `sign(x) = +1` for `x ≥ 0`, `−1` for `x < 0`: `sign(0) = +1`, the stabiliser convention of
///   iNNvestigate's ε-rule (and Zennit's), so `z + eps·sign(z)` is never zero when `eps > 0`.
/// - `stab(x) = x` for `x ≠ 0` and `stab(0) = δ = 1e-7`: iNNvestigate's `SafeDivide`
///   (`a / (b + 1[b = 0]·1e-7)`). Write `x / stab(y)` for a division whose denominator may vanish.
/// - `sstab(x) = x + ε_Z·sign(x)` with `ε_Z = 1e-6` and `sign(0) = +1`: Zennit's stabiliser (every
///   denominator of Zennit's rules), never zero and of the sign of `x` (`+` at 0).
/// - `pcount(x) = x + δ·sign(x)` where `|x| < δ/2`, else `x`, with `δ = 1e-7`: DeepLIFT's
///   `pseudocount_near_zero` (RevealCancel's parts), never zero and of the sign of `x` (`+` at 0).
public enum Function: String, Sendable, Hashable, CaseIterable, Comparable {
  /// `pos(x) = max(x, 0)`.
  case pos
  /// `neg(x) = min(x, 0)`.
  case neg
  /// `relu(x) = max(x, 0)` (the same function as `pos`, spelled as in the paper for backward ReLUs).
  case relu
  /// `step(x) = 1[x > 0]`.
  case step
  /// `abs(x) = |x|`.
  case abs
  /// `sign(x) = 1[x ≥ 0] − 1[x < 0]` (`sign(0) = +1`).
  case sign
  /// `stab(x) = x + δ·1[x = 0]` with `δ = 1e-7` (iNNvestigate `SafeDivide`).
  case stab
  /// `sstab(x) = x + ε_Z·sign(x)` with `ε_Z = 1e-6`, `sign(0) = +1` (Zennit's stabiliser).
  case sstab

  /// `pcount(x) = x + δ·sign(x)` where `|x| < δ/2`, else `x`, `δ = 1e-7` (DeepLIFT's pseudocount).
  case pcount

  /// The offset `δ` that `stab` puts in place of an exact zero.
  public static let stabiliserOffset = 1e-7
  /// The magnitude `ε_Z` that `sstab` adds in the direction of the sign (Zennit's default 1e-6).
  public static let signedStabiliserOffset = 1e-6

  /// The pseudocount `δ` that `pcount` adds to a near-zero value (DeepLIFT's `NEAR_ZERO_THRESHOLD`).
  public static let pseudocountOffset = 1e-7

  /// Whether the function is a stabiliser (`stab`, `sstab`, `pcount`): the identity in the exact
  /// semantics, where the stabilised denominator is non-zero.
  public var isStabiliser: Bool { self == .stab || self == .sstab || self == .pcount }

  /// Applies the function to a number. O(1).
  public func apply(_ x: Double) -> Double {
    switch self {
    case .pos, .relu: x > 0 ? x : 0
    case .neg: x < 0 ? x : 0
    case .step: x > 0 ? 1 : 0
    case .abs: Swift.abs(x)
    case .sign: x < 0 ? -1 : 1
    case .stab: x == 0 ? Function.stabiliserOffset : x
    case .sstab: x < 0 ? x - Function.signedStabiliserOffset : x + Function.signedStabiliserOffset
    case .pcount: Function.pseudocount(x)
    }
  }

  /// DeepLIFT's `pseudocount_near_zero`: `x ± δ` (sign of `x`, `+` at 0) where `|x| < δ/2`.
  @inline(__always) public static func pseudocount(_ x: Double) -> Double {
    guard Swift.abs(x) < pseudocountOffset / 2 else { return x }
    return x < 0 ? x - pseudocountOffset : x + pseudocountOffset
  }

  /// Orders functions by declaration order.
  public static func < (lhs: Function, rhs: Function) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// The binary arithmetic operators, all left-associative.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
  /// Addition `+`.
  case add = "+"
  /// Subtraction `-`.
  case subtract = "-"
  /// Multiplication `*`.
  case multiply = "*"
  /// Division `/`.
  case divide = "/"

  /// Binding strength: 1 for `+ -`, 2 for `* /`.
  var precedence: Int { self == .add || self == .subtract ? 1 : 2 }
}
