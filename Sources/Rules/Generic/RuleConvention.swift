/// Which reference implementation the LRP-family built-ins follow on a network (DESIGN.md §5).
///
/// | | `paper` (iNNvestigate 1.0.8, the paper's code) | `zennit` (Zennit 0.5.1) |
/// |---|---|---|
/// | ε | `z + ε·sign(z)`, ε = 0.1 (`lrp.epsilon`) | the same text, ε = 1e-6 |
/// | z⁺ | `zplus` (bias-free, `+ ε`) | `zplus.zennit` (a⁺w⁺ + a⁻w⁻, b⁺, ε·sign) |
/// | αβ | activator/inhibitor `pos(a·w)`, `neg(a·w)`, SafeDivide, bias-free | `lrp.alphabeta.zennit` (sign-split inputs and biases, ε·sign) |
/// | Excitation BP | `excitation` (z⁺ with SafeDivide) | `zplus.zennit` |
/// | average pool | LRP-0 with SafeDivide (innvestigate's z-rule) | `Norm`: LRP-0 with `z + ε·sign(z)` |
public enum RuleConvention: String, Sendable, CaseIterable {
  /// iNNvestigate 1.0.8, as the paper's code uses it.
  case paper
  /// Zennit 0.5.1, as the reference fixtures use it.
  case zennit
}
