import Foundation
import Networks
import Testing
import _BPTestSupport

@testable import Rules

/// Every Zennit and Captum gradient-type key of the fixtures (Tests/Fixtures/README.md), at the
/// input and at every recorded layer, reproduced with `--convention zennit`.
@Suite struct ZennitFixtureTests {
  static let models = FixtureModel.names

  /// Fixture key → (registry method name, whether it needs the model's zᴮ box).
  static let keys: [(key: String, method: String, box: Bool, bias: Bool)] = [
    ("gradient", "gradient", false, true),
    ("gradient_x_input", "input-x-gradient", false, true),
    ("guided_backprop", "guided-backprop", false, true),
    ("deconvnet", "deconv", false, true),
    ("lrp_epsilon", "lrp-epsilon", false, true),
    ("lrp_zplus", "lrp-zplus", false, true),
    ("lrp_alpha1beta0", "lrp-alpha1-beta0", false, true),
    ("lrp_alpha2beta1", "lrp-alpha2-beta1", false, true),
    ("excitation_bp", "excitation-bp", false, true),
    ("lrp_epsilon_plus", "lrp-cmp-alpha1-beta0", false, true),
    ("lrp_epsilon_alpha2beta1", "lrp-cmp-alpha2-beta1", false, true),
    ("dtd_zbox_zplus", "dtd", true, true),
    ("lrp_epsilon_nobias", "lrp-epsilon", false, false),
    ("lrp_zplus_nobias", "lrp-zplus", false, false),
  ]

  struct Loaded {
    var network: Network
    var batch: InputBatch
    var attributions: SafeTensorsFile
    var layers: SafeTensorsFile
    var box: [Float]
  }

  static func load(_ model: String) throws -> Loaded {
    let f = try FixtureModel.load(model)
    let (net, batch) = (f.network, f.batch)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("\(model).attributions.json")))
    let box = ((json as? [String: Any])?["box_low_high"] as? [Double] ?? []).map(Float.init)
    return Loaded(
      network: net, batch: batch,
      attributions: try SafeTensorsFile(contentsOf: Fixtures.url("\(model).attributions.safetensors")),
      layers: try SafeTensorsFile(contentsOf: Fixtures.url("\(model).layers.safetensors")), box: box)
  }

  static func method(_ name: String, box: [Float]?, bias: Bool = true) throws -> any RelevancePropagator {
    var p = MethodParameters(convention: .zennit)
    p.rulesUseBias = bias
    if let box {
      p.low = [box[0]]
      p.high = [box[1]]
    }
    return try MethodRegistry.make(name, parameters: p)
  }

  @Test(arguments: models)
  func attributionKeysMatch(_ model: String) throws {
    let f = try Self.load(model)
    let targets = try #require(f.batch.targets)
    let attributor = Attributor(network: f.network)
    let trace = f.network.trace(f.batch.x)
    for entry in Self.keys {
      let method = try Self.method(entry.method, box: entry.box ? f.box : nil, bias: entry.bias)
      let result = try attributor.attribute(trace: trace, method: method, target: .classes(targets))
      let expected = try f.attributions.tensor(named: entry.key)
      #expect(result.input.shape == expected.shape, "\(model) \(entry.key)")
      expectClose(result.input.scalars, expected.scalars, rtol: 1e-5, atol: 0, "\(model) \(entry.key)")
    }
  }

  @Test(arguments: models)
  func perLayerValuesMatch(_ model: String) throws {
    let f = try Self.load(model)
    let targets = try #require(f.batch.targets)
    let attributor = Attributor(network: f.network)
    let trace = f.network.trace(f.batch.x)
    let methods = [
      ("gradient", "gradient"), ("lrp_epsilon", "lrp-epsilon"), ("lrp_zplus", "lrp-zplus"),
      ("lrp_alpha2beta1", "lrp-alpha2-beta1"), ("guided_backprop", "guided-backprop"), ("deconvnet", "deconv"),
    ]
    for (key, name) in methods {
      let result = try attributor.attribute(trace: trace, method: try Self.method(name, box: nil), target: .classes(targets))
      var points = [("input", 0)]
      for (i, layer) in f.network.layers.enumerated() {
        switch layer {
        case .dense, .conv2d, .maxPool2d, .avgPool2d: points.append((layer.name, i + 1))
        default: break
        }
      }
      for (point, index) in points {
        let expected = try f.layers.tensor(named: "\(key)/\(point)")
        expectClose(result.relevances[index].scalars, expected.scalars, rtol: 1e-5, atol: 0, "\(model) \(key)/\(point)")
      }
    }
  }
}
