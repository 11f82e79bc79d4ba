import CKernels

/// A direct stride-1 convolution for layers with few channels on one side (the first layer of an
/// image network, `C = 3`, and its input gradient, `O = 3`), where the im2col product
/// `W[O, C·kh·kw] · cols` is too thin (`C·kh·kw = 27`) to run near the machine's peak and the
/// patch matrix costs as much memory traffic as the product.
///
/// ```
/// y[n, o, oy, ox] = b[o] + Σ_c Σ_i Σ_j u[o, c, i, j] · x[n, c, oy + i − ph, ox + j − pw]
/// ```
/// The C kernel (`bp_direct_conv_*` in `CKernels`, AVX2 + FMA where available) copies a band of
/// zero-padded input rows per work item and runs a register-blocked micro-kernel of up to 6 output
/// channels × 32 output columns over the `C·kh·kw` taps. Every output is one multiply–add chain
/// over `(c, i, j)` in increasing order from zero, plus the bias: the arithmetic depends on the
/// shapes only, never on the thread count or the split into bands.
struct DirectConvolution {
  /// Input channels `C` of the computed convolution.
  let inChannels: Int
  /// Output channels `O` of the computed convolution.
  let outChannels: Int
  /// Input plane height and width.
  let height: Int, width: Int
  /// Kernel height and width.
  let kernel: Size2D
  /// Zero padding at the top and left (the bottom and right are the same).
  let padding: Size2D
  /// The kernel level to run (`BP_LEVEL_*`; clamped to what the CPU supports): the best by
  /// default, lower ones for tests.
  var level: Int32 = DirectConvolution.bestLevel

  /// Output plane height, `H + 2·ph − kh + 1`.
  var outputHeight: Int { height + 2 * padding.height - kernel.height + 1 }
  /// Output plane width, `W + 2·pw − kw + 1`.
  var outputWidth: Int { width + 2 * padding.width - kernel.width + 1 }

  /// The best kernel level this CPU supports (read once).
  static let bestLevel = bp_cpu_level()

  /// The C plan for `batch` samples: micro-tile, bands of output rows, buffer sizes.
  /// - Precondition: the padded input is at least as large as the kernel.
  /// - Complexity: O(1).
  func plan(batch: Int) -> bp_direct_conv_plan {
    var plan = bp_direct_conv_plan()
    let status = bp_direct_conv_make_plan(
      level, inChannels, outChannels, height, width, kernel.height, kernel.width,
      padding.height, padding.width, batch, &plan)
    precondition(
      status == 0,
      "DirectConvolution: no plan for \(inChannels)→\(outChannels), kernel \(kernel), on \(height)×\(width)")
    return plan
  }
}
