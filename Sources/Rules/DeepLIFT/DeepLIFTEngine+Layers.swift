import Networks

extension DeepLIFTEngine {
  /// The multiplier at a dense/conv input from the (possibly split) multiplier at its output.
  ///
  /// Full linear rule (deeplift `DenseMxtsMode.Linear`; paper-digest §3.7):
  /// ```
  /// m_x = 1[Δx>0]·(W⁺ᵀm⁺ + W⁻ᵀm⁻) + 1[Δx<0]·(W⁻ᵀm⁺ + W⁺ᵀm⁻) + 1[Δx=0]·Wᵀ·½(m⁺ + m⁻)
  /// ```
  /// which is `Wᵀm` when `m⁺ = m⁻ = m`. The ablation drops the cross terms and keeps `W⁺` on both
  /// paths (the authors' `cross_mxts=False`): `1[Δx>0]·W⁺ᵀm⁺ + 1[Δx<0]·W⁺ᵀm⁻ + 1[Δx=0]·W⁺ᵀ·½(m⁺+m⁻)`,
  /// i.e. `W⁺ᵀm` under Rescale.
  func linearBackward(_ layer: Layer, multiplier: DeepLIFTMultiplier, inputDelta: Tensor) -> Tensor {
    let weight = Self.weight(of: layer)
    switch rule {
    case .ablation:
      // The ablation's ReLUs use Rescale, so multipliers are never split here.
      precondition(multiplier.split == nil, "DeepLIFT ablation: split multiplier")
      let positive = Tensor(shape: weight.shape, scalars: weight.scalars.map { max($0, 0) })
      return Self.transpose(layer, weight: positive, multiplier.single, inputShape: inputDelta.shape)
    case .rescale, .revealCancel:
      guard let split = multiplier.split else {
        return Self.transpose(layer, weight: weight, multiplier.single, inputShape: inputDelta.shape)
      }
      // With u = m⁺ + m⁻, v = m⁺ − m⁻ and |W| = W⁺ − W⁻:
      // W⁺ᵀm⁺ + W⁻ᵀm⁻ = ½(Wᵀu + |W|ᵀv),  W⁻ᵀm⁺ + W⁺ᵀm⁻ = ½(Wᵀu − |W|ᵀv),  Wᵀ½(m⁺+m⁻) = ½Wᵀu.
      let sum = MethodArrays.weightedSum([(1, multiplier.single), (1, split.negative)])
      let difference = MethodArrays.weightedSum([(1, multiplier.single), (-1, split.negative)])
      let shape = inputDelta.shape
      let wu = Self.transpose(layer, weight: weight, sum, inputShape: shape)
      let av = Self.transpose(layer, weight: Self.absolute(weight), difference, inputShape: shape)
      return Self.select(inputDelta, positive: [wu, av], negative: [wu, Self.negated(av)], zero: [wu])
    }
  }

  /// The multiplier at a ReLU input.
  ///
  /// Rescale (Captum `DeepLift(eps=1e-10)`): `m_z = m_a · Δa/Δz`, or the gradient `m_a · 1[z > 0]`
  /// where `|Δz| < 1e-10`. RevealCancel (deeplift 0.6, `NonlinearMxtsMode.RevealCancel`), when the
  /// ReLU's input is a dense/conv output with parts `Δz⁺ = W⁺Δx⁺ + W⁻Δx⁻`, `Δz⁻ = W⁻Δx⁺ + W⁺Δx⁻`:
  /// ```
  /// Δy⁺ = ½(f(z⁰+Δz⁺) − f(z⁰)) + ½(f(z⁰+Δz⁻+Δz⁺) − f(z⁰+Δz⁻)),   m⁺ = m_a · Δy⁺ / pc(Δz⁺)
  /// Δy⁻ = ½(f(z⁰+Δz⁻) − f(z⁰)) + ½(f(z⁰+Δz⁺+Δz⁻) − f(z⁰+Δz⁺)),   m⁻ = m_a · Δy⁻ / pc(Δz⁻)
  /// ```
  /// with deeplift's pseudocount `pc(t) = t ± 1e-7` where `|t| < 5e-8` (sign of `t`, + at 0), the
  /// parts also pseudocounted inside `f`. A ReLU whose input is not a dense/conv output uses Rescale.
  func reluBackward(
    network: Network, index l: Int, multiplier m: Tensor, z: Tensor, dz: Tensor, da: Tensor,
    refZ: Tensor, linearInputDelta: Tensor?
  ) -> DeepLIFTMultiplier {
    if rule == .revealCancel, l >= 1, let dx = linearInputDelta {
      let below = network.layers[l - 1]
      switch below {
      case .dense, .conv2d:
        return revealCancel(below: below, multiplier: m, refZ: refZ, dz: dz, dx: dx)
      default: break
      }
    }
    var out = m.scalars
    z.scalars.withUnsafeBufferPointer { zp in
      dz.scalars.withUnsafeBufferPointer { dzp in
        da.scalars.withUnsafeBufferPointer { dap in
          out.withUnsafeMutableBufferPointer { o in
            let eps = Self.rescaleEpsilon
            for i in 0..<o.count {
              let d = dzp[i]
              if abs(d) < eps {
                if !(zp[i] > 0) { o[i] = 0 }
              } else {
                o[i] = o[i] * (dap[i] / d)
              }
            }
          }
        }
      }
    }
    return DeepLIFTMultiplier(single: Tensor(shape: m.shape, scalars: out))
  }

