import CKernels

/// What a convolution kernel does with each output value `z = b + Σ W·x` before storing it.
///
/// Fusing the ReLU that follows almost every convolution saves a full pass over the activations.
/// The ReLU is `max(z, 0)` exactly as `ReLU.forward` computes it (a NaN stays NaN, −0 becomes +0),
/// so fused and separate evaluation give the same bits.
enum ConvEpilogue {
  /// Store `z`.
  case linear
  /// Store `max(z, 0)`.
  case relu
  /// Store `z`, and `max(z, 0)` at the same index of the second buffer (a trace keeps both).
  case linearAndReLU(UnsafeMutablePointer<Float>)

  /// `max(z, 0)` on eight lanes with `Swift.max` semantics: lanes `≤ 0` (including −0) become +0,
  /// NaN lanes stay NaN.
  @inline(__always) static func relu(_ z: SIMD8<Float>) -> SIMD8<Float> {
    z.replacing(with: 0, where: z .<= 0)
  }

  /// Applies the epilogue to `count` values `z` already stored at `y` (in place), writing the
  /// ReLU copy for `.linearAndReLU` at the same offset `offset` of its buffer.
  /// - Complexity: `O(count)`, vectorised.
  @inline(__always) func apply(to y: UnsafeMutablePointer<Float>, count: Int, offset: Int) {
    switch self {
    case .linear: return
    case .relu: Self.reluCopy(from: y, to: y, count: count)
    case .linearAndReLU(let r): Self.reluCopy(from: y, to: r + offset, count: count)
    }
  }

  /// `dst[i] = max(src[i], 0)` for `i < count` (`src` may equal `dst`).
  static func reluCopy(from src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 8 <= count {
      let v = UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(dst + i).storeBytes(of: relu(v), as: SIMD8<Float>.self)
      i &+= 8
    }
    while i < count {
      dst[i] = max(src[i], 0)
      i &+= 1
    }
  }

  /// Same as `reluCopy` on a mutable source (the usual in-place call).
  static func reluCopy(
    from src: UnsafeMutablePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int
  ) {
    reluCopy(from: UnsafePointer(src), to: dst, count: count)
  }
}

extension ConvEpilogue {
  /// The epilogue as the C kernels take it: a `BP_EPILOGUE_*` value and the ReLU buffer of
  /// `.linearAndReLU` (`nil` otherwise).
  var kernelMode: (mode: Int32, relu: UnsafeMutablePointer<Float>?) {
    switch self {
    case .linear: (Int32(BP_EPILOGUE_LINEAR), nil)
    case .relu: (Int32(BP_EPILOGUE_RELU), nil)
    case .linearAndReLU(let r): (Int32(BP_EPILOGUE_LINEAR_RELU), r)
    }
  }
}

/// A `ConvEpilogue` that may cross into `concurrentPerform` iterations.
///
/// Invariant: the `.linearAndReLU` buffer outlives the parallel call and iterations write
/// disjoint elements of it (the same elements they write of the main output).
struct SharedEpilogue: @unchecked Sendable {
  /// The wrapped epilogue.
  let value: ConvEpilogue
}
