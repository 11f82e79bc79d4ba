import Foundation
import Networks
import Rules
import Symbolic
import Testing
import _BPTestSupport

/// Issue 4, "fast kernel = generic evaluator": every registry method with a catalogue
/// counterpart, on every layer kind, under both conventions, from the same `RelevanceStart`.
///
/// Agreement at a layer boundary `l`: `|F − G| ≤ 1e-5·|G| + 1e-6·max|G_l|` elementwise, reported as
/// `max |F − G| / (|G| + 1e-1·max|G_l|)` ≤ 1e-5. The absolute floor `1e-6·max|G_l|` is about 16
/// Float32 ulps (2⁻²⁴ ≈ 6e-8) of the layer's largest value: the fast kernels accumulate in Float32
/// through up to 10 layers of sums of up to 36 terms, so an element that is the small remainder
/// of a cancelling sum carries an absolute error of the order of the ulps of the summed terms, not
/// of itself (a floor of one ulp left same-rule cases failing at 1.003e-5 to 1.1e-5). The generic
/// path runs in Double. Every genuine disagreement below is ≥ 2e-5, most are O(1) or larger.
///
/// Known, documented differences handled explicitly:
/// - DeepLIFT: the fast kernels report contributions `m ⊙ Δa` below the start, the generic path
///   multipliers `m`; `G[l] ⊙ (a_l − a0_l)` is compared (reference: zeros, traced once).
/// - Defaults that differ by design are pinned to the fast kernel's value on both paths: ε of
///   `lrp-epsilon` (generic paper default 0.1, fast 1e-7) and of the CMP composites under Zennit
///   (generic 1e-10, fast 1e-6).
/// - zᴮ bounds: the same scalar `low`/`high` (the batch range widened by 0.5) on both paths.
/// - Patterns: one `PatternSet` (ReLU estimator, 64 samples) per network, given to both.
@Suite struct CrossPathTests {
  /// Registry methods without a rule-language counterpart (path integrals, noise, input product).
  static let noCounterpart: Set<String> = ["input-x-gradient", "integrated-gradients", "smoothgrad"]


  /// How a method's parameters are given to each path.
  struct Setup {
    var fast: MethodParameters
    var generic: [String: Double]
    var bindings: RuleBindings
    var contributions = false
  }

  static func setup(
    _ name: String, _ convention: RuleConvention, _ c: CrossPathCases.Case, patterns: PatternSet
  ) -> Setup {
    let fastConvention: Convention = convention == .paper ? .paper : .zennit
    var s = Setup(fast: MethodParameters(convention: fastConvention), generic: [:], bindings: .none)
    switch name {
    case "lrp-epsilon":
      s.fast.epsilon = Double(fastConvention.defaultEpsilon)
      s.generic["eps"] = Double(fastConvention.defaultEpsilon)
    case "lrp-cmp-alpha1-beta0", "lrp-cmp-alpha2-beta1":
      let e = fastConvention == .paper ? 1e-10 : 1e-6
      s.fast.epsilon = e
      s.generic["eps"] = e
    case "lrp-zb", "dtd":
      let x = c.trace.activations[0].scalars
      let (low, high) = (x.min()! - 0.5, x.max()! + 0.5)
      s.fast.low = [low]
      s.fast.high = [high]
      s.bindings = RuleBindings(low: [low], high: [high])
    case "pattern-net", "pattern-attribution":
      s.fast.patterns = patterns
      s.bindings = RuleBindings(patterns: patterns.patterns)
    case "deeplift-rescale", "deeplift-reveal-cancel", "deeplift-ablation":
      s.bindings = RuleBindings(reference: c.network.trace(Tensor(shape: [1] + c.network.inputShape)))
      s.contributions = true
    default: break
    }
    return s
  }

  /// The error of one boundary (see the suite documentation).
  static func error(_ fast: [Float], _ generic: [Float]) -> Double {
    let scale = generic.reduce(0) { max($0, Double(abs($1))) }
    var worst = 0.0
    for (f, g) in zip(fast, generic) {
      let d = abs(Double(f) - Double(g))
      if d == 0 { continue }
      worst = max(worst, d / (Double(abs(g)) + 1e-1 * scale))
    }
    return fast.count == generic.count ? worst : .infinity
  }

