/// Which reference implementation the LRP-family built-ins follow on a network (DESIGN.md §5):
/// the catalogue entry each rule runs as, chosen by `NetworkRule.catalogue`. The same table as
/// the fast kernels' `Convention`, so both paths compute the same method.
///
/// | rule | `paper` (iNNvestigate 1.0.8, the paper's code) | `zennit` (Zennit 0.5.1) |
/// |---|---|---|
/// | LRP-0 | `lrp.0` (`stab`, bias in `z`) | `lrp.0.zennit` (`sstab`: `z + 1e-6·sign(z)`) |
/// | ε | `lrp.epsilon`, ε = 1e-7 (CMP 1e-10) | `lrp.epsilon`, ε = 1e-6 everywhere |
/// | γ | `lrp.gamma` (sign-split, `stab`) | `lrp.gamma.zennit` (`sstab`) |
/// | z⁺, α1β0, Excitation BP, DTD hidden | `zplus.paper` (`pos(a·w)`, full bias, `stab`) | `zplus.zennit` (`pos(a·w)`, `b⁺`, `sstab`) |
/// | αβ (α2β1, α5β4, CMP conv) | `lrp.alphabeta.paper` (full bias in both denominators, `stab`) | `lrp.alphabeta.zennit` (`b⁺` / `b⁻`, `sstab`) |
/// | zᴮ, w², flat | `dtd.zb`, `dtd.w2`, `flat` (`stab`) | `dtd.zb.zennit`, `dtd.w2.zennit`, `flat.zennit` (`sstab`) |
/// | `dtd` logit layer | w² (`dtd.w2`) | z⁺ (`zplus.zennit`, the fixtures' `dtd_zbox_zplus`) |
/// | average pool | `lrp.0` | `lrp.0.zennit` (Zennit's `Norm`) |
///
/// Both: `pos(a·w) = a⁺w⁺ + a⁻w⁻`, so inputs of either sign (the image layer) take the split
/// form; ReLUs pass relevance (Excitation BP: the gradient mask), max pool is winner-take-all.
public enum RuleConvention: String, Sendable, CaseIterable {
  /// iNNvestigate 1.0.8, as the paper's code uses it.
  case paper
  /// Zennit 0.5.1, as the reference fixtures use it.
  case zennit
}
