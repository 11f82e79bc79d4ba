/// One named attribution method: its command-line name, a one-line summary, the parameters it
/// accepts, and how to build its propagator from `MethodParameters`.
public struct AttributionMethod: Sendable {
  /// The command-line name (`lrp-epsilon`).
  public var name: String
  /// One line: what the method does, with its defaults.
  public var summary: String
  /// The command-line names of the parameters it accepts (`epsilon`, `alpha`, …), besides
  /// `convention`, which every method accepts.
  public var parameters: [String]
  /// Builds the propagator; parameters outside `parameters` were already rejected.
  public var make: @Sendable (MethodParameters) throws -> any RelevancePropagator

  /// Creates a registry entry.
  public init(
    _ name: String, _ summary: String, parameters: [String] = [],
    make: @escaping @Sendable (MethodParameters) throws -> any RelevancePropagator
  ) {
    self.name = name
    self.summary = summary
    self.parameters = parameters
    self.make = make
  }
}