  /// Worst error per (method, architecture) over seeds, inputs and starts, with the layer kind
  /// just above the top-most failing boundary (where the disagreement is born).
  struct Finding: CustomStringConvertible {
    var maxError = 0.0
    var perKind: [String: Double] = [:]
    var origin: String?
    var description: String {
      let kinds = perKind.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1e", $0.value))" }
      return String(format: "max %.2e", maxError) + " [" + kinds.joined(separator: ", ") + "]"
        + (origin.map { " first failing below: \($0)" } ?? "")
    }
  }

  /// Networks with biases (the general case).
  @Test(arguments: RuleConvention.allCases)
  func fastKernelsMatchTheGenericEvaluator(convention: RuleConvention) throws {
    try Self.compare(convention: convention, bias: true, knownIssues: CrossPathKnownIssues.all)
  }

  /// The same networks without biases: checks the bias diagnosis of the paper αβ/z⁺ family
  /// (those methods must agree here) and that the other disagreements do not come from biases.
  @Test(arguments: RuleConvention.allCases)
  func fastKernelsMatchTheGenericEvaluatorWithoutBiases(convention: RuleConvention) throws {
    let known = CrossPathKnownIssues.all.filter { !$0.value.hasPrefix("paper αβ/z⁺") }
    try Self.compare(convention: convention, bias: false, knownIssues: known)
  }

  /// Runs every method on every case and checks (or records as known) each finding.
  static func compare(convention: RuleConvention, bias: Bool, knownIssues: [String: String]) throws {
    let cases = try CrossPathCases.all(bias: bias)
    var patternSets: [Int: PatternSet] = [:]
    for (i, c) in cases.enumerated() { patternSets[i] = try CrossPathCases.patterns(c.network, seed: UInt64(i)) }
    var findings: [String: Finding] = [:]
    var missing: Set<String> = []
    for name in MethodRegistry.names {
      guard (try? NetworkRule.catalogue(name, convention: convention)) != nil else {
        missing.insert(name)
        continue
      }
      for (i, c) in cases.enumerated() {
        let s = setup(name, convention, c, patterns: patternSets[i]!)
        let fast = try MethodRegistry.make(name, parameters: s.fast)
        let generic = GenericRulePropagator(
          method: try NetworkRule.catalogue(name, convention: convention, parameters: s.generic), bindings: s.bindings)
        let arch = String(c.label.prefix(3))
        let key = "\(name)/\(convention.rawValue)/\(arch)"
        var finding = findings[key] ?? Finding()
        for start in c.starts {
          let f = try fast.propagate(network: c.network, trace: c.trace, start: start)
          var g = try generic.propagate(network: c.network, trace: c.trace, start: start)
          if s.contributions, let ref = s.bindings.reference {
            for l in 0...start.layer {
              let a = c.trace.activations[l].scalars
              let a0 = ref.activations[l].scalars
              let per = a0.count
              g.relevances[l].scalars = g.relevances[l].scalars.indices.map {
                g.relevances[l].scalars[$0] * (a[$0] - a0[$0 % per])
              }
            }
          }
          for l in stride(from: start.layer + 1, through: 0, by: -1) {
            let e = error(f.relevances[l].scalars, g.relevances[l].scalars)
            let kind = l <= start.layer ? CrossPathCases.kind(c.network.layers[l]) : "start"
            finding.perKind[kind] = max(finding.perKind[kind] ?? 0, e)
            finding.maxError = max(finding.maxError, e)
            if e > 1e-5, finding.origin == nil {
              finding.origin = "\(kind) (layer \(l), \(c.label), start \(start.layer))"
            }
          }
        }
        findings[key] = finding
      }
    }
    #expect(missing == noCounterpart, "methods without a generic counterpart")
    for key in findings.keys.sorted() {
      let finding = findings[key]!
      print("CROSSPATH \(bias ? "bias" : "nobias") \(key): \(finding)")
      if let diagnosis = knownIssues[key] {
        // The w² stabiliser difference is ≈ 1e-6/Σw²: above tolerance only for small fans.
        let intermittent = diagnosis.hasPrefix("lrp-wsquare/zennit")
        withKnownIssue(Comment(rawValue: diagnosis), isIntermittent: intermittent) {
          #expect(finding.maxError <= 1e-5, "\(key): \(finding)")
        }
      } else {
        #expect(finding.maxError <= 1e-5, "\(key): \(finding)")
      }
    }
  }
}
