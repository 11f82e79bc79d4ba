import Networks

/// Streaming moments of one dense/conv layer's input patches `x` and outputs `y`, in Double.
///
/// For a conv layer every output position is one observation of (patch, `y_o`), so the moments
/// pool samples and positions. Each sum is one parameter-gradient product
/// `Σ_{n,pos} g[n,o,pos] · patch[n,pos]` (`Dense/Conv2D.parameterGradients`, a GEMM) with the
/// weights `g = y`, `1`, `y·1[y>0]`, `1[y>0]`, … ; the Float products of one batch are added into
/// Double accumulators.
struct PatternStatistics: Sendable {
  /// A subset of observations (`y > 0`, `y < 0`, or all) and its sums.
  struct Moments: Sendable {
    /// Observations per output unit.
    var count: [Double]
    /// `Σ y` per output unit.
    var sumY: [Double]
    /// `Σ x` per output unit and patch element `[out, K]`.
    var sumX: [Double]
    /// `Σ x·y` per output unit and patch element `[out, K]`.
    var sumXY: [Double]

    init(outputs: Int, patch: Int) {
      count = Array(repeating: 0, count: outputs)
      sumY = count
      sumX = Array(repeating: 0, count: outputs * patch)
      sumXY = sumX
    }
  }

  /// Which observations a `Moments` collects.
  enum Subset: Sendable { case all, positive, negative }

  let layer: Layer
  let outputs: Int
  let patch: Int
  /// `[.all]` for the linear estimator, `[.positive, .negative]` for the two-component one.
  let subsets: [Subset]
  var moments: [Moments]

  init(layer: Layer, weight: Tensor, subsets: [Subset]) {
    self.layer = layer
    self.outputs = weight.shape[0]
    self.patch = weight.count / weight.shape[0]
    self.subsets = subsets
    self.moments = subsets.map { _ in Moments(outputs: weight.shape[0], patch: weight.count / weight.shape[0]) }
  }

  /// Adds one batch: `x` the layer input, `y` its output, both from a forward trace.
  mutating func add(input x: Tensor, output y: Tensor) {
    let n = y.shape[0]
    let plane = y.count / max(n &* outputs, 1)
    for (s, subset) in subsets.enumerated() {
      var weightY = y.scalars
      var indicator = [Float](repeating: 0, count: y.count)
      for i in 0..<y.count {
        let v = y.scalars[i]
        let inSubset: Bool
        switch subset {
        case .all: inSubset = true
        case .positive: inSubset = v > 0
        case .negative: inSubset = v < 0
        }
        if inSubset { indicator[i] = 1 } else { weightY[i] = 0 }
      }
      let xy = sums(x, weights: Tensor(shape: y.shape, scalars: weightY))
      let xs = sums(x, weights: Tensor(shape: y.shape, scalars: indicator))
      for k in 0..<(outputs &* patch) {
        moments[s].sumXY[k] += Double(xy[k])
        moments[s].sumX[k] += Double(xs[k])
      }
      for sample in 0..<n {
        for o in 0..<outputs {
          let base = (sample &* outputs &+ o) &* plane
          var count = 0.0
          var total = 0.0
          for q in 0..<plane {
            count += Double(indicator[base &+ q])
            total += Double(weightY[base &+ q])
          }
          moments[s].count[o] += count
          moments[s].sumY[o] += total
        }
      }
    }
  }

  /// `Σ_{n,pos} g[n,o,pos] · patch_k[n,pos]` as `[out · K]`.
  private func sums(_ x: Tensor, weights g: Tensor) -> [Float] {
    switch layer {
    case .dense(let d): return d.parameterGradients(input: x, outputGradient: g).weight.scalars
    case .conv2d(let c): return c.parameterGradients(input: x, outputGradient: g).weight.scalars
    default: preconditionFailure("PatternStatistics: \(layer.name) is not dense or conv")
    }
  }

  /// The pattern of subset `index`:
  /// `a_o = cov_o / (w_oᵀ cov_o)`, `cov_o = E[x y_o] − E[x] E[y_o]` over that subset, with
  /// iNNvestigate's safe division (a zero denominator divides by 1) and `a_o = 0` for a unit
  /// with no observation in the subset.
  func pattern(subset index: Int, weight: Tensor) -> Tensor {
    let m = moments[index]
    var a = [Float](repeating: 0, count: outputs &* patch)
    for o in 0..<outputs where m.count[o] > 0 {
      let c = m.count[o]
      let meanY = m.sumY[o] / c
      var cov = [Double](repeating: 0, count: patch)
      var denominator = 0.0
      for k in 0..<patch {
        let i = o &* patch &+ k
        cov[k] = m.sumXY[i] / c - (m.sumX[i] / c) * meanY
        denominator += Double(weight.scalars[i]) * cov[k]
      }
      let divisor = denominator == 0 ? 1 : denominator
      for k in 0..<patch { a[o &* patch &+ k] = Float(cov[k] / divisor) }
    }
    return Tensor(shape: weight.shape, scalars: a)
  }
}
