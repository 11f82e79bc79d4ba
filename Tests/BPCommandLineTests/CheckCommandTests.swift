import Testing

@testable import BPCommandLine

/// `bpaudit check` end to end with `--experiment none` (no training in tests): exit codes and the
/// pointed one-line errors. The verdicts' reasoning is in `RuleAuditTests`.
@Suite struct CheckCommandTests {
  @Test func zPlusIsFlaggedWithExitOne() {
    let c = Capture()
    let code = BPCommandLine.run(
      ["check", "--rule", "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])", "--param", "eps=1e-6",
       "--experiment", "none"], io: c.io)
    #expect(code == 1, "\(c.stderr)")
    #expect(c.stdout.contains("sign      C_ij ≥ 0 (proved)"))
    #expect(c.stdout.contains("verdict: later-layer independent"))
  }

  @Test func gradientPassesWithExitZero() {
    let c = Capture()
    let code = BPCommandLine.run(
      ["check", "--rule", "R[i] = sum_j(w[i,j]*step(z[j])*R[j])", "--experiment", "none", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    #expect(c.stdout.contains("\"verdict\" : \"not independent\""))
  }

  @Test func badRulesExitTwoWithOneLine() {
    let cases: [(String, String)] = [
      ("R[i] = sum_j(w[i,j]*(R[j]", "bpaudit: rule 'rule':1:26: syntax error: found 'end of input', expected ')'"),
      ("R[i] = sum_j(w[i,j]*q[i]*R[j])", "bpaudit: rule 'rule':1:21: unknown symbol: found 'q'"),
      ("R[i] = sum_j(w[i,j]*k*R[j])", "bpaudit: rule 'rule':1:21: undeclared parameter: found 'k'"),
    ]
    for (rule, prefix) in cases {
      let c = Capture()
      #expect(BPCommandLine.run(["check", "--rule", rule, "--experiment", "none"], io: c.io) == 2)
      #expect(c.stderr.hasPrefix(prefix), "\(c.stderr)")
      #expect(c.stderr.filter { $0 == "\n" }.count == 1)
      #expect(c.stdout.isEmpty)
    }
  }

  @Test func missingParameterAndBadParamAreUsageErrors() {
    let c = Capture()
    #expect(BPCommandLine.run(["check", "--rule", "R[i] = sum_j(w[i,j]*R[j])", "--param", "alpha"], io: c.io) == 2)
    #expect(c.stderr == "bpaudit: check: --param 'alpha': expected NAME=NUMBER, e.g. alpha=2\n")
    let d = Capture()
    #expect(BPCommandLine.run(["check", "--rule", "R[i] = sum_j(a[i]*w[i,j]/(z[j] + eps*sign(z[j]))*R[j])", "--experiment", "none"], io: d.io) == 2)
    #expect(d.stderr == "bpaudit: rule 'rule': parameter 'eps' has no value; expected --param eps=<number>\n")
  }
}
