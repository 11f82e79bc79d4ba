import Testing
@testable import Matrices

@Suite struct MemoryRetentionTests {
  @Test func allocatorAcceptsTheSettingsOnGlibc() {
    #if os(Linux) && canImport(Glibc)
      #expect(MemoryRetention.enable(), "mallopt rejected M_TRIM_THRESHOLD or M_MMAP_THRESHOLD")
    #endif
    // Idempotent: later calls report the first outcome.
    #expect(MemoryRetention.enable() == MemoryRetention.enable())
  }

  @Test func cpuTimeSamplesCountTheWorkOfTheRun() {
    var sink: Float = 0
    let t = Stopwatch.measureCPU(warmup: 1, runs: 3) {
      var s: Float = 0
      for i in 0..<200_000 { s += Float(i & 7) }
      sink += s
    }
    blackHole(sink)
    #expect(t.samples.count == 3)
    #expect(t.samples.allSatisfy { $0 >= 0 && $0 < 10 })
  }
}
