/// The default of every method parameter: the one place the registry, the propagators' default
/// arguments, the command-line help and the docs read them from.
///
/// | parameter | default | source |
/// |---|---|---|
/// | ε (`lrp-epsilon`, `lrp-zb`) | paper 1e-7, zennit 1e-6 | `Convention.defaultEpsilon` |
/// | ε (LRP CMP presets) | paper 1e-10, zennit 1e-6 | the paper's `sequential_preset_a/b` |
/// | γ | 0.25 | Zennit's `Gamma` |
/// | integrated-gradients steps | 64 | the paper's code |
/// | SmoothGrad samples, noise | 50, 0.15 of the input range | the paper's code |
/// | RectGrad percentile | 98 | Kim et al. (2019) |
public enum MethodDefaults {
  /// γ of the γ rule.
  public static let gamma = 0.25
  /// Integration steps of integrated gradients.
  public static let steps = 64
  /// Noisy copies of SmoothGrad.
  public static let samples = 50
  /// SmoothGrad's noise σ as a fraction of each input's value range.
  public static let noise = 0.15
  /// RectGrad's percentile of `a ⊙ g` per layer and sample.
  public static let percentile = 98.0

  /// ε of the ε rule (`lrp-epsilon`, and `lrp-zb` above its first layer) under `convention`.
  public static func epsilon(_ convention: Convention) -> Double { Double(convention.defaultEpsilon) }

  /// ε of the dense layers of the LRP CMP presets under `convention`.
  public static func cmpEpsilon(_ convention: Convention) -> Double {
    convention == .paper ? 1e-10 : 1e-6
  }
}
