import Analysis
import Foundation

/// The theory-versus-experiment table (issue 6 item 6): one row per method with the algebraic
/// verdict of its catalogue rule, the RankAnalyzer column, the empirical verdict of the sanity
/// checks on one network, the paper's expectation (paper-digest §8.2) and every disagreement.
///
/// **Empirical verdict** (thresholds from issue 6, ``Thresholds``): *class-insensitive* when the
/// SSIM_flip median after randomizing only the top layer **and** the random-logit median are both
/// `≥ insensitive` (0.9); *sensitive* when both are `< sensitive` (0.5); *in between* otherwise.
///
/// **Disagreements** named in the agreement column:
/// - the paper expects a collapse but a median is `< insensitive` ("stays ≥ 0.9" fails);
/// - the paper expects no collapse but a median is `≥ sensitive` ("falls below 0.5" fails);
/// - the sign analysis proves `C ≥ 0` (Theorem 1 predicts a collapse) but the paper expects none.
/// A refuted sign is no disagreement by itself: Theorem 1 is sufficient, not necessary (α2β1
/// collapses with negative entries, paper-digest §4.4). "converges less" and methods the paper does
/// not list are compared with nothing.
public struct TheoryExperimentTable: Sendable, Equatable, Codable {
  /// The empirical thresholds.
  public struct Thresholds: Sendable, Equatable, Codable {
    /// A median at or above this counts as "the map stays" (issue 6: ≥ 0.9).
    public var insensitive: Double
    /// A median below this counts as "the map changes" (issue 6: < 0.5).
    public var sensitive: Double

    /// Thresholds; defaults 0.9 and 0.5 (issue 6, "Done when").
    public init(insensitive: Double = 0.9, sensitive: Double = 0.5) {
      precondition(sensitive <= insensitive, "thresholds: sensitive \(sensitive) must not exceed insensitive \(insensitive)")
      self.insensitive = insensitive
      self.sensitive = sensitive
    }
  }

  /// The empirical verdict of one method.
  public enum Empirical: String, Sendable, Equatable, Codable {
    /// Both medians ≥ `insensitive`: the map ignores the top layer and the class.
    case insensitive = "class-insensitive"
    /// Both medians < `sensitive`.
    case sensitive
    /// Anything else.
    case between = "in between"
    /// A median is NaN (no usable score).
    case noData = "no data"
  }

  /// One method's row.
  public struct Row: Sendable, Equatable, Codable {
    /// `MethodRegistry` name.
    public var method: String
    /// Sign analysis of the catalogue rule.
    public var algebraic: AlgebraicVerdict
    /// The RankAnalyzer column (CSC at the first layer, collapse depth), `nil` until measured.
    public var rank: String?
    /// The layer randomized first (the top cut point).
    public var topLayer: String
    /// SSIM_flip median after randomizing only the top layer.
    public var topLayerSSIM: Double
    /// Random-logit SSIM_flip median.
    public var randomLogitSSIM: Double
    /// Two-object images: median own-object and other-object top-k overlap, when run.
    public var ownOverlap, otherOverlap: Double?
    /// The empirical verdict.
    public var empirical: Empirical
    /// The paper's expectation.
    public var expectation: PaperExpectation
    /// Every disagreement, one sentence each; empty when all agree.
    public var disagreements: [String]
  }

  /// The network the empirical columns come from.
  public var network: String
  /// The thresholds used.
  public var thresholds: Thresholds
  /// One row per method, in the order given.
  public var rows: [Row]

