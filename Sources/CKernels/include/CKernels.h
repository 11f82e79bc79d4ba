#ifndef BACKPROPAUDIT_CKERNELS_H
#define BACKPROPAUDIT_CKERNELS_H

#include <stddef.h>

/// Kernel levels, in increasing order of capability. A level is usable when it is at most
/// `bp_cpu_level()`; asking for a higher level runs the best supported one instead.
enum {
  BP_LEVEL_PORTABLE = 0,  ///< baseline vector code (SSE2 on x86-64), no FMA
  BP_LEVEL_AVX2 = 1,      ///< AVX2 + FMA (Haswell, Zen and later)
  BP_LEVEL_AVX512 = 2     ///< AVX-512F (Skylake-SP, Ice Lake, Zen 4 and later)
};

/// The best kernel level this CPU and OS support (checked with `__builtin_cpu_supports`).
int bp_cpu_level(void);

/// Which algorithm computes C. A caller that splits one product into blocks of C passes the
/// path chosen for the whole product, so that every block uses the same arithmetic.
enum {
  BP_PATH_AUTO = 0,           ///< row vector if m == 1, else column vector if n == 1, else blocked
  BP_PATH_BLOCKED = 1,        ///< packed, register-blocked product
  BP_PATH_ROW_VECTOR = 2,     ///< m == 1 form: C[0, j] = α Σ_p op(A)[0, p]·op(B)[p, j] + β·C
  BP_PATH_COLUMN_VECTOR = 3,  ///< n == 1 form: C[i, 0] = α Σ_p op(A)[i, p]·op(B)[p, 0] + β·C
  /// Blocked with both operands always packed. BP_PATH_BLOCKED gives bitwise the same result but
  /// may read a large operand in place when the other is skinny (n ≤ 4·NR with A not
  /// transposed); this value forces the packed form, as a reference for tests and timings.
  BP_PATH_PACKED = 4
};

/// Tuning and control knobs; zero fields mean "the level's default" / BP_PATH_AUTO.
typedef struct {
  size_t kc;  ///< depth block (rows of a packed B panel); the k loop is split evenly
  size_t mc;  ///< rows of op(A) packed per block (sized for L2)
  size_t nc;  ///< columns of op(B) packed per block (sized for L3)
  int path;   ///< a BP_PATH_* value; the vector paths require m == 1 (row) or n == 1 (column)
} bp_gemm_options;

/// Micro-tile rows (MR) and columns (NR) of the kernel that `level` runs for the element size
/// `elementSize` (4 or 8 bytes), after clamping `level` to what the CPU supports.
void bp_gemm_tile(int level, size_t elementSize, size_t *mr, size_t *nr);

/// Serial row-major product C[m×n] = alpha·op(A)·op(B) + beta·C, op(X) = X or Xᵀ
/// (`transA`/`transB` nonzero), on strided buffers. beta == 0 overwrites C without reading it.
/// Returns 0, or -1 if the pack buffers could not be allocated.
int bp_sgemm(int level, int transA, int transB, size_t m, size_t n, size_t k, float alpha,
             const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
             size_t ldc, const bp_gemm_options *options);

/// Double-precision counterpart of `bp_sgemm`.
int bp_dgemm(int level, int transA, int transB, size_t m, size_t n, size_t k, double alpha,
             const double *a, size_t lda, const double *b, size_t ldb, double beta, double *c,
             size_t ldc, const bp_gemm_options *options);

/// Makes glibc's malloc keep freed memory for reuse instead of returning it to the kernel:
/// `M_TRIM_THRESHOLD = trimThreshold` (free memory at the top of a heap or thread arena kept up
/// to that many bytes) and `M_MMAP_THRESHOLD = mmapThreshold` (blocks below it come from the
/// heap, not from a fresh `mmap`; glibc caps it at 32 MiB on 64-bit). Setting both explicitly
/// also stops glibc's dynamic threshold adjustment. Freshly mapped pages cost a page fault and
/// zero-filling per 4 KiB on first touch, which on a VM costs more than the numeric work that
/// fills them. Returns 1 when both settings were accepted, 0 otherwise (or off glibc).
int bp_retain_freed_memory(size_t trimThreshold, size_t mmapThreshold);

