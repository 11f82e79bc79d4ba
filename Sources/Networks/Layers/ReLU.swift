/// The kernels of the rectified linear unit layer (`Layer.relu`).
public enum ReLU {
  /// `y = max(0, x)` elementwise (a NaN input stays NaN, as in PyTorch).
  /// - Complexity: `O(count)`.
  public static func forward(_ input: Tensor) -> Tensor {
    var y = input.scalars
    y.withUnsafeMutableBufferPointer { y in
      for i in 0..<y.count where y[i] < 0 { y[i] = 0 }
    }
    return Tensor(shape: input.shape, scalars: y)
  }

  /// The gradient `∂L/∂x = g · 1[x > 0]` (zero at the kink `x = 0`, as in PyTorch).
  /// - Parameters:
  ///   - outputGradient: the vector at the ReLU output.
  ///   - input: the ReLU input from the trace (the output gives the same mask).
  /// - Returns: a tensor of the input's shape.
  /// - Complexity: `O(count)`.
  public static func backward(outputGradient: Tensor, input: Tensor) -> Tensor {
    precondition(
      outputGradient.shape == input.shape,
      "ReLU: output gradient \(outputGradient.shape) must have the input's shape \(input.shape)")
    var dx = outputGradient.scalars
    input.scalars.withUnsafeBufferPointer { x in
      dx.withUnsafeMutableBufferPointer { dx in
        for i in 0..<dx.count where !(x[i] > 0) { dx[i] = 0 }
      }
    }
    return Tensor(shape: input.shape, scalars: dx)
  }
}