  /// Builds the table from sanity results on `network`.
  /// - Parameters:
  ///   - sanity: `SanitySuite.run` results (cascading order: stage 0 randomizes only the top layer).
  ///   - algebraic: the verdict of each method (default ``AlgebraicVerdict/analyse(method:)``).
  ///   - rank: the RankAnalyzer text of each method, or `nil`.
  public init(
    network: String, sanity: [MethodSanity], thresholds: Thresholds = Thresholds(),
    algebraic: (String) -> AlgebraicVerdict = AlgebraicVerdict.analyse(method:), rank: (String) -> String? = { _ in nil }
  ) {
    self.network = network
    self.thresholds = thresholds
    rows = sanity.map { s in
      let top = s.randomization.first?.median ?? .nan
      let logit = s.randomLogit.median
      let verdict = Self.empirical(top: top, logit: logit, thresholds)
      let alg = algebraic(s.method)
      let expectation = PaperExpectation.forMethod(s.method)
      let topName = s.cutPoints.first ?? "top layer"
      return Row(
        method: s.method, algebraic: alg, rank: rank(s.method), topLayer: topName, topLayerSSIM: top,
        randomLogitSSIM: logit, ownOverlap: s.ownObjectOverlap?.median, otherOverlap: s.otherObjectOverlap?.median,
        empirical: verdict, expectation: expectation,
        disagreements: Self.disagreements(
          top: top, topName: topName, logit: logit, algebraic: alg, expectation: expectation, thresholds))
    }
  }

  /// The empirical verdict of two medians (see the type's rules).
  public static func empirical(top: Double, logit: Double, _ t: Thresholds) -> Empirical {
    if top.isNaN || logit.isNaN { return .noData }
    if top >= t.insensitive && logit >= t.insensitive { return .insensitive }
    if top < t.sensitive && logit < t.sensitive { return .sensitive }
    return .between
  }

  /// Every disagreement between theory, experiment and the paper (see the type's rules).
  static func disagreements(
    top: Double, topName: String, logit: Double, algebraic: AlgebraicVerdict, expectation: PaperExpectation,
    _ t: Thresholds
  ) -> [String] {
    var out: [String] = []
    let measures = [("SSIM after randomizing \(topName)", top), ("random-logit SSIM", logit)]
    switch expectation {
    case .collapses:
      for (name, v) in measures where !v.isNaN && v < t.insensitive {
        out.append("\(name) = \(Self.format(v)) < \(Self.format(t.insensitive)), but the paper expects the map to stay")
      }
    case .doesNotCollapse:
      for (name, v) in measures where !v.isNaN && v >= t.sensitive {
        out.append("\(name) = \(Self.format(v)) ≥ \(Self.format(t.sensitive)), but the paper expects the map to change")
      }
      if algebraic.outcome == .provedNonNegative {
        out.append("sign analysis proves C ≥ 0 (Theorem 1: collapse), but the paper expects no collapse")
      }
    case .convergesLess, .notInPaper:
      break
    }
    return out
  }

  /// Three decimals, `nan` for NaN.
  static func format(_ x: Double?) -> String {
    guard let x else { return "—" }
    return x.isNaN ? "nan" : String(format: "%.3f", x)
  }

  /// The agreement cell of a row: `agrees`, `no paper verdict`, or `DISAGREES: …`.
  public static func agreement(_ row: Row) -> String {
    if !row.disagreements.isEmpty { return "DISAGREES: " + row.disagreements.joined(separator: "; ") }
    switch row.expectation {
    case .collapses, .doesNotCollapse: return "agrees"
    case .convergesLess: return "not compared (paper: converges less)"
    case .notInPaper: return "not compared (not in the paper)"
    }
  }

  /// The table for a report.
  public var reportTable: ReportTable {
    ReportTable(
      header: [
        "method", "catalogue rule", "algebraic (sign of C)", "CSC / collapse", "SSIM top layer",
        "random logit", "own / other object", "empirical", "paper", "agreement",
      ],
      alignments: [.left, .left, .left, .center, .right, .right, .right, .left, .left, .left],
      rows: rows.map { r in
        [
          r.method, r.algebraic.rule ?? "—", r.algebraic.text, r.rank ?? "—",
          "\(Self.format(r.topLayerSSIM)) (\(r.topLayer))", Self.format(r.randomLogitSSIM),
          r.ownOverlap == nil ? "—" : "\(Self.format(r.ownOverlap)) / \(Self.format(r.otherOverlap))",
          r.empirical.rawValue, r.expectation.text, Self.agreement(r),
        ]
      },
      caption: "Theory versus experiment on \(network). Empirical: class-insensitive when SSIM_flip after randomizing only the top layer and the random-logit SSIM are both ≥ \(Self.format(thresholds.insensitive)); sensitive when both < \(Self.format(thresholds.sensitive)).")
  }
}
