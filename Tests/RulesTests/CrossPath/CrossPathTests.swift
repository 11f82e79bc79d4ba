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

  /// Disagreements found by this suite, keyed `method/convention/architecture`, with the diagnosis.
  static let knownIssues: [String: String] = {
    var issues: [String: String] = [:]
    for key in [
      "deeplift-reveal-cancel/paper/cnn",
      "deeplift-reveal-cancel/paper/mlp",
      "deeplift-reveal-cancel/zennit/cnn",
      "deeplift-reveal-cancel/zennit/mlp",
    ] {
      issues[key] = """
        DeepLIFT RevealCancel: the fast kernel reports split contributions m⁺⊙Δa⁺ + m⁻⊙Δa⁻ below each ReLU, the generic rule fuses the ReLU into the linear layer and returns one multiplier per unit; G ⊙ Δa is therefore not the fast quantity. Not diagnosed further (which path matches Captum: the fast one is fixture-tested).
        """
    }
    for key in [
      "dtd/paper/cnn",
      "dtd/paper/mlp",
      "lrp-alpha-beta/paper/cnn",
      "lrp-alpha-beta/paper/mlp",
      "lrp-alpha1-beta0/paper/cnn",
      "lrp-alpha1-beta0/paper/mlp",
      "lrp-alpha2-beta1/paper/cnn",
      "lrp-alpha2-beta1/paper/mlp",
      "lrp-alpha5-beta4/paper/cnn",
      "lrp-alpha5-beta4/paper/mlp",
      "lrp-cmp-alpha1-beta0/paper/cnn",
      "lrp-cmp-alpha2-beta1/paper/cnn",
    ] {
      issues[key] = """
        paper αβ/z⁺: the fast kernel puts the full bias in the activator (iNNvestigate AlphaBetaRule(bias=True) quirk, paper-digest §3.3/§3.5, LRP/Convention.swift); the generic paper convention is bias-free (RuleConvention.swift). Fast path matches the paper digest; generic path is the theory form.
        """
    }
    for key in [
      "dtd/zennit/cnn",
      "dtd/zennit/mlp",
    ] {
      issues[key] = """
        dtd/zennit: the fast kernel uses z⁺ on the last dense/conv layer (the fixtures' dtd_zbox_zplus, Convention.swift), the generic composite `dtd` always uses w² there. Structural; the fast path matches the Zennit fixture.
        """
    }
    for key in [
      "excitation-bp/zennit/mlp",
    ] {
      issues[key] = """
        excitation-bp/zennit/mlp: only with a start injected at a ReLU output (mlp layer 3): the fast kernel applies the ReLU gradient mask (relu: .gradient), the generic map passes relevance through ReLUs for the LRP family. At the logits the two agree (cnn cases pass). Convention choice, neither contradicts §3.3.
        """
    }
    for key in [
      "lrp-0/zennit/cnn",
      "lrp-0/zennit/mlp",
    ] {
      issues[key] = """
        lrp-0/zennit: the fast kernel uses Zennit's ε = 1e-6 stabiliser (z + 1e-6·sign z) for LRP-0, the generic `lrp.0` keeps SafeDivide under both conventions; relative differences ≈ 1e-6/|z| (up to 2e-3 on these nets). Fast matches Zennit (Epsilon(1e-6)).
        """
    }
    for key in [
      "lrp-gamma/paper/cnn",
      "lrp-gamma/paper/mlp",
      "lrp-gamma/zennit/cnn",
      "lrp-gamma/zennit/mlp",
    ] {
      issues[key] = """
        LRP-γ: the fast kernel uses Zennit's sign-split form (z > 0: W + γW⁺ on x⁺, W + γW⁻ on x⁻, b + γb⁺; mirrored for z < 0) under both conventions; the generic catalogue `lrp.gamma` is the theory form (W + γW⁺) for every output, so they differ wherever z ≤ 0 or inputs are negative. Fast path matches the Zennit fixtures; generic is the paper's h ≥ 0 formula.
        """
    }
    for key in [
      "lrp-wsquare/zennit/cnn",
      "lrp-wsquare/zennit/mlp",
    ] {
      issues[key] = """
        lrp-wsquare/zennit: the fast kernel adds Zennit's stabiliser 1e-6·sign to the w² denominator Σᵢ w²ᵢⱼ (Zennit WSquare), the generic `dtd.w2` text has none; relative difference ≈ 1e-6/Σw² (small conv fans). Fast matches Zennit.
        """
    }
    for key in [
      "lrp-zb/paper/cnn",
      "lrp-zb/paper/mlp",
      "lrp-zb/zennit/cnn",
      "lrp-zb/zennit/mlp",
    ] {
      issues[key] = """
        lrp-zb: the registry runs LRP-ε above the first layer, the catalogue alias `lrp-zb` → `dtd.zb` runs z⁺ there (NetworkRule+Catalogue). Structural: different methods under one name; the first layer alone is not isolated by this suite.
        """
    }
    for key in [
      "rectgrad/paper/cnn",
      "rectgrad/paper/mlp",
      "rectgrad/zennit/cnn",
      "rectgrad/zennit/mlp",
    ] {
      issues[key] = """
        RectGrad: τ differs. Fast: TensorFlow percentile with `nearest` interpolation (the authors' code, RectGrad.swift); generic: numpy linear interpolation (SignalThreshold). Units between the two τ flip, error O(1). Fast matches the paper's implementation (paper-digest §3.8 [C]).
        """
    }
    for key in [
      "excitation-bp/paper/cnn",
      "excitation-bp/paper/mlp",
      "lrp-zplus/paper/cnn",
      "lrp-zplus/paper/mlp",
    ] {
      issues[key] = """
        paper z⁺/Excitation BP: three differences. (1) With biases, the fast z⁺ (= α1β0) puts the full bias in the activator (iNNvestigate quirk, paper-digest §3.3); the generic paper form is bias-free. (2) The generic `zplus` adds ε = 1e-6 to every denominator where the fast paper kernel uses SafeDivide (relative 1e-6/z, 2e-4 seen on bias-free nets). (3) On the first layer with inputs of both signs the fast kernel uses x⁺W⁺ + x⁻W⁻ (iNNvestigate, paper-digest §3.3 image-layer note), the generic rule a·w⁺ (theory, h ≥ 0). Fast matches the paper digest.
        """
    }
    return issues
  }()

  /// How a method's parameters are given to each path.
  struct Setup {
    var fast: MethodParameters
    var generic: [String: Double]
    var bindings: RuleBindings
    var contributions = false
  }

  static func setup(_ name: String, _ convention: RuleConvention, _ c: CrossPathCases.Case, patterns: PatternSet) -> Setup {
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
    try Self.compare(convention: convention, bias: true, knownIssues: Self.knownIssues)
  }

  /// The same networks without biases: checks the bias diagnosis of the paper αβ/z⁺ family
  /// (those methods must agree here) and that the other disagreements do not come from biases.
  @Test(arguments: RuleConvention.allCases)
  func fastKernelsMatchTheGenericEvaluatorWithoutBiases(convention: RuleConvention) throws {
    try Self.compare(convention: convention, bias: false, knownIssues: Self.knownIssues.filter { !$0.value.hasPrefix("paper αβ/z⁺") })
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
            if e > 1e-5, finding.origin == nil { finding.origin = "\(kind) (layer \(l), \(c.label), start \(start.layer))" }
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
        withKnownIssue(Comment(rawValue: diagnosis), isIntermittent: intermittent) { #expect(finding.maxError <= 1e-5, "\(key): \(finding)") }
      } else {
        #expect(finding.maxError <= 1e-5, "\(key): \(finding)")
      }
    }
  }
}
