import Foundation
import Testing
@testable import BPCommandLine

@Suite struct BenchCommandTests {
  @Test func memorySuiteReportsBothThreadCountsAndTheDenseLayerBound() throws {
    let c = Capture()
    let code = BPCommandLine.run(
      ["bench", "memory", "--runs", "1", "--warmup", "0", "--threads", "2", "--json"], io: c.io)
    #expect(code == 0, "\(c.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    #expect(object["clock"] as? String == "wall clock")
    let results = try #require(object["results"] as? [[String: Any]])
    let names = results.compactMap { $0["name"] as? String }
    #expect(names == ["read 64 MiB, 1 thread(s)", "read 64 MiB, 2 thread(s)", "fc5 weights (32 MiB) bound, batch 1"])
    let rates = results.compactMap { $0["rate"] as? Double }
    #expect(rates.count == 3 && rates.allSatisfy { $0 > 0 && $0.isFinite })
    // The bound is the best bandwidth divided by the 32 MiB of fc5 weights (hand derivation).
    let best = max(rates[0], rates[1])
    #expect(abs(rates[2] - best * 1e9 / Double(8192 * 1024 * 4)) <= 1e-9 * rates[2])
  }

  @Test func cpuTimeFlagIsReportedAndUnknownSuiteIsAUsageError() {
    let c = Capture()
    #expect(BPCommandLine.run(["bench", "memory", "--runs", "1", "--warmup", "0", "--cpu-time"], io: c.io) == 0)
    #expect(c.stdout.contains("CPU time"))
    let d = Capture()
    #expect(BPCommandLine.run(["bench", "nonsense"], io: d.io) == 2)
    #expect(d.stderr.contains("layers") && d.stderr.contains("memory"))
  }

  @Test func readSumMatchesTheScalarSumIncludingTheTail() {
    // 37 = one 32-float block plus a 5-float tail; small integers sum exactly in Float.
    let values = (0..<37).map { Float($0 % 7) }
    let expected = values.reduce(0, +)
    let got = values.withUnsafeBufferPointer { BenchCommand.sum($0.baseAddress!, count: $0.count) }
    #expect(got == expected)
  }
}
