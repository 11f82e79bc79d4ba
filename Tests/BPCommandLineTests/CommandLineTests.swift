import BPCommandLine
import Testing

@Suite struct CommandLineTests {
  @Test func runsWithoutArguments() { #expect(BPCommandLine.run([]) == 0) }
}
