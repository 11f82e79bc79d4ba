import Networks
import Testing
@testable import Rules

@Test func attributionErrorsAreOneLine() {
  let errors: [AttributionError] = [
    .unsupportedLayer(method: "pattern-net", layer: "conv1", reason: "no pattern estimated"),
    .invalidParameter(method: "lrp-alpha-beta", parameter: "alpha", expected: "alpha - beta = 1"),
    .startShape(layer: 3, expected: [1, 10], got: [1, 9]),
  ]
  for error in errors { #expect(!error.description.contains("\n")) }
}
