import Matrices

/// A family of random backward matrices for the convergence simulation (paper-digest §4.7,
/// the authors' `convergence_simulation.ipynb`). Every family draws `W` with i.i.d. `N(0, 1)`
/// entries of the backward shape (rows = upper layer, columns = lower layer; vectors are rows and
/// are multiplied on the right, `w ← w M`) and transforms it.
public enum SimulationFamily: Sendable {
  /// `M = W` (Gaussian; the gradient without masks).
  case vanilla
  /// `M = W`, and the propagated vectors are clipped at 0 after every multiplication (the
  /// notebook's "ReLU": a Deconv-like backward ReLU; the input load is exempt).
  case relu
  /// A synthetic PatternAttribution factor `M = W ⊙ A` (the notebook used VGG-16's real `W ⊙ A`;
  /// pass those with ``supplied(name:matrices:relu:)``). Model: unit `j`'s pattern is PatternNet's
  /// linear estimator `a_j = Σ w_j / (w_jᵀ Σ w_j)` for an equicorrelated input covariance
  /// `Σ = (1−ρ) I + ρ 11ᵀ`, so row `j` of `M` is `w_j ⊙ ((1−ρ) w_j + ρ (1ᵀw_j) 1) / ((1−ρ)‖w_j‖² + ρ(1ᵀw_j)²)`.
  /// With independent inputs (`ρ = 0`, the default) this is `w_j²/‖w_j‖²`, entrywise
  /// non-negative — which is why such patterns collapse; `ρ > 0` adds a mixed-sign part.
  case pattern(correlation: Double)
  /// `|W|` with every column normalised to sum 1 (the notebook's `rows_sum_to_one`, which
  /// divides by the column sums).
  case stochastic
  /// `M = |W|` (entrywise positive).
  case positive
  /// `M = max(0, W)` (non-negative, half the entries zero).
  case nonNegative
  /// `M = α W⁺ + β W⁻`, `W⁺ = max(W, 0)`, `W⁻ = min(W, 0)` (the notebook's `get_alpha_beta_matrix`).
  case alphaBeta(alpha: Double, beta: Double)
  /// Matrices given by the caller (for example a trained network's centre-tap weights
  /// transposed, the notebook's "ReLU learned", or real `W ⊙ A`); only the input vectors are
  /// random. `relu` clips after every multiplication.
  case supplied(name: String, matrices: [Matrix], relu: Bool)

  /// The paper's families in the notebook's order: α10β9, α5β4, α4β3, α3β2, α2β1, α1β0, vanilla,
  /// ReLU, pattern, stochastic, positive, non-negative (the learned-weights families need matrices).
  public static let paperFamilies: [SimulationFamily] =
    [10, 5, 4, 3, 2, 1].map { .alphaBeta(alpha: $0, beta: $0 - 1) }
    + [.vanilla, .relu, .pattern(correlation: 0), .stochastic, .positive, .nonNegative]

  /// The command-line name: `vanilla`, `relu`, `pattern` (or `pattern-rho0.3`), `stochastic`,
  /// `positive`, `nonneg`, `alpha2beta1` (integers printed without decimals), or the supplied name.
  public var name: String {
    switch self {
    case .vanilla: "vanilla"
    case .relu: "relu"
    case .pattern(let rho): rho == 0 ? "pattern" : "pattern-rho\(Self.format(rho))"
    case .stochastic: "stochastic"
    case .positive: "positive"
    case .nonNegative: "nonneg"
    case .alphaBeta(let a, let b): "alpha\(Self.format(a))beta\(Self.format(b))"
    case .supplied(let name, _, _): name
    }
  }

  /// Parses a command-line name (see ``name``); `nil` if unknown.
  public init?(name: String) {
    switch name {
    case "vanilla": self = .vanilla
    case "relu": self = .relu
    case "pattern": self = .pattern(correlation: 0)
    case "stochastic": self = .stochastic
    case "positive": self = .positive
    case "nonneg", "non-negative": self = .nonNegative
    default:
      if name.hasPrefix("pattern-rho"), let rho = Double(name.dropFirst("pattern-rho".count)), rho >= 0, rho < 1 {
        self = .pattern(correlation: rho)
      } else if name.hasPrefix("alpha"), let split = name.range(of: "beta"),
        let a = Double(name[name.index(name.startIndex, offsetBy: 5)..<split.lowerBound]),
        let b = Double(name[split.upperBound...]), a >= 0, b >= 0
      {
        self = .alphaBeta(alpha: a, beta: b)
      } else {
        return nil
      }
    }
  }

  /// Whether vectors are clipped at 0 after every multiplication.
  public var clipsAfterMultiplication: Bool {
    switch self {
    case .relu: true
    case .supplied(_, _, let relu): relu
    default: false
    }
  }

  /// The notebook's percentile band: 95 % for α-β families, 99 % for the others.
  public var defaultBand: Double {
    if case .alphaBeta = self { return 95 }
    return 99
  }

  static func format(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
  }
}
