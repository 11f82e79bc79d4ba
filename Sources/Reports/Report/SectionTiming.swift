/// Wall-clock seconds of one step of a report run.
public struct SectionTiming: Sendable, Equatable, Codable {
  /// The step (`sanity checks: trained-cnn`, `simulation`, …).
  public var step: String
  /// Seconds.
  public var seconds: Double

  /// A timing.
  public init(step: String, seconds: Double) {
    self.step = step
    self.seconds = seconds
  }
}
