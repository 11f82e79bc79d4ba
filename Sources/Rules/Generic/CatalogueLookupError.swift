/// A method name or parameter that the rule catalogue does not know.
public enum CatalogueLookupError: Error, Equatable, CustomStringConvertible {
  /// No catalogue entry, composite or built-in has this name.
  case unknownMethod(String)
  /// A parameter the method does not read, or a value outside its domain.
  case invalidParameter(method: String, parameter: String, expected: String)

  /// One line naming the method and what was expected.
  public var description: String {
    switch self {
    case .unknownMethod(let name): "unknown rule method '\(name)' (see bpaudit rules)"
    case .invalidParameter(let method, let parameter, let expected): "method '\(method)': parameter '\(parameter)' must be \(expected)"
    }
  }
}
