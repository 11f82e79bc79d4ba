/// The version of BackpropAudit written into every report ("What was run").
public enum BackpropAuditVersion {
  /// Semantic version of the tool and its report format.
  public static let string = "0.1.0"
}
