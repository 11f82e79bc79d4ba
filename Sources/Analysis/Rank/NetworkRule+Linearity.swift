import Rules

extension NetworkRule {
  /// `true` when every rule of the method is linear in the relevance and no signal threshold is
  /// set: the local maps do not depend on the propagated signal, so propagating a block of
  /// vectors applies one linear map to all of them (what
  /// ``RankAnalyzer/sketchProfiles(propagator:network:input:injectAt:)`` needs). False for
  /// Guided BP, Deconv and RectGrad.
  public var isLinearInRelevance: Bool {
    threshold == nil
      && ([linear, activation, averagePool] + [first, last, dense, conv].compactMap { $0 }).allSatisfy(\.isLinearInRelevance)
  }
}