  /// RevealCancel at a ReLU above dense/conv layer `below` (see `reluBackward`). The parts come
  /// from one product with `|W|`: `Δz± = ½(Δz ± |W||Δx|)`, since `W⁺Δx⁺ + W⁻Δx⁻ − (W⁻Δx⁺ + W⁺Δx⁻)
  /// = |W||Δx|` and the two parts sum to `Δz = WΔx` (taken from the traces).
  private func revealCancel(
    below: Layer, multiplier m: Tensor, refZ: Tensor, dz: Tensor, dx: Tensor
  ) -> DeepLIFTMultiplier {
    let spread = Self.forward(below, weight: Self.absolute(Self.weight(of: below)), Self.absolute(dx))
    let zPos = MethodArrays.weightedSum([(0.5, dz), (0.5, spread)])
    let zNeg = MethodArrays.weightedSum([(0.5, dz), (-0.5, spread)])
    let stride = refZ.count / max(refZ.shape[0], 1)
    var mPos = [Float](repeating: 0, count: m.count)
    var mNeg = [Float](repeating: 0, count: m.count)
    m.scalars.withUnsafeBufferPointer { mp in
      refZ.scalars.withUnsafeBufferPointer { rp in
        zPos.scalars.withUnsafeBufferPointer { pp in
          zNeg.scalars.withUnsafeBufferPointer { np in
            for i in 0..<m.count {
              let r = rp[refZ.shape[0] == 1 ? i % stride : i]
              let p = Self.pseudocount(pp[i])
              let n = Self.pseudocount(np[i])
              let yPos = 0.5 * (max(r + p, 0) - max(r, 0)) + 0.5 * (max(r + n + p, 0) - max(r + n, 0))
              let yNeg = 0.5 * (max(r + n, 0) - max(r, 0)) + 0.5 * (max(r + p + n, 0) - max(r + p, 0))
              mPos[i] = mp[i] * yPos / p
              mNeg[i] = mp[i] * yNeg / n
            }
          }
        }
      }
    }
    return DeepLIFTMultiplier(
      positive: Tensor(shape: m.shape, scalars: mPos), negative: Tensor(shape: m.shape, scalars: mNeg),
      positivePart: zPos, negativePart: zNeg)
  }

  /// deeplift's `pseudocount_near_zero`: `t + 1e-7·sign(t)` where `|t| < 5e-8` (`sign(0) = +1`).
  static func pseudocount(_ t: Float) -> Float {
    guard abs(t) < 0.5 * nearZero else { return t }
    return t >= 0 ? t + nearZero : t - nearZero
  }

  /// The weight tensor of a dense or conv layer.
  static func weight(of layer: Layer) -> Tensor {
    switch layer {
    case .dense(let d): d.weight
    case .conv2d(let c): c.weight
    default: preconditionFailure("DeepLIFT: \(layer.name) has no weight")
    }
  }

  /// `|t|` elementwise.
  static func absolute(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, scalars: t.scalars.map { abs($0) }) }

  /// `−t` elementwise.
  static func negated(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, scalars: t.scalars.map { -$0 }) }

  /// `W̃ᵀ m` for the dense/conv layer `layer` with its weight replaced by `weight` (no bias).
  static func transpose(_ layer: Layer, weight: Tensor, _ m: Tensor, inputShape: [Int]) -> Tensor {
    switch layer {
    case .dense(let d):
      return Dense(name: d.name, weight: weight, bias: nil).inputGradient(outputGradient: m)
    case .conv2d(let c):
      return Conv2D(name: c.name, weight: weight, bias: nil, stride: c.stride, padding: c.padding)
        .inputGradient(outputGradient: m, inputShape: inputShape)
    default: preconditionFailure("DeepLIFT: \(layer.name) is not linear")
    }
  }

  /// `W̃ x` for the dense/conv layer `layer` with its weight replaced by `weight` (no bias).
  static func forward(_ layer: Layer, weight: Tensor, _ x: Tensor) -> Tensor {
    switch layer {
    case .dense(let d): return Dense(name: d.name, weight: weight, bias: nil).forward(x)
    case .conv2d(let c):
      return Conv2D(name: c.name, weight: weight, bias: nil, stride: c.stride, padding: c.padding)
        .forward(x)
    default: preconditionFailure("DeepLIFT: \(layer.name) is not linear")
    }
  }

  /// Per element of `delta`: half the sum of `positive` where `Δ > 0`, of `negative` where
  /// `Δ < 0`, of `zero` where `Δ = 0`.
  static func select(_ delta: Tensor, positive: [Tensor], negative: [Tensor], zero: [Tensor]) -> Tensor {
    let p = MethodArrays.weightedSum(positive.map { (0.5, $0) })
    let n = MethodArrays.weightedSum(negative.map { (0.5, $0) })
    let h = MethodArrays.weightedSum(zero.map { (0.5, $0) })
    var out = [Float](repeating: 0, count: delta.count)
    delta.scalars.withUnsafeBufferPointer { d in
      p.scalars.withUnsafeBufferPointer { pp in
        n.scalars.withUnsafeBufferPointer { np in
          h.scalars.withUnsafeBufferPointer { hp in
            out.withUnsafeMutableBufferPointer { o in
              for i in 0..<o.count { o[i] = d[i] > 0 ? pp[i] : (d[i] < 0 ? np[i] : hp[i]) }
            }
          }
        }
      }
    }
    return Tensor(shape: delta.shape, scalars: out)
  }
}
