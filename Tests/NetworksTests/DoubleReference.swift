import Matrices
import Networks

/// Naive Double-precision forward passes, one plain loop nest per layer type, written
/// independently of the Float kernels: the reference for forward checks and finite differences.
enum DoubleReference {
  /// A batch in Double: shape (batch included) and row-major values.
  struct Batch {
    var shape: [Int]
    var values: [Double]
  }

  /// Applies `layer` to `x`; `weight`/`bias` override the layer's parameters when given.
  static func apply(_ layer: Layer, _ x: Batch, weight: [Double]? = nil, bias: [Double]? = nil)
    -> Batch
  {
    switch layer {
    case .dense(let d):
      return dense(
        x, weight: weight ?? d.weight.scalars.map(Double.init), outputs: d.outputCount,
        bias: bias ?? d.bias?.scalars.map(Double.init))
    case .conv2d(let c):
      return conv(
        x, weight: weight ?? c.weight.scalars.map(Double.init), weightShape: c.weight.shape,
        bias: bias ?? c.bias?.scalars.map(Double.init), stride: c.stride, padding: c.padding)
    case .maxPool2d(let p): return pool(x, p, max: true)
    case .avgPool2d(let p): return pool(x, p, max: false)
    case .relu: return Batch(shape: x.shape, values: x.values.map { Swift.max($0, 0) })
    case .flatten: return Batch(shape: [x.shape[0], x.values.count / x.shape[0]], values: x.values)
    }
  }

  /// A whole chain of layers.
  static func apply(_ layers: [Layer], _ x: Batch) -> Batch {
    layers.reduce(x) { apply($1, $0) }
  }

  static func dense(_ x: Batch, weight: [Double], outputs: Int, bias: [Double]?) -> Batch {
    let n = x.shape[0]
    let k = x.shape[1]
    var y = [Double](repeating: 0, count: n * outputs)
    for s in 0..<n {
      for o in 0..<outputs {
        var sum = bias?[o] ?? 0
        for i in 0..<k { sum += weight[o * k + i] * x.values[s * k + i] }
        y[s * outputs + o] = sum
      }
    }
    return Batch(shape: [n, outputs], values: y)
  }

  /// The 7-loop convolution (batch, out channel, out row, out column, in channel, kernel row, kernel column).
  static func conv(
    _ x: Batch, weight: [Double], weightShape: [Int], bias: [Double]?, stride: Size2D,
    padding: Size2D
  ) -> Batch {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (weightShape[0], weightShape[2], weightShape[3])
    let oh = (h + 2 * padding.height - kh) / stride.height + 1
    let ow = (w + 2 * padding.width - kw) / stride.width + 1
    var y = [Double](repeating: 0, count: n * o * oh * ow)
    for s in 0..<n {
      for oc in 0..<o {
        for oy in 0..<oh {
          for ox in 0..<ow {
            var sum = bias?[oc] ?? 0
            for ic in 0..<c {
              for i in 0..<kh {
                for j in 0..<kw {
                  let iy = oy * stride.height - padding.height + i
                  let ix = ox * stride.width - padding.width + j
                  guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                  sum +=
                    weight[((oc * c + ic) * kh + i) * kw + j]
                    * x.values[((s * c + ic) * h + iy) * w + ix]
                }
              }
            }
            y[((s * o + oc) * oh + oy) * ow + ox] = sum
          }
        }
      }
    }
    return Batch(shape: [n, o, oh, ow], values: y)
  }

  static func pool(_ x: Batch, _ p: Pool2D, max: Bool) -> Batch {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let oh = (h + 2 * p.padding.height - p.kernelSize.height) / p.stride.height + 1
    let ow = (w + 2 * p.padding.width - p.kernelSize.width) / p.stride.width + 1
    var y = [Double](repeating: 0, count: n * c * oh * ow)
    for plane in 0..<(n * c) {
      for oy in 0..<oh {
        for ox in 0..<ow {
          var acc = max ? -Double.infinity : 0
          for i in 0..<p.kernelSize.height {
            for j in 0..<p.kernelSize.width {
              let iy = oy * p.stride.height - p.padding.height + i
              let ix = ox * p.stride.width - p.padding.width + j
              guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
              let v = x.values[(plane * h + iy) * w + ix]
              acc = max ? Swift.max(acc, v) : acc + v
            }
          }
          y[(plane * oh + oy) * ow + ox] =
            max ? acc : acc / Double(p.kernelSize.height * p.kernelSize.width)
        }
      }
    }
    return Batch(shape: [n, c, oh, ow], values: y)
  }

  /// A tensor of standard normal draws.
  static func randomTensor(_ shape: [Int], _ g: inout SeededGenerator, scale: Double = 1) -> Tensor
  {
    Tensor(
      shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(g.nextGaussian() * scale) })
  }

  /// The Double copy of a Float tensor.
  static func batch(_ t: Tensor) -> Batch {
    Batch(shape: t.shape, values: t.scalars.map(Double.init))
  }
}
