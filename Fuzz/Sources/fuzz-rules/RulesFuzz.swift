import BackpropAudit
import Foundation

/// libFuzzer entry: arbitrary bytes (as UTF-8) as a rule `R[i] = …` and as a bare expression.
/// Whatever parses must print and re-parse to the same tree, render in Unicode and LaTeX, have a
/// local matrix, and evaluate on a small random dense layer; anything else must throw a
/// positioned `RuleSyntaxError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  do {
    let rule = try Rule(parsing: text)
    let again = try Rule(parsing: rule.description)
    precondition(again == rule, "rule round trip: \(text) → \(rule.description)")
    _ = rule.unicode
    _ = rule.latex
    _ = rule.localEntry
    var samples = SampleLayers(assumptions: .hiddenLayer, seed: UInt64(count))
    let layer = samples.next(parameterNames: rule.body.parameters)
    _ = VectorEvaluator(layer).relevance(rule)
  } catch {
    precondition(error.line >= 1 && error.column >= 1, "unpositioned error \(error)")
  }
  do {
    let expr = try Expr(parsing: text)
    let printed = ExprPrinter(style: .plain).render(expr)
    let again = try Expr(parsing: printed)
    precondition(again == expr, "expression round trip: \(text) → \(printed)")
    _ = ExprPrinter(style: .latex).render(expr)
  } catch {
    precondition(error.line >= 1 && error.column >= 1, "unpositioned error \(error)")
  }
  return 0
}