// MARK: - Winograd F(2×2, 3×3) convolution (winograd.c, winograd_body.h)

/// What the Winograd convolution does with each output value z before storing it.
enum {
  BP_EPILOGUE_LINEAR = 0,      ///< y = z
  BP_EPILOGUE_RELU = 1,        ///< y = max(z, 0) (lanes ≤ 0, including −0, become +0; NaN stays)
  BP_EPILOGUE_LINEAR_RELU = 2  ///< y = z and relu = max(z, 0) at the same index
};

/// The plan of one 3×3, stride-1 convolution of `batch` samples `[C, H, W]` into `[O, OH, OW]`
/// (OH = H + 2·padTop − 2, OW = W + 2·padLeft − 2) by Winograd F(2×2, 3×3): tile counts, the
/// block of tiles one thread transforms and multiplies at a time, and buffer sizes (in floats).
/// Filled by `bp_winograd23_plan`; read-only afterwards.
typedef struct {
  size_t channels, outChannels;          ///< C (the product depth) and O
  size_t height, width, padTop, padLeft; ///< input plane and zero padding (top = bottom, left = right)
  size_t batch;                          ///< samples
  size_t outputHeight, outputWidth;      ///< OH, OW
  size_t tileRows, tileColumns, tiles;   ///< ⌈OH/2⌉, ⌈OW/2⌉, batch · tileRows · tileColumns
  size_t blockTiles, blocks;             ///< tiles per block (a multiple of 16), ⌈tiles / blockTiles⌉
  size_t groupPanels;                    ///< weight panels whose products a block keeps at once
  size_t kc;                             ///< depth block: C split into balanced blocks of ≤ 256
  size_t weightPanels;                   ///< ⌈O / 6⌉ panels of at most 6 output channels
  size_t paddedWidth, paddedRows;        ///< zero-padded input rows (even and odd columns apart)
  size_t weightCount;                    ///< floats of packed transformed weights, 16 · 6 · weightPanels · C
  size_t scratchV, scratchM;             ///< floats of the transformed-input and product blocks
  size_t scratchCount;                   ///< floats of scratch one thread needs for `bp_winograd23_run`
  int level;                             ///< kernel level (clamped to bp_cpu_level())
} bp_winograd_plan;

/// Fills `plan` for the convolution described above at kernel `level`. The block size depends
/// on the shapes only. Returns 0, or -1 when the padded input is smaller than 3×3 or a size is 0.
int bp_winograd23_plan(int level, size_t channels, size_t outChannels, size_t height, size_t width,
                       size_t padTop, size_t padLeft, size_t batch, bp_winograd_plan *plan);

/// Writes the transformed weights U_ξ = (G g Gᵀ)[ξ] of weight panels [panelBegin, panelEnd) into
/// `u` (`plan->weightCount` floats). Panel p holds up to 6 consecutive output channels (6 each,
/// except that a remainder of 1–3 channels is shared evenly with the panel before it) in the
/// micro-kernel's layout [16][C][6] (ξ, input channel, row; unused rows zero); panels follow each
/// other. With `transposedFlipped`, g_{o,c}[i][j] = w[c][o][2 − i][2 − j] for w `[C, O, 3, 3]`
/// (the kernel of the transposed convolution); otherwise g_{o,c} = w[o][c] for w `[O, C, 3, 3]`.
/// Calls on disjoint panel ranges may run concurrently. O(16 · 6 · (panelEnd − panelBegin) · C).
void bp_winograd23_pack_weights(const bp_winograd_plan *plan, const float *w, int transposedFlipped,
                                size_t panelBegin, size_t panelEnd, float *u);

/// Computes the outputs of tile blocks [blockBegin, blockEnd) (all output channels) of
/// y = conv(x, w) + bias through `epilogue` (a BP_EPILOGUE_* value; `relu` is used only by
/// BP_EPILOGUE_LINEAR_RELU and has y's layout). `u` from `bp_winograd23_pack_weights`, `bias` O
/// values or NULL, `scratch` `plan->scratchCount` floats (64-byte aligned) owned by this call.
/// Calls on disjoint block ranges may run concurrently; every output's arithmetic depends on the
/// shapes only. O(2 · 16 · O · C · 16 · (blockEnd − blockBegin)) flops.
void bp_winograd23_run(const bp_winograd_plan *plan, const float *u, const float *x,
                       const float *bias, float *y, float *relu, int epilogue, size_t blockBegin,
                       size_t blockEnd, float *scratch);

