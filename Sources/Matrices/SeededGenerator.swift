/// A small, fast, reproducible random number generator (SplitMix64).
///
/// Every random draw in BackpropAudit comes from a `SeededGenerator` that the caller creates
/// from a printed seed and passes explicitly: nothing global, and the same seed gives the same
/// numbers on every machine and thread count.
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
///
/// References: Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator whose stream is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A standard normal draw (Box–Muller; uses two uniform draws).
  public mutating func nextGaussian() -> Double {
    // u1 in (0, 1] so that log(u1) is finite.
    let u1 = Double(next() >> 11 &+ 1) * 0x1.0p-53
    let u2 = Double(next() >> 11) * 0x1.0p-53
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }

  /// A generator for an independent sub-stream, derived deterministically from this one's seed
  /// and `stream` (for per-item or per-thread randomness that does not depend on scheduling).
  public func split(stream: UInt64) -> SeededGenerator {
    var g = SeededGenerator(seed: state ^ (stream &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    return g
  }
}
