import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses `text` with Foundation's `XMLParser` and collects element names; `error` is the
/// parser's complaint when the text is not well-formed XML.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var elements: [String] = []
  private(set) var attributes: [[String: String]] = []
  private(set) var error: String?

  static func parse(_ text: String) -> XMLCheck {
    let check = XMLCheck()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = check
    if !parser.parse() { check.error = parser.parserError.map { "\($0)" } ?? "unknown parse error" }
    return check
  }

  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
              qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
    elements.append(elementName)
    attributes.append(attributeDict)
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
    error = error ?? "\(parseError) at line \(parser.lineNumber)"
  }

  /// How many elements named `name` carry `class` containing `cssClass`.
  func count(_ name: String, class cssClass: String) -> Int {
    zip(elements, attributes).filter { $0.0 == name && ($0.1["class"]?.split(separator: " ").contains(Substring(cssClass)) ?? false) }.count
  }
}

extension String {
  /// Non-overlapping occurrences of `needle`.
  func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
