import BackpropAudit

/// `bpaudit bench csc`: the two speed targets of the rank analysis (issue 5 item 8).
///
/// - rank: the σ₂/σ₁ profile (every depth, one input) of a 12-layer width-512 random ReLU MLP
///   (He-normal, seed 1), injected at the top layer, for z⁺ (collapsing) and the gradient (flat
///   spectrum, the slow case), local maps included; target ≤ 2 s.
/// - csc: the paper's full CSC of z⁺ on the CIFAR-10 network (random weights, seed 1): 200
///   random inputs × 5 vectors × the 5 injection layers fc6, fc5, conv4, conv3, conv2; target ≤ 60 s.
///
/// The CSC figure takes about a minute per run: use `--runs 3 --warmup 0`.
enum CSCBenchmark {
  /// Width and depth of the rank benchmark network.
  static let width = 512, depth = 12

  static func rows(_ time: BenchCommand.Timer) -> [BenchCommand.Row] {
    var rows: [BenchCommand.Row] = []
    let mlp = Network.mlp(
      inputCount: width, hidden: [Int](repeating: width, count: depth - 1), classes: width, seed: 1)
    let x = Tensor(shape: [1, width], scalars: BenchCommand.randomFloats(width, seed: 5))
    let top = mlp.layers[mlp.layers.count - 1].name
    let network = Network.cifarCNN(seed: 1)
    let images = 200
    let inputs = Tensor(shape: [images, 3, 32, 32], scalars: BenchCommand.randomFloats(images * 3 * 32 * 32, seed: 7))
    let layers = CSCExperiment.defaultInjectionLayers(of: network)
    if let method = try? MethodRegistry.make("lrp-zplus") {
      let experiment = CSCExperiment()
      let t = time { blackHole(try? experiment.profiles(method: method, network: network, inputs: inputs, injectAt: layers)) }
      rows.append(BenchCommand.Row(
        name: "csc lrp-zplus cifar \(images)x5x\(layers.count)", milliseconds: t.median * 1e3,
        rate: Double(images * layers.count) / t.median, unit: "input-injections/s"))
    }
    let analyzer = RankAnalyzer()
    for name in ["lrp-zplus", "gradient"] {
      guard let method = try? NetworkRule.catalogue(name) else { continue }
      let t = time { blackHole(try? analyzer.depthProfiles(method: method, network: mlp, input: x, injectAt: top)) }
      rows.append(BenchCommand.Row(
        name: "rank \(name) mlp \(depth)x\(width)", milliseconds: t.median * 1e3, rate: 1 / t.median, unit: "profiles/s"))
    }
    return rows
  }
}