// MARK: - Direct convolution for few input channels (directconv.c, directconv_body.h)

/// The plan of one stride-1 convolution of `batch` samples `[C, H, W]` into `[O, OH, OW]` with a
/// kh×kw kernel and zero padding (OH = H + 2·padTop − kh + 1, OW = W + 2·padLeft − kw + 1),
/// computed directly (no im2col, no transform): each output is `Σ_c Σ_i Σ_j u[o][c][i][j] ·
/// x[c][oy + i − padTop][ox + j − padLeft]`, accumulated in that order from zero in its own
/// vector lane, then `+ bias[o]`. Meant for few channels on one side (C ≤ 8 forward; the input
/// gradient of such a layer, O ≤ 8), where an im2col product is too thin to run fast.
/// Work items are bands of output rows of one sample. Filled by `bp_direct_conv_make_plan`.
typedef struct {
  size_t channels, outChannels;          ///< C and O
  size_t height, width, padTop, padLeft; ///< input plane and zero padding (top = bottom, left = right)
  size_t kernelHeight, kernelWidth;      ///< kh, kw
  size_t batch;                          ///< samples
  size_t outputHeight, outputWidth;      ///< OH, OW
  size_t panelRows;                      ///< output channels per micro-tile (1–6), the packed row stride
  size_t vectors;                        ///< 8-float vectors of output columns per micro-tile (1–4)
  size_t panels;                         ///< ⌈O / panelRows⌉ weight panels (balanced sizes)
  size_t bandRows, bands, items;         ///< output rows per item, bands per sample, batch · bands
  size_t paddedWidth, paddedRows;        ///< one channel's zero-padded band in scratch
  size_t weightCount;                    ///< floats of packed weights, panels · C · kh · kw · panelRows
  size_t scratchCount;                   ///< floats of scratch one thread needs for `bp_direct_conv_run`
  int level;                             ///< kernel level (clamped to bp_cpu_level())
} bp_direct_conv_plan;

/// Fills `plan` for the convolution described above at kernel `level`; the tiling depends on
/// the shapes only. Returns 0, or -1 when a size is 0 or the padded input is smaller than the kernel.
int bp_direct_conv_make_plan(int level, size_t channels, size_t outChannels, size_t height,
                             size_t width, size_t kernelHeight, size_t kernelWidth, size_t padTop,
                             size_t padLeft, size_t batch, bp_direct_conv_plan *plan);

/// First output channel of weight panel p (of plan->panels): the panels split O evenly.
size_t bp_direct_conv_panel_start(const bp_direct_conv_plan *plan, size_t p);

/// Writes the packed kernel ([panel][C][kh][kw][panelRows], rows past a short panel zero) into
/// `u` (`plan->weightCount` floats). With `transposedFlipped`, u[o][c][i][j] =
/// w[c][o][kh − 1 − i][kw − 1 − j] for w `[C, O, kh, kw]` (the kernel of the transposed
/// convolution); otherwise u = w, `[O, C, kh, kw]`. O(weightCount).
void bp_direct_conv_pack_weights(const bp_direct_conv_plan *plan, const float *w,
                                 int transposedFlipped, float *u);

/// Computes work items [itemBegin, itemEnd) (item = sample · bands + band; all output channels)
/// of y = conv(x, u) + bias through `epilogue` (a BP_EPILOGUE_* value; `relu` is used only by
/// BP_EPILOGUE_LINEAR_RELU and has y's layout). `bias` O values or NULL, `scratch`
/// `plan->scratchCount` floats owned by this call. Calls on disjoint item ranges may run
/// concurrently; every output's arithmetic depends on the shapes only.
/// O(2 · O · C · kh · kw · OW · rows of the items) flops.
void bp_direct_conv_run(const bp_direct_conv_plan *plan, const float *u, const float *x,
                        const float *bias, float *y, float *relu, int epilogue, size_t itemBegin,
                        size_t itemEnd, float *scratch);

#endif
