import Networks
import Symbolic

/// The index structure and sample-invariant values of one network layer, as the rule language
/// sees it: which inputs `i` each output `j` is connected to, and `w`, `b` (and `p`) per edge.
///
/// - Dense `[out, in]`: every pair connected, `w` bound in PyTorch layout (no transpose).
/// - Conv2D: output `(co, oy, ox)` connected to the inputs `(ci, oy·s − p + ky, ox·s − p + kx)`
///   inside the image (zero padding: padded positions are not inputs and appear in no sum), slot
///   the flat index of `weight[co, ci, ky, kx]`.
/// - Average pool: output `(c, oy, ox)` connected to the in-image positions of its window, every
///   edge weight `1/(kh·kw)` (padding counted, as PyTorch `count_include_pad=True`), bias 0.
/// - Element-wise (ReLU): output `j` connected to input `j` only, weight 1, bias 0.
struct LayerGraph: Sendable {
  /// The connectivity.
  let connectivity: Connectivity
  /// `w` per slot and `b` per output (`p` is added by the caller when patterns are bound).
  var invariants: [Quantity: [Double]]

  /// A dense layer.
  static func dense(_ d: Dense) -> LayerGraph {
    LayerGraph(
      connectivity: .denseOutputMajor(inputs: d.inputCount, outputs: d.outputCount),
      invariants: [
        .w: d.weight.scalars.map(Double.init),
        .b: d.bias.map { $0.scalars.map(Double.init) } ?? [Double](repeating: 0, count: d.outputCount),
      ])
  }

  /// A convolution on an input of shape `[C, H, W]` (no batch dimension).
  static func conv(_ c: Conv2D, inputShape: [Int]) -> LayerGraph {
    let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
    let k = c.kernelSize
    let outH = (height + 2 * c.padding.height - k.height) / c.stride.height + 1
    let outW = (width + 2 * c.padding.width - k.width) / c.stride.width + 1
    var lists: [[(input: Int, slot: Int)]] = []
    lists.reserveCapacity(c.outputChannels * outH * outW)
    for co in 0..<c.outputChannels {
      for oy in 0..<outH {
        for ox in 0..<outW {
          var list: [(input: Int, slot: Int)] = []
          list.reserveCapacity(channels * k.height * k.width)
          for ci in 0..<channels {
            for ky in 0..<k.height {
              let iy = oy * c.stride.height - c.padding.height + ky
              guard iy >= 0, iy < height else { continue }
              for kx in 0..<k.width {
                let ix = ox * c.stride.width - c.padding.width + kx
                guard ix >= 0, ix < width else { continue }
                list.append((input: (ci * height + iy) * width + ix, slot: ((co * channels + ci) * k.height + ky) * k.width + kx))
              }
            }
          }
          lists.append(list)
        }
      }
    }
    return LayerGraph(
      connectivity: Connectivity(inputs: channels * height * width, inputsOfOutput: lists),
      invariants: [
        .w: c.weight.scalars.map(Double.init),
        .b: c.bias.map { b in (0..<c.outputChannels).flatMap { co in [Double](repeating: Double(b.scalars[co]), count: outH * outW) } }
          ?? [Double](repeating: 0, count: c.outputChannels * outH * outW),
      ])
  }

  /// An average pool on an input of shape `[C, H, W]`.
  static func averagePool(_ p: Pool2D, inputShape: [Int]) -> LayerGraph {
    let (channels, height, width) = (inputShape[0], inputShape[1], inputShape[2])
    let k = p.kernelSize
    let outH = (height + 2 * p.padding.height - k.height) / p.stride.height + 1
    let outW = (width + 2 * p.padding.width - k.width) / p.stride.width + 1
    var lists: [[(input: Int, slot: Int)]] = []
    for c in 0..<channels {
      for oy in 0..<outH {
        for ox in 0..<outW {
          var list: [(input: Int, slot: Int)] = []
          for ky in 0..<k.height {
            let iy = oy * p.stride.height - p.padding.height + ky
            guard iy >= 0, iy < height else { continue }
            for kx in 0..<k.width {
              let ix = ox * p.stride.width - p.padding.width + kx
              guard ix >= 0, ix < width else { continue }
              list.append((input: (c * height + iy) * width + ix, slot: 0))
            }
          }
          lists.append(list)
        }
      }
    }
    return LayerGraph(
      connectivity: Connectivity(inputs: channels * height * width, inputsOfOutput: lists),
      invariants: [.w: [1 / Double(k.height * k.width)], .b: [Double](repeating: 0, count: lists.count)])
  }

  /// An element-wise layer of `count` units (a ReLU seen as the identity linear layer before it).
  static func elementwise(_ count: Int) -> LayerGraph {
    LayerGraph(
      connectivity: Connectivity(inputs: count, inputsOfOutput: (0..<count).map { [(input: $0, slot: 0)] }),
      invariants: [.w: [1], .b: [Double](repeating: 0, count: count)])
  }
}
