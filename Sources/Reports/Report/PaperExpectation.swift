/// What the paper says about a method: does its map become independent of the later layers
/// (paper-digest §8.2, the verdict table)?
public enum PaperExpectation: String, Sendable, Equatable, Codable {
  /// The backward products collapse; the map ignores later layers (the method "fails" the checks).
  case collapses
  /// Converges, but less (LRP α5β4 on VGG-16: noisy maps).
  case convergesLess = "converges-less"
  /// Does not collapse; the map depends on later layers (passes the checks).
  case doesNotCollapse = "does-not-collapse"
  /// The paper's table does not list the method.
  case notInPaper = "not-in-paper"

  /// The paper's verdict for a `MethodRegistry` name (§8.2). Excitation BP and CMP follow the
  /// digest's theory and [M] rows; LRP-0·x = Gradient × Input, so `input-x-gradient` and the
  /// gradient family do not collapse; the default `lrp-alpha-beta` is α2β1.
  public static func forMethod(_ name: String) -> PaperExpectation {
    switch name {
    case "lrp-zplus", "lrp-alpha1-beta0", "dtd", "excitation-bp", "lrp-alpha2-beta1", "lrp-alpha-beta",
      "lrp-cmp-alpha1-beta0", "lrp-cmp-alpha2-beta1", "pattern-attribution", "pattern-net",
      "guided-backprop", "deconv", "rectgrad", "deeplift-ablation":
      .collapses
    case "lrp-alpha5-beta4": .convergesLess
    case "lrp-0", "deeplift-rescale", "deeplift-reveal-cancel", "gradient", "input-x-gradient", "smoothgrad",
      "integrated-gradients":
      .doesNotCollapse
    default: .notInPaper
    }
  }

  /// Short text for the table.
  public var text: String {
    switch self {
    case .collapses: "collapses (fails)"
    case .convergesLess: "converges less"
    case .doesNotCollapse: "does not collapse (passes)"
    case .notInPaper: "not in the paper"
    }
  }
}
