import BackpropAudit
import Foundation

/// `bpaudit bench sanity`: the full sanity suite of issue 6 item 7 on the trained small CNN
/// (`--net trained-cnn`, from the zoo cache or trained once, untimed): every default method
/// (`SanityCommand.defaultMethods`), cascading Glorot re-initialisation at every cut point, the
/// random logit and the two-object images, 200 held-out images, 10,000 bootstrap resamples.
///
/// One row for the whole suite (target ≤ 5 minutes) and one per step of the last timed run
/// (original maps with the first stage, each further stage, the random logit, the two-object
/// images, the summaries). Rates are maps per second: one map is one method explaining one image
/// on one network for one class.
enum SanityBenchmark {
  /// Images explained (issue 6 item 7).
  static let images = 200
  /// Two-object images of the class-sensitivity step (as `bpaudit sanity`).
  static let twoObjectImages = 50

  static func rows(_ time: BenchCommand.Timer) -> [BenchCommand.Row] {
    guard let model = try? ModelZoo().model(.trainedCNN),
      let methods = try? SanityCommand.defaultMethods.map({ try MethodRegistry.make($0) })
    else { return [] }
    let suite = SanitySuite(images: images)
    let twoObjects = SyntheticShapes.makeTwoObjects(count: twoObjectImages, size: .small, seed: model.recipe.seed)
    let n = min(images, model.heldOut.count)
    let stages = ParameterRandomization.cutPoints(of: model.network).count
    var steps: [(String, Date)] = []
    var failed = false
    let total = time {
      steps = [("start", Date())]
      do {
        blackHole(
          try suite.run(
            methods: methods, network: model.network, inputs: model.inputs, labels: model.heldOut.labels,
            twoObjects: twoObjects) { steps.append(($0, Date())) })
      } catch {
        failed = true
      }
      steps.append(("bootstrap summaries", Date()))
    }
    guard !failed else { return [] }
    // Maps: the original and each stage's (n each), the random class, two per two-object image.
    let mapsPerMethod = n * (stages + 1) + n + 2 * twoObjectImages
    var rows = [
      BenchCommand.Row(
        name: "sanity: \(methods.count) methods × \(n) images", milliseconds: total.median * 1e3,
        rate: Double(methods.count * mapsPerMethod) / total.median, unit: "maps/s")
    ]
    // Per step: maps per method, or (last step) the bootstrap summaries per method.
    let stepCounts = [n * 2] + Array(repeating: n, count: stages - 1) + [n, 2 * twoObjectImages, stages + 4]
    for k in 1..<steps.count {
      let seconds = steps[k].1.timeIntervalSince(steps[k - 1].1)
      let count = k - 1 < stepCounts.count ? stepCounts[k - 1] * methods.count : 0
      rows.append(
        BenchCommand.Row(
          name: "  \(steps[k].0)", milliseconds: seconds * 1e3, rate: Double(count) / seconds,
          unit: k == steps.count - 1 ? "summaries/s" : "maps/s"))
    }
    return rows
  }
}
