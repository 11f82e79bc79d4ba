/// The kernels of the rectified linear unit layer (`Layer.relu`).
public enum ReLU {
  /// `y = max(0, x)` elementwise (a NaN input stays NaN, as in PyTorch).
  /// - Complexity: `O(count)`, vectorised.
  public static func forward(_ input: Tensor) -> Tensor {
    var y = input.scalars
    y.withUnsafeMutableBufferPointer { y in
      // `max(v, 0)` compiles to a packed compare-and-mask (and keeps NaN).
      for i in 0..<y.count { y[i] = max(y[i], 0) }
    }
    return Tensor(shape: input.shape, scalars: y)
  }

  /// The gradient `∂L/∂x = g · 1[x > 0]` (zero at the kink `x = 0`, as in PyTorch).
  /// - Parameters:
  ///   - outputGradient: the vector at the ReLU output.
  ///   - input: the ReLU input from the trace (the output gives the same mask).
  /// - Returns: a tensor of the input's shape.
  /// - Complexity: `O(count)`, vectorised.
  public static func backward(outputGradient: Tensor, input: Tensor) -> Tensor {
    precondition(
      outputGradient.shape == input.shape,
      "ReLU: output gradient \(outputGradient.shape) must have the input's shape \(input.shape)")
    var dx = outputGradient.scalars
    input.scalars.withUnsafeBufferPointer { x in
      dx.withUnsafeMutableBufferPointer { dx in
        guard let xp = x.baseAddress, let gp = dx.baseAddress else { return }
        let n = dx.count
        var i = 0
        while i &+ 8 <= n {
          let xv = UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD8<Float>.self)
          let gv = UnsafeRawPointer(gp + i).loadUnaligned(as: SIMD8<Float>.self)
          UnsafeMutableRawPointer(gp + i).storeBytes(
            of: gv.replacing(with: 0, where: .!(xv .> 0)), as: SIMD8<Float>.self)
          i &+= 8
        }
        while i < n {
          if !(xp[i] > 0) { gp[i] = 0 }
          i &+= 1
        }
      }
    }
    return Tensor(shape: input.shape, scalars: dx)
  }
}
