/// Which output a class explanation explains, or where an arbitrary relevance is injected.
public enum TargetSelection: Sendable, Equatable {
  /// Each row's predicted class (the arg-max of its logits; ties to the first).
  case predicted
  /// One class per row (`classes.count == N`).
  case classes([Int])
  /// For each row a class drawn uniformly from the classes other than its prediction, from
  /// `SeededGenerator(seed: seed)` (the paper's random-logit test).
  case randomOther(seed: UInt64)
  /// An arbitrary relevance injected at the output of a layer, used as is (no `f_c` factor);
  /// CSC injects random vectors this way.
  case relevance(RelevanceStart)
}
