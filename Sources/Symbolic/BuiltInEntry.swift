/// A built-in method that is not a local rule: a catalogue rule plus a documented post-operation
/// that needs the whole layer (RectGrad's percentile threshold, paper-digest §3.8).
public struct BuiltInEntry: Sendable, Hashable {
  /// Stable identifier, the command-line name.
  public let id: String
  /// Human-readable name.
  public let name: String
  /// The catalogue rule it runs between post-operations.
  public let base: String
  /// The method in Unicode mathematics.
  public let formula: String
  /// The method in LaTeX.
  public let latex: String
  /// Default parameter values.
  public let defaults: [String: Double]
  /// The post-operation and conventions, one paragraph.
  public let conventions: String
}

extension RuleCatalogue {
  /// Methods with a non-local post-operation.
  public static let builtIns: [BuiltInEntry] = [
    BuiltInEntry(
      id: "rectgrad", name: "RectGrad", base: "gradient",
      formula: "r̃ₗ = 1[hₗ ⊙ rₗ > τₗ] ⊙ rₗ,  rₗ₋₁ = Wₗᵀ r̃ₗ,  τₗ = percentile(hₗ ⊙ rₗ, q)",
      latex: "\\tilde r_l = \\mathbb 1[h_l \\odot r_l > \\tau_l] \\odot r_l,\\quad r_{l-1} = W_l^\\top \\tilde r_l,\\quad \\tau_l = \\mathrm{percentile}_q(h_l \\odot r_l)",
      defaults: ["percentile": 98],
      conventions: "Kim et al. 2019 as implemented by the authors: at every ReLU, keep the signal where h ⊙ r exceeds its q-th percentile (per sample, over all units of the layer; TensorFlow percentile with nearest interpolation); the kept signal replaces the ReLU's derivative (= Wᵀ(M r̃) of paper-digest §3.8 whenever τ ≥ 0, since dead units have h ⊙ r = 0). Not local (τ needs the whole layer) and not linear in r."),
  ]

  /// The built-in with identifier `id`, if any.
  public static func builtIn(_ id: String) -> BuiltInEntry? { builtIns.first { $0.id == id } }
}
