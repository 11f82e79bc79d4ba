import Foundation

/// Whether a method's explanations collapse (issue 5 item 6): *collapses*, *partially*, or
/// *does not collapse*, from CSC profiles (or rank profiles) on one or more test networks, with
/// the thresholds used.
///
/// Per profile, the measure `s` at every point (CSC: the median |cos|; rank: `1 − σ₂/σ₁`) is read
/// from the injection point down. The profile
/// - *collapses* when `s ≥ collapse` at the first point above the input (the output of the lowest
///   layer); the *crossing* is the highest point from which `s ≥ collapse` holds all the way down,
///   given by name and depth (measurement points below the injection point);
/// - *partially* when it does not collapse but the excess over chance at that point,
///   `(s − baseline)/(1 − baseline)`, is at least `partial`;
/// - *does not collapse* otherwise.
/// The verdict over several profiles (test networks) is *collapses* when every profile collapses,
/// *does not collapse* when none even partially does, *partially* otherwise.
///
/// ```swift
/// let verdict = CollapseVerdict(profiles: try experiment.profiles(method: m, network: n, inputs: x, injectAt: layers))
/// print(verdict.summary)   // "collapses (median CSC ≥ 0.99 at fc1 … ; thresholds collapse 0.99, partial 0.9)"
/// ```
public struct CollapseVerdict: Sendable, Equatable {
  /// The thresholds (printed with every verdict).
  public struct Thresholds: Sendable, Equatable, CustomStringConvertible {
    /// `s` at the first point above the input at or above which a profile collapses (paper-style: 0.99).
    public var collapse: Double
    /// Minimum excess over chance, `(s − baseline)/(1 − baseline)`, for *partially*.
    public var partial: Double

    /// Thresholds; the defaults are issue 5's 0.99 and nine tenths of the way from chance to 1
    /// (on deep random ReLU MLPs LRP-0 reaches about half of the way, the gradient a quarter).
    public init(collapse: Double = 0.99, partial: Double = 0.9) {
      precondition(collapse > 0 && collapse <= 1 && partial >= 0 && partial <= 1, "CollapseVerdict.Thresholds: collapse in (0, 1], partial in [0, 1]")
      self.collapse = collapse
      self.partial = partial
    }

    /// `collapse 0.99, partial 0.9`.
    public var description: String { "collapse \(collapse), partial \(partial)" }
  }

  /// The three outcomes.
  public enum Outcome: String, Sendable, Equatable, CaseIterable {
    /// `s ≥ collapse` just above the input.
    case collapses
    /// Above chance by at least `partial`, below `collapse`.
    case partially
    /// Near chance.
    case doesNotCollapse = "does not collapse"
  }

  /// The evidence from one profile.
  public struct Evidence: Sendable, Equatable {
    /// A label of the profile (network and injection layer).
    public var label: String
    /// The first point above the input.
    public var point: String
    /// `s` there.
    public var value: Double
    /// The chance level of `s` there.
    public var baseline: Double
    /// The highest point from which `s ≥ collapse` down to the first point above the input, if any.
    public var crossingPoint: String?
    /// Its depth: the number of measurement points between it and the injection point (0 = the injection point).
    public var crossingDepth: Int?
    /// This profile's outcome.
    public var outcome: Outcome
  }

  /// The overall outcome.
  public let outcome: Outcome
  /// The thresholds used.
  public let thresholds: Thresholds
  /// One entry per profile.
  public let evidence: [Evidence]

  /// The verdict from per-profile series of `(point, s, baseline)`, top (injection point) first,
  /// the input last (the input itself is not judged).
  /// - Precondition: every series has at least two points.
  public init(series: [(label: String, points: [(name: String, value: Double, baseline: Double)])], thresholds: Thresholds = Thresholds()) {
    self.thresholds = thresholds
    evidence = series.map { label, points in
      precondition(points.count >= 2, "CollapseVerdict: a profile needs a point above the input")
      let first = points.count - 2
      let p = points[first]
      var crossing: Int? = nil
      var k = first
      while k >= 0 && points[k].value >= thresholds.collapse {
        crossing = k
        k -= 1
      }
      let excess = p.baseline < 1 ? (p.value - p.baseline) / (1 - p.baseline) : 0
      let outcome: Outcome = crossing != nil ? .collapses : (excess >= thresholds.partial ? .partially : .doesNotCollapse)
      return Evidence(
        label: label, point: p.name, value: p.value, baseline: p.baseline, crossingPoint: crossing.map { points[$0].name },
        crossingDepth: crossing, outcome: outcome)
    }
    let outcomes = evidence.map(\.outcome)
    if !outcomes.isEmpty && outcomes.allSatisfy({ $0 == .collapses }) {
      outcome = .collapses
    } else if outcomes.allSatisfy({ $0 == .doesNotCollapse }) {
      outcome = .doesNotCollapse
    } else {
      outcome = .partially
    }
  }

  /// The verdict on the CSC profiles of one network: `s` is the median |cos|, the baseline the
  /// Gaussian chance level; NaN medians (every pair dropped) count as 0. Only the deepest product
  /// is judged — the profile with the most points (the highest injection layer): a product of one
  /// or two factors from a low injection layer need not have collapsed. Combine networks with
  /// ``init(series:thresholds:)``.
  /// - Precondition: at least one profile.
  public init(profiles: [CSCProfile], network: String = "", thresholds: Thresholds = Thresholds()) {
    precondition(!profiles.isEmpty, "CollapseVerdict: no profile")
    let deepest = profiles.max { $0.points.count < $1.points.count }!
    self.init(
      series: [deepest].map { p in
        (label: network.isEmpty ? p.injectionLayer : "\(network)@\(p.injectionLayer)",
         points: p.points.map { ($0.name, $0.statistics.median.isNaN ? 0 : $0.statistics.median, $0.statistics.baseline) })
      }, thresholds: thresholds)
  }

  /// The verdict on a rank profile: `s = 1 − σ₂/σ₁` (baseline 0) at every depth, the depth just
  /// above the input being the product down to the output of the lowest layer (`k = 1`).
  /// - Precondition: at least two depths.
  public init(rank: RankProfile, network: String = "", thresholds: Thresholds = Thresholds()) {
    let points = [(name: rank.injectionLayer, value: 0.0, baseline: 0.0)]
      + rank.depths.map { d in (name: d.depth == 0 ? "input" : "below \(d.label)", value: d.ratio.isNaN ? 0 : 1 - d.ratio, baseline: 0.0) }
    self.init(series: [(label: network.isEmpty ? rank.injectionLayer : "\(network)@\(rank.injectionLayer)", points: Array(points))], thresholds: thresholds)
  }

  /// One line: the outcome, the weakest evidence and the thresholds.
  public var summary: String {
    let weakest = evidence.min { $0.value < $1.value }
    let at = weakest.map { String(format: " (lowest %.4f at %@ of %@, chance %.4f)", $0.value, $0.point, $0.label, $0.baseline) } ?? ""
    let crossings = evidence.compactMap { e in e.crossingPoint.map { "\(e.label): \($0), depth \(e.crossingDepth!)" } }
    let crossed = crossings.isEmpty ? "" : "; crossed at " + crossings.joined(separator: ", ")
    return "verdict: \(outcome.rawValue)\(at)\(crossed); thresholds \(thresholds)"
  }
}
