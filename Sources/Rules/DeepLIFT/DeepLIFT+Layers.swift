import Networks

extension DeepLIFT {
  /// The multiplier at a dense/conv input from the (possibly split) multiplier at its output.
  ///
  /// Full linear rule (deeplift `DenseMxtsMode.Linear`; paper-digest §3.7):
  /// ```
  /// m_x = 1[Δx>0]·(W⁺ᵀm⁺ + W⁻ᵀm⁻) + 1[Δx<0]·(W⁻ᵀm⁺ + W⁺ᵀm⁻) + 1[Δx=0]·Wᵀ·½(m⁺ + m⁻)
  /// ```
  /// which is `Wᵀm` when `m⁺ = m⁻ = m`. The ablation drops the cross terms and keeps `W⁺` on both
  /// paths (the authors' `cross_mxts=False`), i.e. `W⁺ᵀm` under Rescale.
  func linearBackward(_ layer: Layer, multiplier: DeepLIFTMultiplier, inputDelta: Tensor) -> Tensor {
    switch variant {
    case .ablation:
      // The ablation's ReLUs use Rescale, so multipliers are never split here.
      precondition(multiplier.split == nil, "DeepLIFT ablation: split multiplier")
      return Self.transpose(weights.layer(layer, .positive), multiplier.single, inputShape: inputDelta.shape)
    case .rescale, .revealCancel:
      guard let split = multiplier.split else {
        return Self.transpose(layer, multiplier.single, inputShape: inputDelta.shape)
      }
      // With u = m⁺ + m⁻, v = m⁺ − m⁻ and |W| = W⁺ − W⁻ (two products of the layer's size):
      // W⁺ᵀm⁺ + W⁻ᵀm⁻ = ½(Wᵀu + |W|ᵀv),  W⁻ᵀm⁺ + W⁺ᵀm⁻ = ½(Wᵀu − |W|ᵀv),  Wᵀ½(m⁺+m⁻) = ½Wᵀu.
      // Since 0 ≤ m±/m ≤ 1, |u| + |v| ≤ 2|m| and the rounding error is that of the direct sums.
      let count = multiplier.single.count
      var sum = Self.uninitialized(count)
      var difference = Self.uninitialized(count)
      multiplier.single.scalars.withUnsafeBufferPointer { pb in
        split.negative.scalars.withUnsafeBufferPointer { nb in
          sum.withUnsafeMutableBufferPointer { ub in
            difference.withUnsafeMutableBufferPointer { vb in
              let (p, q) = (SharedPointer(reading: pb), SharedPointer(reading: nb))
              let (u, v) = (SharedPointer(writing: ub), SharedPointer(writing: vb))
              Self.elementwise(count: count) { range in
                for i in range { (u.base[i], v.base[i]) = (p.base[i] + q.base[i], p.base[i] - q.base[i]) }
              }
            }
          }
        }
      }
      let shape = inputDelta.shape
      let outputShape = multiplier.single.shape
      let wu = Self.transpose(layer, Tensor(shape: outputShape, scalars: sum), inputShape: shape)
      let av = Self.transpose(weights.layer(layer, .absolute), Tensor(shape: outputShape, scalars: difference), inputShape: shape)
      var out = Self.uninitialized(inputDelta.count)
      inputDelta.scalars.withUnsafeBufferPointer { db in
        wu.scalars.withUnsafeBufferPointer { ab in
          av.scalars.withUnsafeBufferPointer { bb in
            out.withUnsafeMutableBufferPointer { ob in
              let (d, a, b) = (SharedPointer(reading: db), SharedPointer(reading: ab), SharedPointer(reading: bb))
              let o = SharedPointer(writing: ob)
              Self.elementwise(count: ob.count) { range in
                for i in range {
                  let delta = d.base[i]
                  o.base[i] = 0.5 * (delta > 0 ? a.base[i] + b.base[i] : (delta < 0 ? a.base[i] - b.base[i] : a.base[i]))
                }
              }
            }
          }
        }
      }
      return Tensor(shape: shape, scalars: out)
    }
  }

  /// The multiplier at a ReLU input.
  ///
  /// Rescale (Captum `DeepLift(eps=1e-10)`): `m_z = m_a · Δa/Δz`, or the gradient `m_a · 1[z > 0]`
  /// where `|Δz| < 1e-10`. RevealCancel when the ReLU's input is a dense/conv output (see the type
  /// documentation and `revealCancel`); a ReLU whose input is not a dense/conv output uses Rescale.
  func reluBackward(
    network: Network, index l: Int, multiplier m: Tensor, z: Tensor, dz: Tensor, da: Tensor,
    refZ: Tensor, linearInputDelta: Tensor?
  ) -> DeepLIFTMultiplier {
    if variant == .revealCancel, l >= 1, let dx = linearInputDelta {
      let below = network.layers[l - 1]
      switch below {
      case .dense, .conv2d:
        return revealCancel(below: below, multiplier: m, refZ: refZ, dx: dx)
      default: break
      }
    }
    var out = m.scalars
    z.scalars.withUnsafeBufferPointer { zb in
      dz.scalars.withUnsafeBufferPointer { db in
        da.scalars.withUnsafeBufferPointer { ab in
          out.withUnsafeMutableBufferPointer { ob in
            let (zp, dzp, dap) = (SharedPointer(reading: zb), SharedPointer(reading: db), SharedPointer(reading: ab))
            let o = SharedPointer(writing: ob)
            let eps = Self.rescaleEpsilon
            Self.elementwise(count: ob.count) { range in
              for i in range {
                let d = dzp.base[i]
                if abs(d) < eps {
                  if !(zp.base[i] > 0) { o.base[i] = 0 }
                } else {
                  o.base[i] = o.base[i] * (dap.base[i] / d)
                }
              }
            }
          }
        }
      }
    }
    return DeepLIFTMultiplier(single: Tensor(shape: m.shape, scalars: out))
  }

  /// The weight tensor of a dense or conv layer.
  static func weight(of layer: Layer) -> Tensor {
    switch layer {
    case .dense(let d): d.weight
    case .conv2d(let c): c.weight
    default: preconditionFailure("DeepLIFT: \(layer.name) has no weight")
    }
  }

  /// The dense/conv layer `layer` with its weight replaced by `weight` and no bias.
  static func replacingWeight(of layer: Layer, with weight: Tensor) -> Layer {
    switch layer {
    case .dense(let d): .dense(Dense(name: d.name, weight: weight, bias: nil))
    case .conv2d(let c):
      .conv2d(Conv2D(name: c.name, weight: weight, bias: nil, stride: c.stride, padding: c.padding))
    default: preconditionFailure("DeepLIFT: \(layer.name) is not linear")
    }
  }

  /// `Wᵀ m` for the dense/conv layer `layer` (its bias plays no part).
  static func transpose(_ layer: Layer, _ m: Tensor, inputShape: [Int]) -> Tensor {
    switch layer {
    case .dense(let d): d.inputGradient(outputGradient: m)
    case .conv2d(let c): c.inputGradient(outputGradient: m, inputShape: inputShape)
    default: preconditionFailure("DeepLIFT: \(layer.name) is not linear")
    }
  }
}
