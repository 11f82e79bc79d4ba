import Networks
import Testing
@testable import Rules

@Suite struct RegistryCompletenessTests {
  /// Every method name of issue 4 item 5, in the issue's order.
  static let issueNames = [
    "gradient", "input-x-gradient", "integrated-gradients", "smoothgrad", "lrp-0", "lrp-epsilon", "lrp-gamma",
    "lrp-zplus", "lrp-alpha-beta", "lrp-alpha1-beta0", "lrp-alpha2-beta1", "lrp-alpha5-beta4", "lrp-zb",
    "lrp-wsquare", "lrp-flat", "lrp-cmp-alpha1-beta0", "lrp-cmp-alpha2-beta1", "dtd", "excitation-bp",
    "pattern-net", "pattern-attribution", "deeplift-rescale", "deeplift-reveal-cancel", "deeplift-ablation",
    "deconv", "guided-backprop", "rectgrad",
  ]

  @Test func everyMethodOfTheIssueIsRegisteredUnderItsName() throws {
    #expect(Set(MethodRegistry.names) == Set(Self.issueNames))
    for name in Self.issueNames where !name.hasPrefix("pattern-") {
      #expect(try MethodRegistry.make(name).name == name)
    }
  }

  @Test func patternMethodsWithoutPatternsSayWhatIsMissing() {
    for name in ["pattern-net", "pattern-attribution"] {
      do {
        _ = try MethodRegistry.make(name)
        Issue.record("\(name) without patterns must throw")
      } catch let error as AttributionError {
        #expect(error.description.contains("patterns"), "\(error)")
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }
}
