import Symbolic
import Testing

@Suite struct SymbolicTests {
  @Test func moduleLinks() { _ = Symbolic.self }
}
