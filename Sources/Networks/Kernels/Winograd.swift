import CKernels

/// Winograd's minimal filtering F(2×2, 3×3) for 3×3, stride-1 convolutions (Lavin & Gray,
/// "Fast Algorithms for Convolutional Neural Networks", CVPR 2016).
///
/// Every 2×2 output tile comes from a 4×4 input tile `d` (stride 2) through
/// ```
/// Y = Aᵀ [ Σ_c (G g_{o,c} Gᵀ) ⊙ (Bᵀ d_c B) ] A
/// ```
/// with `Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]`, `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]`,
/// `Aᵀ = [1 1 1 0; 0 1 −1 −1]`. The sum over input channels is 16 independent products
/// `M_ξ[O × T] = U_ξ[O × C] · V_ξ[C × T]` (one per tile position `ξ = 4a + b`, `T` tiles), 2.25×
/// fewer multiplications than the direct form. All transform coefficients are 0, ±1 or ±½, so the
/// transforms add rounding only through additions; results agree with the direct sum to a few
/// units in the last place of the largest term.
///
/// The pipeline runs in C (`bp_winograd23_*` in `CKernels`, AVX2 + FMA where available): the
/// transformed weights are packed once per call into the micro-kernel's panel layout, and each
/// thread transforms, multiplies and back-transforms one block of tiles at a time in scratch that
/// stays in L2, with no re-packing in between. The arithmetic of each output is fixed by the
/// shapes, never by the thread count or the split into blocks.
struct Winograd23 {
  /// Input channels `C` (the product depth).
  let inChannels: Int
  /// Output channels `O`.
  let outChannels: Int
  /// Input plane height and width.
  let height: Int, width: Int
  /// Zero padding at the top and left (the bottom and right are the same).
  let padTop: Int, padLeft: Int
  /// Output plane height and width, `H + 2p − 2`.
  let outputHeight: Int, outputWidth: Int

  /// The F(2×2, 3×3) plan of a 3×3 stride-1 convolution on `height × width` planes.
  /// - Precondition: the padded input is at least 3×3.
  init(inChannels: Int, outChannels: Int, height: Int, width: Int, padding: Size2D) {
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.height = height
    self.width = width
    padTop = padding.height
    padLeft = padding.width
    outputHeight = height + 2 * padding.height - 2
    outputWidth = width + 2 * padding.width - 2
    precondition(outputHeight > 0 && outputWidth > 0, "Winograd23: input smaller than the kernel")
  }

  /// The kernel level the C pipeline runs at: the best this CPU supports (read once).
  static let level = bp_cpu_level()

  /// The C plan for `batch` samples: tile blocks, weight-panel and scratch sizes.
  /// - Complexity: O(1).
  func blockPlan(batch: Int) -> bp_winograd_plan {
    var plan = bp_winograd_plan()
    let status = bp_winograd23_plan(
      Self.level, inChannels, outChannels, height, width, padTop, padLeft, batch, &plan)
    precondition(status == 0, "Winograd23: no plan for \(inChannels)→\(outChannels) on \(height)×\(width), batch \(batch)")
    return plan
  }
}
