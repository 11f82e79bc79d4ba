import Foundation
import Networks
import _BPTestSupport

/// Loading the Captum/Zennit fixtures (Tests/Fixtures) for the DeepLIFT, pattern and
/// path-gradient method tests.
enum MethodFixture {
  static let models = FixtureModel.names

  /// The network, its 4 inputs and their targets (`FixtureModel`).
  static func load(_ model: String) throws -> (network: Network, x: Tensor, targets: [Int]) {
    let f = try FixtureModel.load(model)
    return (f.network, f.batch.x, f.targets)
  }

  /// A reference tensor from `NAME.attributions.safetensors` or `NAME.layers.safetensors`.
  static func reference(_ model: String, file: String, key: String) throws -> Tensor {
    try SafeTensorsFile(contentsOf: Fixtures.url("\(model).\(file).safetensors")).tensor(named: key)
  }

  /// Whether the per-layer file has `key`.
  static func hasLayerKey(_ model: String, _ key: String) throws -> Bool {
    try SafeTensorsFile(contentsOf: Fixtures.url("\(model).layers.safetensors")).contains(key)
  }

  /// One-hot rows `e_c`, optionally scaled per row.
  static func oneHot(_ targets: [Int], classes: Int, scale: [Float]? = nil) -> Tensor {
    var t = Tensor(shape: [targets.count, classes])
    for (row, c) in targets.enumerated() { t.scalars[row * classes + c] = scale?[row] ?? 1 }
    return t
  }

  /// `Σ` over each sample of `t`, in Double.
  static func sampleSums(_ t: Tensor) -> [Double] {
    let n = t.shape[0]
    let stride = t.count / n
    return (0..<n).map { s in t.scalars[(s * stride)..<((s + 1) * stride)].reduce(0) { $0 + Double($1) } }
  }

  /// `f_c(x)` per sample.
  static func targetLogits(_ logits: Tensor, _ targets: [Int]) -> [Float] {
    let classes = logits.shape[1]
    return targets.enumerated().map { logits.scalars[$0.offset * classes + $0.element] }
  }
}
