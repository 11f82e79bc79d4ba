import Foundation

/// Readers for values produced by `JSONSerialization`, strict enough to name what is wrong.
enum JSONValues {
  /// Parses `data` as a JSON object, or returns a one-line reason why it is not one.
  static func object(_ data: Data) -> Result<[String: Any], ParseFailure> {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map { " (\($0))" } ?? ""
      return .failure(ParseFailure(reason: "text that does not parse as JSON" + oneLine(detail)))
    }
    guard let object = parsed as? [String: Any] else {
      return .failure(ParseFailure(reason: describe(parsed)))
    }
    return .success(object)
  }

  /// Why a document is not a JSON object.
  struct ParseFailure: Error { var reason: String }

  /// Whether `value` is a JSON `true`/`false` (Foundation bridges them to `NSNumber` of type `c`).
  static func isBool(_ value: Any) -> Bool {
    guard let n = value as? NSNumber else { return false }
    return String(cString: n.objCType) == "c"
  }

  /// `value` as an integer, or `nil` for booleans, fractions, out-of-range numbers and non-numbers.
  static func int(_ value: Any) -> Int? {
    guard let n = value as? NSNumber, !isBool(value) else { return nil }
    switch String(cString: n.objCType) {
    case "d", "f":
      let d = n.doubleValue
      guard d.isFinite, d.rounded() == d, abs(d) < 0x1p53 else { return nil }
      return Int(d)
    case "Q":
      return n.uint64Value <= UInt64(Int.max) ? Int(n.uint64Value) : nil
    default:
      return n.intValue
    }
  }

  /// `value` as an array of integers, or `nil`.
  static func ints(_ value: Any) -> [Int]? {
    guard let a = value as? [Any] else { return nil }
    let ints = a.compactMap(int)
    return ints.count == a.count ? ints : nil
  }

  /// A short rendering of a JSON value for "got …" in error messages.
  static func describe(_ value: Any) -> String {
    if isBool(value) { return (value as? NSNumber)?.boolValue == true ? "true" : "false" }
    if let n = value as? NSNumber { return n.description }
    if let s = value as? String { return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\"" }
    if let a = value as? [Any] {
      let items = a.prefix(6).map(describe).joined(separator: ", ")
      return "[\(items)\(a.count > 6 ? ", …" : "")]"
    }
    if value is [String: Any] { return "an object" }
    if value is NSNull { return "null" }
    return "\(type(of: value))"
  }

  /// `text` with line breaks replaced by spaces.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }

  /// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out +=
          "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
