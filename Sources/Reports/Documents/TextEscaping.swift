import Foundation

/// Escaping for the text that goes into HTML, SVG/XML and Markdown.
public enum TextEscaping {
  /// Escapes `&`, `<`, `>`, `"` and `'` as character references, so the result is safe in XML/HTML
  /// text and in double- or single-quoted attribute values. Control characters other than tab,
  /// newline and carriage return (not allowed in XML 1.0) become U+FFFD.
  public static func xml(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Escapes Markdown inline syntax (`\ ` * _ [ ] < > # | ~`) and a leading list or heading
  /// marker (`-`, `+`, `=`, `1.`, `1)`) with backslashes, and turns line breaks into spaces, so
  /// the text renders literally in a paragraph or a table cell.
  public static func markdown(_ text: String) -> String {
    var out = ""
    for ch in text {
      switch ch {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~": out += "\\\(ch)"
      case "\n", "\r", "\r\n": out += " "
      default: out.append(ch)
      }
    }
    // A leading "-", "+", "=" or "1." would start a list or a heading underline.
    if let first = out.first, "-+=".contains(first) {
      out.insert("\\", at: out.startIndex)
    } else if let dot = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot > out.startIndex,
              out[dot] == "." || out[dot] == ")" {
      let next = out.index(after: dot)
      if next == out.endIndex || out[next] == " " { out.insert("\\", at: dot) }
    }
    return out
  }

  /// A valid HTML id / URL fragment from free text: lower-case ASCII letters, digits and `-`,
  /// other runs collapsed to one `-`; `section` if nothing remains.
  public static func anchor(_ text: String) -> String {
    var out = ""
    for scalar in text.lowercased().unicodeScalars {
      if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
        out.unicodeScalars.append(scalar)
      } else if !out.hasSuffix("-") && !out.isEmpty {
        out += "-"
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "section" : out
  }
}
