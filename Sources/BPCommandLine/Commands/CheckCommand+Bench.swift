import BackpropAudit
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension CheckCommand {
  /// The rules `bpaudit bench check` audits: z⁺ as text (equal to a catalogue rule, so the CNN
  /// steps run its fast kernel) and z⁺ with absolute weights (equal to none: the generic evaluator).
  static let benchRules: [(name: String, text: String)] = [
    ("z+ text", "R[i] = sum_j(a[i]*pos(w[i,j])/(sum_i(a[i]*pos(w[i,j])) + eps)*R[j])"),
    ("|w| rule", "R[i] = sum_j(a[i]*abs(w[i,j])/(sum_i(a[i]*abs(w[i,j])) + eps)*R[j])"),
  ]

  /// `bpaudit bench check`: each step of a default check (the built-in networks, `.zoo`
  /// experiment) of every `benchRules` rule, timed once (a check is minutes, not a kernel: the
  /// suite ignores --runs and --warmup), then the total; `rate` is the process CPU time of the
  /// step in seconds (`getrusage`, user + system, all threads), the wall-clock budget is 120 s.
  static func benchRows(_ time: BenchCommand.Timer) -> [BenchCommand.Row] {
    var rows: [BenchCommand.Row] = []
    func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
      let (wall0, cpu0) = (Date(), cpuSeconds())
      let value = try body()
      rows.append(BenchCommand.Row(
        name: name, milliseconds: Date().timeIntervalSince(wall0) * 1000, rate: cpuSeconds() - cpu0, unit: "CPU s"))
      return value
    }
    let settings = RuleAudit.Settings()
    _ = measure("zoo network (load or train)") { try? ModelZoo().model(RuleAudit.zooNetwork()); _ = try? ModelZoo().model(.trainedCNN) }
    let catalogue = measure("catalogue profiles") { RuleAudit.catalogueProfiles(settings: settings) }
    for rule in benchRules {
      let (wall0, cpu0) = (Date(), cpuSeconds())
      do {
        let audit = try measure("\(rule.name): parse + identify") {
          try RuleAudit(text: rule.text, name: rule.name, parameters: ["eps": 1e-6], settings: settings)
        }
        let algebra = measure("\(rule.name): algebra") { audit.algebra() }
        let points = try measure("\(rule.name): MLPs \(settings.depths.map(String.init).joined(separator: ","))") {
          try settings.depths.map { try audit.theoryPoint(depth: $0) }
        }
        let cnn = try measure("\(rule.name): random CNN") { try audit.cnnTheory() }
        let experiments = try measure("\(rule.name): experiment") { try audit.experiments() }
        let theory = TheoryFindings(width: settings.width, points: points, cnn: cnn)
        _ = audit.report(
          algebra: algebra, theory: theory, experiments: experiments,
          closest: RuleAudit.closestCatalogueRules(to: theory.deepest.cscCurve, in: catalogue))
      } catch {
        rows.append(BenchCommand.Row(name: "\(rule.name): failed: \(error)", milliseconds: .nan, rate: .nan, unit: ""))
      }
      rows.append(BenchCommand.Row(
        name: "\(rule.name): total", milliseconds: Date().timeIntervalSince(wall0) * 1000, rate: cpuSeconds() - cpu0,
        unit: "CPU s"))
    }
    return rows
  }

  /// User + system CPU time of the process so far, in seconds.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}
