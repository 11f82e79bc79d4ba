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
/// Both paths run with their defaults (ε, γ, α, β, percentile), so the defaults are compared too.
/// What each path needs beyond that is given to both:
/// - DeepLIFT: the fast kernels report contributions below the start, the generic path
///   multipliers; `GenericRulePropagator.contributions` converts them (reference: zeros, traced once).
/// - zᴮ bounds: the same scalar `low`/`high` (the batch range widened by 0.5) on both paths.
/// - Patterns: one `PatternSet` (ReLU estimator, 64 samples) per network, given to both.
///
/// One allowance, for a Float32 fact rather than a difference of method: under the paper
/// convention the αβ family (z⁺, α1β0, α2β1, α5β4, αβ, Excitation BP, DTD, CMP) puts
/// iNNvestigate's full bias into the activator and inhibitor denominators, where a negative bias
/// can cancel `Σᵢ pos(a·w)`. The fast kernel's Float32 denominator then carries a relative error
/// of about `2⁻²⁴·κ` (κ = `CrossPathCases.paperDenominatorCondition`, up to ≈1.7e3 on these nets),
/// so for those methods the tolerance is `max(1e-5, 16·2⁻²⁴·κ)`: the suite's 16 ulps, of the
/// cancelling sum instead of the result (seen: 1.7e-5 at κ ≈ 1.7e3, 1.1e-5 at a smaller κ).
/// Without biases (κ = 1) and under the Zennit convention (`b⁺`, `b⁻` cannot cancel) it is 1e-5.
///
/// DeepLIFT RevealCancel is compared on the same small networks (6–8 units, 2–4 channels) as
/// every other method, where some units have an exactly-zero part (`Δz⁺ = 0`: every live input has
/// a weight of one sign) and the multiplier of that part is deeplift's pseudocount slope. The fast
/// kernel forms each part as a sum of terms of one sign (`W⁺Δa⁺ + W⁻Δa⁻`), so such a part is an
/// exact 0 on both paths; the wide variants add units with many live inputs.
///
/// No comparison is a known issue: a disagreement fails the test.
@Suite struct CrossPathTests {
  /// Registry methods without a rule-language counterpart (path integrals, noise, input product).
  static let noCounterpart: Set<String> = ["input-x-gradient", "integrated-gradients", "smoothgrad"]

  /// Methods also compared on the wide networks (see the suite documentation).
  static let alsoWide: Set<String> = ["deeplift-reveal-cancel"]

  /// The methods whose paper-convention rules put the full bias into `Σᵢ pos(a·w)` denominators.
  static let paperActivatorMethods: Set<String> = [
    "lrp-zplus", "lrp-alpha-beta", "lrp-alpha1-beta0", "lrp-alpha2-beta1", "lrp-alpha5-beta4", "excitation-bp", "dtd",
    "lrp-cmp-alpha1-beta0", "lrp-cmp-alpha2-beta1",
  ]


  /// How a method's parameters are given to each path.
  struct Setup {
    var fast: MethodParameters
    var bindings: RuleBindings
    var contributions = false
  }

  static func setup(
    _ name: String, _ convention: RuleConvention, _ c: CrossPathCases.Case, patterns: PatternSet?
  ) -> Setup {
    let fastConvention: Convention = convention == .paper ? .paper : .zennit
    var s = Setup(fast: MethodParameters(convention: fastConvention), bindings: .none)
    switch name {
    case "lrp-zb", "dtd":
      let x = c.trace.activations[0].scalars
      let (low, high) = (x.min()! - 0.5, x.max()! + 0.5)
      s.fast.low = [low]
      s.fast.high = [high]
      s.bindings = RuleBindings(low: [low], high: [high])
    case "pattern-net", "pattern-attribution":
      s.fast.patterns = patterns
      s.bindings = RuleBindings(patterns: patterns?.patterns ?? [:])
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
    /// The largest `error / tolerance` (≤ 1 passes).
    var worstRatio = 0.0
    /// The largest tolerance used (1e-5, or more for ill-conditioned paper αβ denominators).
    var tolerance = 1e-5
    var perKind: [String: Double] = [:]
    var origin: String?
    var description: String {
      let kinds = perKind.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1e", $0.value))" }
      return String(format: "max %.2e (tolerance %.1e)", maxError, tolerance) + " [" + kinds.joined(separator: ", ") + "]"
        + (origin.map { " first failing below: \($0)" } ?? "")
    }
  }

  /// Networks with biases (the general case).
  @Test(arguments: RuleConvention.allCases)
  func fastKernelsMatchTheGenericEvaluator(convention: RuleConvention) throws {
    try Self.compare(convention: convention, bias: true)
  }

  /// The same networks without biases (where the conventions' bias handling plays no part).
  @Test(arguments: RuleConvention.allCases)
  func fastKernelsMatchTheGenericEvaluatorWithoutBiases(convention: RuleConvention) throws {
    try Self.compare(convention: convention, bias: false)
  }

  /// Runs every method on every case and checks each finding.
  static func compare(convention: RuleConvention, bias: Bool) throws {
    let cases = try CrossPathCases.all(bias: bias)
    let wideCases = try CrossPathCases.all(bias: bias, wide: true)
    var patternSets: [Int: PatternSet] = [:]
    for (i, c) in cases.enumerated() { patternSets[i] = try CrossPathCases.patterns(c.network, seed: UInt64(i)) }
    var findings: [String: Finding] = [:]
    var missing: Set<String> = []
    for name in MethodRegistry.names {
      guard (try? NetworkRule.catalogue(name, convention: convention)) != nil else {
        missing.insert(name)
        continue
      }
      let wide = alsoWide.contains(name) ? wideCases : []
      for (i, c) in (cases + wide).enumerated() {
        let s = setup(name, convention, c, patterns: patternSets[i])
        let fast = try MethodRegistry.make(name, parameters: s.fast)
        let generic = GenericRulePropagator(method: try NetworkRule.catalogue(name, convention: convention), bindings: s.bindings)
        let arch = String(c.label.prefix(3))
        let key = "\(name)/\(convention.rawValue)/\(arch)"
        var finding = findings[key] ?? Finding()
        for start in c.starts {
          let tolerance =
            convention == .paper && paperActivatorMethods.contains(name)
            ? max(1e-5, 16 * 0x1p-24 * CrossPathCases.paperDenominatorCondition(c.network, c.trace, top: start.layer)) : 1e-5
          finding.tolerance = max(finding.tolerance, tolerance)
          let f = try fast.propagate(network: c.network, trace: c.trace, start: start)
          var g = try generic.propagate(network: c.network, trace: c.trace, start: start)
          if s.contributions {
            g = try generic.contributions(of: g, network: c.network, trace: c.trace, start: start)
          }
          for l in stride(from: start.layer + 1, through: 0, by: -1) {
            let e = error(f.relevances[l].scalars, g.relevances[l].scalars)
            let kind = l <= start.layer ? CrossPathCases.kind(c.network.layers[l]) : "start"
            finding.perKind[kind] = max(finding.perKind[kind] ?? 0, e)
            finding.maxError = max(finding.maxError, e)
            finding.worstRatio = max(finding.worstRatio, e / tolerance)
            if e > tolerance, finding.origin == nil {
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
      #expect(finding.worstRatio <= 1, "\(key): \(finding)")
    }
  }
}
