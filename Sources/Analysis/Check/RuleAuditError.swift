/// A user error in the rule given to `RuleAudit` (syntax errors are `RuleSyntaxError`).
public enum RuleAuditError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The rule uses a parameter that has no value.
  case missingParameter(rule: String, parameter: String)
  /// A parameter value was given that the rule does not use.
  case unusedParameter(rule: String, parameter: String)

  /// One line naming the rule, the parameter and what was expected.
  public var description: String {
    switch self {
    case .missingParameter(let rule, let parameter):
      "rule '\(rule)': parameter '\(parameter)' has no value; expected --param \(parameter)=<number>"
    case .unusedParameter(let rule, let parameter):
      "rule '\(rule)': parameter '\(parameter)' is given but the rule does not use it"
    }
  }
}
