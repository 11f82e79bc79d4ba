import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The samples of one benchmark, in seconds.
public struct BenchmarkTiming: Sendable, Equatable {
  /// Every timed run, in the order they ran, in seconds.
  public let samples: [Double]

  /// Wraps measured samples.
  /// - Precondition: `samples` is not empty.
  public init(samples: [Double]) {
    precondition(!samples.isEmpty, "BenchmarkTiming needs at least one sample")
    self.samples = samples
  }

  /// The median sample (the mean of the two middle samples for an even count), in seconds.
  /// - Complexity: O(r log r) for r samples.
  public var median: Double {
    let sorted = samples.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// The fastest sample, in seconds.
  public var min: Double { samples.min() ?? 0 }

  /// The slowest sample, in seconds.
  public var max: Double { samples.max() ?? 0 }
}

/// A tiny wall-clock benchmarking helper on the monotonic clock.
///
/// ```swift
/// let t = Stopwatch.measure(warmup: 2, runs: 7) { GEMM.sgemm(…) }
/// print(2.0 * Double(m * n * k) / t.median / 1e9, "GFLOP/s")
/// ```
/// Pass results of the measured work through ``blackHole(_:)`` and vary inputs between runs
/// where the optimiser could otherwise hoist the work out of the loop.
public enum Stopwatch {
  /// Runs `body` `warmup` times untimed, then `runs` times, timing each run separately with
  /// `DispatchTime.now().uptimeNanoseconds` (monotonic, not affected by clock changes).
  /// - Parameters:
  ///   - warmup: untimed runs first (caches, page faults, lazy initialisation).
  ///   - runs: timed runs, at least 1.
  ///   - body: the work to time.
  /// - Returns: the `runs` samples in seconds.
  /// - Complexity: `warmup + runs` calls of `body`.
  public static func measure(warmup: Int, runs: Int, _ body: () -> Void) -> BenchmarkTiming {
    precondition(warmup >= 0 && runs >= 1, "Stopwatch.measure: warmup ≥ 0 and runs ≥ 1")
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      let end = DispatchTime.now().uptimeNanoseconds
      samples.append(Double(end &- start) * 1e-9)
    }
    return BenchmarkTiming(samples: samples)
  }

  /// Like `measure(warmup:runs:_:)`, but each sample is the CPU time the whole process spent
  /// during the run (`CLOCK_PROCESS_CPUTIME_ID`, user + system, summed over its threads).
  ///
  /// On a machine shared with other work, wall-clock samples grow with the load while CPU time
  /// does not (up to cache effects); with one worker thread it is the time the work needs on a
  /// quiet core. With several threads it is their sum, not the elapsed time.
  /// - Parameters: as `measure(warmup:runs:_:)`.
  /// - Returns: the `runs` CPU-time samples in seconds.
  /// - Complexity: `warmup + runs` calls of `body`.
  public static func measureCPU(warmup: Int, runs: Int, _ body: () -> Void) -> BenchmarkTiming {
    precondition(warmup >= 0 && runs >= 1, "Stopwatch.measureCPU: warmup ≥ 0 and runs ≥ 1")
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
      let start = processCPUSeconds()
      body()
      samples.append(processCPUSeconds() - start)
    }
    return BenchmarkTiming(samples: samples)
  }

  /// The CPU time this process has used so far, in seconds.
  static func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
}

/// An optimisation barrier: the compiler must assume `value` is used, so the computation that
/// produced it cannot be removed as dead code.
/// - Parameter value: any value a benchmark computed.
///
/// Never inlined and never optimised, so even whole-module optimisation cannot see that it does
/// nothing (the swift-numerics `_TestSupport` idiom).
@inline(never) @_optimize(none)
public func blackHole<T>(_ value: T) {}
