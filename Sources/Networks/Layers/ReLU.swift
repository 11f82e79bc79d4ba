/// The kernels of the rectified linear unit layer (`Layer.relu`).
public enum ReLU {
  /// `y = max(0, x)` elementwise (a NaN input stays NaN, as in PyTorch).
  /// - Complexity: `O(count)`, vectorised.
  public static func forward(_ input: Tensor) -> Tensor {
    Tensor.filling(shape: input.shape) { y in
      input.scalars.withUnsafeBufferPointer { x in
        // `max(v, 0)` lane-wise (NaN stays NaN, −0 becomes +0), one read and one write pass.
        ConvEpilogue.reluCopy(from: x.baseAddress!, to: y, count: x.count)
      }
    }
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
    // One pass: read g and x, write dx (no copy of g first).
    return Tensor.filling(shape: input.shape) { dx in
      input.scalars.withUnsafeBufferPointer { x in
        outputGradient.scalars.withUnsafeBufferPointer { g in
          guard let xp = x.baseAddress, let gp = g.baseAddress else { return }
          let n = x.count
          var i = 0
          while i &+ 8 <= n {
            let xv = UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD8<Float>.self)
            let gv = UnsafeRawPointer(gp + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dx + i).storeBytes(
              of: gv.replacing(with: 0, where: .!(xv .> 0)), as: SIMD8<Float>.self)
            i &+= 8
          }
          while i < n {
            dx[i] = xp[i] > 0 ? gp[i] : 0
            i &+= 1
          }
        }
      }
    }
  }
}
