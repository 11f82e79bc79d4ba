// Winograd F(2×2, 3×3) convolution pipeline for one kernel level (see winograd.c for the plan).
//
// This file is a template: a level file (winograd_portable.c, winograd_avx2.c) defines the macros
// below and includes it once. Every function gets the level's target attribute through
// `#pragma clang attribute` in the including file.
//
//   BW_FMA(a, b, c)   a * b + c on 8-float vectors (fused where the level has FMA)
//   BW_SUFFIX         name suffix, e.g. _avx2
//   BW_PROFILE        (optional, for profiling builds) keeps the phases out of line
//
// Per block of tiles (a run of consecutive tile indices t = s·tilesPerSample + ty·tileColumns + tx,
// a multiple of BW_NR long), all in per-thread scratch that stays in L2:
//   1. input transform: V_ξ[c][t] = (Bᵀ d_{t,c} B)[ξ], written straight into NR-column panels
//      (layout [ξ][panel][C][NR]), the layout the micro-kernel reads, so nothing is re-packed;
//   2. for each group of output channels, for each ξ and kc block: M_ξ[o][t] = Σ_c U_ξ[o][c]·V_ξ[c][t]
//      by an MR×NR register-blocked micro-kernel on the pre-packed U (layout [MR-row panel][ξ][C][MR],
//      packed once per call by bp_winograd23_pack_weights, shared read-only by all threads);
//   3. output transform of the group: y = Aᵀ M A + bias through the epilogue, 8 tiles at a time.
//
// Arithmetic contract: each M element is accumulated in its own vector lane, from zero, over the
// channels in increasing order, one kc block at a time (kc a function of C only), and the transforms
// are fixed formulas per tile. Block boundaries, the split of blocks between threads and the position
// of a tile inside its panel never change that sequence, so results depend only on the shapes.

#include <string.h>

#include "winograd_internal.h"

#define BW_CAT2(a, b) a##b
#define BW_CAT(a, b) BW_CAT2(a, b)
#define BW_FN(name) BW_CAT(name, BW_SUFFIX)
#define BW_UNROLL _Pragma("clang loop unroll(full)")

#ifdef BW_PROFILE
#define BW_PROFILED __attribute__((noinline))
#else
#define BW_PROFILED
#endif

typedef float bw_v8 __attribute__((vector_size(32)));
typedef int bw_i8 __attribute__((vector_size(32)));

static inline bw_v8 BW_FN(bw_load)(const float *p) {
  bw_v8 v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void BW_FN(bw_store)(float *p, bw_v8 v) { memcpy(p, &v, sizeof v); }

static inline bw_v8 BW_FN(bw_splat)(float x) {
  bw_v8 v;
  for (int l = 0; l < 8; l++) v[l] = x;
  return v;
}

/// max(z, 0) with Swift's `max` semantics: lanes ≤ 0 (including −0) become +0, NaN stays NaN.
static inline bw_v8 BW_FN(bw_relu)(bw_v8 z) {
  const bw_i8 keep = ~(z <= BW_FN(bw_splat)(0));
  return (bw_v8)((bw_i8)z & keep);
}

/// One micro-tile: C[MR×NR] = Ap·Bp (first kc block) or C += Ap·Bp (later blocks), `ap` kc columns
/// of MR values, `bp` kc rows of NR values. Each element accumulates from zero in its own lane, in
/// increasing p, whatever MR is, so the row-remainder kernels give the same bits as the full one.
#define BW_DEFINE_KERNEL(MR)                                                                        \
  BW_PROFILED static void BW_FN(bw_kernel_##MR)(size_t kc, const float *restrict ap, const float *restrict bp,  \
                                    float *restrict c, size_t ldc, int accumulate) {                \
    bw_v8 acc[MR][BW_NV];                                                                           \
    BW_UNROLL for (int i = 0; i < MR; i++) BW_UNROLL for (int j = 0; j < BW_NV; j++) acc[i][j] =    \
        BW_FN(bw_splat)(0);                                                                         \
    BW_UNROLL for (int i = 0; i < MR; i++) __builtin_prefetch(c + i * ldc, 1);                      \
    _Pragma("clang loop unroll_count(4)") for (size_t p = 0; p < kc; p++) {                         \
      bw_v8 b[BW_NV];                                                                               \
      BW_UNROLL for (int j = 0; j < BW_NV; j++) b[j] = BW_FN(bw_load)(bp + j * 8);                  \
      BW_UNROLL for (int i = 0; i < MR; i++) {                                                      \
        const bw_v8 a = BW_FN(bw_splat)(ap[i]);                                                     \
        BW_UNROLL for (int j = 0; j < BW_NV; j++) acc[i][j] = BW_FMA(a, b[j], acc[i][j]);          \
      }                                                                                             \
      ap += BW_MR; /* short panels keep the full panel's stride */                                  \
      bp += BW_NR;                                                                                  \
    }                                                                                               \
    BW_UNROLL for (int i = 0; i < MR; i++) BW_UNROLL for (int j = 0; j < BW_NV; j++) {              \
      float *cij = c + i * ldc + j * 8;                                                             \
      BW_FN(bw_store)(cij, accumulate ? BW_FN(bw_load)(cij) + acc[i][j] : acc[i][j]);               \
    }                                                                                               \
  }
BW_DEFINE_KERNEL(1)
BW_DEFINE_KERNEL(2)
BW_DEFINE_KERNEL(3)
BW_DEFINE_KERNEL(4)
BW_DEFINE_KERNEL(5)
BW_DEFINE_KERNEL(6)
#undef BW_DEFINE_KERNEL

/// The micro-kernel for `mr` ≤ BW_MR rows (a panel at the end of the output channels may be short).
static inline void BW_FN(bw_tile)(size_t mr, size_t kc, const float *ap, const float *bp, float *c,
                                  size_t ldc, int accumulate) {
  switch (mr) {
    case 6: BW_FN(bw_kernel_6)(kc, ap, bp, c, ldc, accumulate); break;
    case 5: BW_FN(bw_kernel_5)(kc, ap, bp, c, ldc, accumulate); break;
    case 4: BW_FN(bw_kernel_4)(kc, ap, bp, c, ldc, accumulate); break;
    case 3: BW_FN(bw_kernel_3)(kc, ap, bp, c, ldc, accumulate); break;
    case 2: BW_FN(bw_kernel_2)(kc, ap, bp, c, ldc, accumulate); break;
    default: BW_FN(bw_kernel_1)(kc, ap, bp, c, ldc, accumulate); break;
  }
}

/// Bᵀ d B of the 8 tiles tc … tc + 7 of a tile row, as 16 vectors (ξ = 4a + b, lane = tile).
/// `rows` holds the tile row's 4 padded input rows split by column parity: row r's even columns
/// at rows + 2r·ld and odd columns at rows + (2r + 1)·ld, so tile column j of input column 2tc + j
/// is a plain load (the split is done once per input row, when it is copied).
static inline void BW_FN(bw_input_tiles)(const float *rows, size_t ld, size_t tc, bw_v8 out[16]) {
  bw_v8 d[4][4];
  BW_UNROLL for (int r = 0; r < 4; r++) {
    const float *even = rows + 2 * r * ld + tc, *odd = even + ld;
    d[r][0] = BW_FN(bw_load)(even);
    d[r][1] = BW_FN(bw_load)(odd);
    d[r][2] = BW_FN(bw_load)(even + 1);
    d[r][3] = BW_FN(bw_load)(odd + 1);
  }
  // Bᵀ d: rows (d0 − d2, d1 + d2, d2 − d1, d1 − d3), then · B on each row.
  bw_v8 t[4][4];
  BW_UNROLL for (int j = 0; j < 4; j++) {
    t[0][j] = d[0][j] - d[2][j];
    t[1][j] = d[1][j] + d[2][j];
    t[2][j] = d[2][j] - d[1][j];
    t[3][j] = d[1][j] - d[3][j];
  }
  BW_UNROLL for (int a = 0; a < 4; a++) {
    out[4 * a + 0] = t[a][0] - t[a][2];
    out[4 * a + 1] = t[a][1] + t[a][2];
    out[4 * a + 2] = t[a][2] - t[a][1];
    out[4 * a + 3] = t[a][1] - t[a][3];
  }
}

/// Copies input row `src` (w floats) to padded columns pad … pad + w − 1, split by parity:
/// column k goes to even[k/2] or odd[k/2]. Other positions are left alone (they stay zero).
static inline void BW_FN(bw_split_row)(const float *src, size_t w, size_t pad, float *even,
                                       float *odd) {
  // Input element ix lands in column pad + ix: with an odd pad, even ix go to the odd columns.
  float *first = (pad & 1) ? odd : even, *second = (pad & 1) ? even : odd;
  first += pad / 2;
  second += (pad + 1) / 2;
  size_t ix = 0;
  for (; ix + 16 <= w; ix += 16) {
    const bw_v8 lo = BW_FN(bw_load)(src + ix), hi = BW_FN(bw_load)(src + ix + 8);
    BW_FN(bw_store)(first + ix / 2, __builtin_shufflevector(lo, hi, 0, 2, 4, 6, 8, 10, 12, 14));
    BW_FN(bw_store)(second + ix / 2, __builtin_shufflevector(lo, hi, 1, 3, 5, 7, 9, 11, 13, 15));
  }
  for (; ix < w; ix++) (ix & 1 ? second : first)[ix / 2] = src[ix];
}

/// Step 1 for tiles [t0, t1) of the plan: writes V ([16][panels][C][NR], ξ slices
/// panels·C·NR + BW_SKEW apart) and zeroes the panel
/// columns past t1. `rows` is scratch of `plan->paddedRows · plan->paddedWidth` floats, zero at
/// every position `bw_split_row` does not write (its border columns stay zero between calls).
BW_PROFILED static void BW_FN(bw_transform_input)(const bp_winograd_plan *plan, const float *x,
                                                  size_t t0, size_t t1, float *restrict v,
                                                  float *restrict rows) {
  const size_t c = plan->channels, h = plan->height, w = plan->width, pad = plan->padLeft;
  const size_t tx = plan->tileColumns, tp = plan->tileRows * tx, ld = plan->paddedWidth;
  const size_t panels = (t1 - t0 + BW_NR - 1) / BW_NR;
  const size_t xiStride = panels * c * BW_NR + BW_SKEW, panelStride = c * BW_NR;
  for (size_t s = t0 / tp; s * tp < t1; s++) {
    const size_t a = (t0 > s * tp ? t0 - s * tp : 0), b = (t1 < (s + 1) * tp ? t1 - s * tp : tp);
    const size_t ty0 = a / tx, ty1 = (b - 1) / tx;
    const size_t rowCount = 2 * (ty1 - ty0) + 4;
    const long firstRow = (long)(2 * ty0) - (long)plan->padTop;
    const long lastRow = firstRow + (long)rowCount;
    const size_t rowBegin = firstRow > 0 ? (size_t)firstRow : 0;
    const size_t rowEnd = lastRow < (long)h ? (size_t)lastRow : h;
    for (size_t ic = 0; ic < c; ic++) {
      const float *plane = x + (s * c + ic) * h * w;
      if (ic + 1 < c && rowEnd > rowBegin) {  // the next channel's rows: fetch them meanwhile
        const char *next = (const char *)(plane + h * w + rowBegin * w);
        for (size_t off = 0; off < sizeof(float) * (rowEnd - rowBegin) * w; off += 64)
          __builtin_prefetch(next + off);
      }
      for (size_t r = 0; r < rowCount; r++) {
        const long iy = firstRow + (long)r;
        float *even = rows + 2 * r * ld;
        if (iy >= 0 && iy < (long)h) BW_FN(bw_split_row)(plane + iy * w, w, pad, even, even + ld);
        else memset(even, 0, sizeof(float) * 2 * ld);
      }
      for (size_t ty = ty0; ty <= ty1; ty++) {
        const size_t xa = ty == ty0 ? a % tx : 0, xb = ty == ty1 ? (b - 1) % tx + 1 : tx;
        const float *tileRows = rows + 4 * (ty - ty0) * ld;
        for (size_t tc = xa; tc < xb; tc += 8) {
          bw_v8 out[16];
          BW_FN(bw_input_tiles)(tileRows, ld, tc, out);
          const size_t lanes = xb - tc < 8 ? xb - tc : 8;
          const size_t t = s * tp + ty * tx + tc - t0;
          const size_t j = t % BW_NR;
          float *dst = v + t / BW_NR * panelStride + ic * BW_NR + j;
          if (lanes == 8 && j + 8 <= BW_NR) {
            BW_UNROLL for (int xi = 0; xi < 16; xi++) BW_FN(bw_store)(dst + xi * xiStride, out[xi]);
          } else {
            for (size_t l = 0; l < lanes; l++) {
              const size_t tl = t + l;
              float *d = v + tl / BW_NR * panelStride + ic * BW_NR + tl % BW_NR;
              for (int xi = 0; xi < 16; xi++) d[xi * xiStride] = out[xi][l];
            }
          }
        }
      }
    }
  }
  const size_t used = t1 - t0;
  if (used % BW_NR) {  // the last panel's columns past the block: zero, so M stays finite
    float *last = v + (panels - 1) * panelStride;
    for (size_t xi = 0; xi < 16; xi++)
      for (size_t ic = 0; ic < c; ic++)
        memset(last + xi * xiStride + ic * BW_NR + used % BW_NR, 0,
               sizeof(float) * (BW_NR - used % BW_NR));
  }
}

/// Stores z (an output value) and the epilogue's ReLU copy at index i.
static inline void BW_FN(bw_put)(float z, float *y, float *relu, int epilogue, size_t i) {
  const float r = z <= 0 ? 0.0f : z;
  if (epilogue == BP_EPILOGUE_RELU) {
    y[i] = r;
  } else {
    y[i] = z;
    if (epilogue == BP_EPILOGUE_LINEAR_RELU) relu[i] = r;
  }
}

/// Stores 8 consecutive output values through the epilogue.
static inline void BW_FN(bw_put8)(bw_v8 z, float *y, float *relu, int epilogue, size_t i) {
  if (epilogue == BP_EPILOGUE_RELU) {
    BW_FN(bw_store)(y + i, BW_FN(bw_relu)(z));
  } else {
    BW_FN(bw_store)(y + i, z);
    if (epilogue == BP_EPILOGUE_LINEAR_RELU) BW_FN(bw_store)(relu + i, BW_FN(bw_relu)(z));
  }
}

/// Step 3 for output channels [o0, o0 + rows) and tiles [t0, t1): y = Aᵀ M A + bias, with M laid
/// out [16][rows][ld] (ξ slices rows·ld + BW_SKEW apart; column = t − t0; each row readable 8
/// floats past ld − 1).
BW_PROFILED static void BW_FN(bw_transform_output)(const bp_winograd_plan *plan, const float *m, size_t ld,
                                       size_t o0, size_t rows, size_t t0, size_t t1,
                                       const float *bias, float *y, float *relu, int epilogue) {
  const size_t o = plan->outChannels, oh = plan->outputHeight, ow = plan->outputWidth;
  const size_t tx = plan->tileColumns, tp = plan->tileRows * tx, plane = oh * ow;
  const size_t xiStride = rows * ld + BW_SKEW;
  for (size_t r = 0; r < rows; r++) {
    const bw_v8 bv = BW_FN(bw_splat)(bias ? bias[o0 + r] : 0.0f);
    const float *base = m + r * ld;
    for (size_t s = t0 / tp; s * tp < t1; s++) {
      const size_t a = (t0 > s * tp ? t0 - s * tp : 0), b = (t1 < (s + 1) * tp ? t1 - s * tp : tp);
      const size_t out = (s * o + o0 + r) * plane;
      for (size_t ty = a / tx; ty <= (b - 1) / tx; ty++) {
        const size_t xa = ty == a / tx ? a % tx : 0, xb = ty == (b - 1) / tx ? (b - 1) % tx + 1 : tx;
        const int fullRows = 2 * ty + 2 <= oh;
        for (size_t tc = xa; tc < xb; tc += 8) {
          const float *q = base + (s * tp + ty * tx + tc - t0);
          bw_v8 mv[16];
          BW_UNROLL for (int xi = 0; xi < 16; xi++) mv[xi] = BW_FN(bw_load)(q + xi * xiStride);
          // Aᵀ M: rows (m0 + m1 + m2, m1 − m2 − m3) per column, then · A per row.
          bw_v8 a0[4], a1[4];
          BW_UNROLL for (int j = 0; j < 4; j++) {
            a0[j] = mv[j] + mv[4 + j] + mv[8 + j];
            a1[j] = mv[4 + j] - mv[8 + j] - mv[12 + j];
          }
          const bw_v8 y00 = a0[0] + a0[1] + a0[2] + bv, y01 = a0[1] - a0[2] - a0[3] + bv;
          const bw_v8 y10 = a1[0] + a1[1] + a1[2] + bv, y11 = a1[1] - a1[2] - a1[3] + bv;
          const size_t at = out + 2 * ty * ow + 2 * tc;
          const size_t lanes = xb - tc < 8 ? xb - tc : 8;
          if (fullRows && lanes == 8 && 2 * tc + 16 <= ow) {
            BW_FN(bw_put8)(__builtin_shufflevector(y00, y01, 0, 8, 1, 9, 2, 10, 3, 11), y, relu, epilogue, at);
            BW_FN(bw_put8)(__builtin_shufflevector(y00, y01, 4, 12, 5, 13, 6, 14, 7, 15), y, relu, epilogue, at + 8);
            BW_FN(bw_put8)(__builtin_shufflevector(y10, y11, 0, 8, 1, 9, 2, 10, 3, 11), y, relu, epilogue, at + ow);
            BW_FN(bw_put8)(__builtin_shufflevector(y10, y11, 4, 12, 5, 13, 6, 14, 7, 15), y, relu, epilogue, at + ow + 8);
          } else {
            const int below = 2 * ty + 1 < oh;
            for (size_t l = 0; l < lanes; l++) {
              const int right = 2 * (tc + l) + 1 < ow;
              const size_t i = at + 2 * l;
              BW_FN(bw_put)(y00[l], y, relu, epilogue, i);
              if (right) BW_FN(bw_put)(y01[l], y, relu, epilogue, i + 1);
              if (below) BW_FN(bw_put)(y10[l], y, relu, epilogue, i + ow);
              if (right && below) BW_FN(bw_put)(y11[l], y, relu, epilogue, i + ow + 1);
            }
          }
        }
      }
    }
  }
}

/// Writes the transformed weights of weight panels [panelBegin, panelEnd) (6 output channels
/// each) in the packed layout (see bp_winograd23_pack_weights in CKernels.h), one input channel
/// of a whole panel at a time (lane = output channel, lanes past O zero), so each ξ is one
/// contiguous 6-float store.
void BW_FN(bp_winograd23_pack)(const bp_winograd_plan *plan, const float *w, int transposedFlipped,
                               size_t panelBegin, size_t panelEnd, float *u) {
  const size_t c = plan->channels, o = plan->outChannels, xiStride = c * BW_MR;
  // Element k = 3i + j of the kernel of lane l (output channel o0 + l) is first[l·laneStride + k·step].
  const long laneStride = transposedFlipped ? 9 : (long)(c * 9), step = transposedFlipped ? -1 : 1;
  const bw_v8 half = BW_FN(bw_splat)(0.5f);
  for (size_t panel = panelBegin; panel < panelEnd; panel++) {
    const size_t o0 = bp_winograd_panel_start(o, panel);
    const size_t lanes = bp_winograd_panel_start(o, panel + 1) - o0;
    float *dst = u + panel * 16 * xiStride;
    for (size_t ic = 0; ic < c; ic++) {
      const float *first = transposedFlipped ? w + (ic * o + o0) * 9 + 8 : w + (o0 * c + ic) * 9;
      bw_v8 g[9];
      if (lanes == BW_MR) {
        BW_UNROLL for (int k = 0; k < 9; k++) {
          g[k] = BW_FN(bw_splat)(0);
          BW_UNROLL for (int l = 0; l < BW_MR; l++) g[k][l] = first[l * laneStride + k * step];
        }
      } else {
        for (int k = 0; k < 9; k++) {
          g[k] = BW_FN(bw_splat)(0);
          for (size_t l = 0; l < lanes; l++) g[k][l] = first[(long)l * laneStride + k * step];
        }
      }
      // Rows of G g: g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2; then each row · Gᵀ.
      bw_v8 q[4][3];
      BW_UNROLL for (int j = 0; j < 3; j++) {
        q[0][j] = g[j];
        q[1][j] = (g[j] + g[3 + j] + g[6 + j]) * half;
        q[2][j] = (g[j] - g[3 + j] + g[6 + j]) * half;
        q[3][j] = g[6 + j];
      }
      float *d = dst + ic * BW_MR;
      BW_UNROLL for (int a = 0; a < 4; a++) {
        const bw_v8 row[4] = {q[a][0], (q[a][0] + q[a][1] + q[a][2]) * half,
                              (q[a][0] - q[a][1] + q[a][2]) * half, q[a][2]};
        BW_UNROLL for (int b = 0; b < 4; b++) memcpy(d + (4 * a + b) * xiStride, &row[b], sizeof(float) * BW_MR);
      }
    }
  }
}

/// Runs tile blocks [blockBegin, blockEnd) of the plan (see bp_winograd23_run in CKernels.h).
void BW_FN(bp_winograd23_blocks)(const bp_winograd_plan *plan, const float *u, const float *x,
                                 const float *bias, float *y, float *relu, int epilogue,
                                 size_t blockBegin, size_t blockEnd, float *scratch) {
  const size_t c = plan->channels, o = plan->outChannels, total = plan->tiles;
  const size_t kc0 = plan->kc, group = plan->groupPanels;
  float *v = scratch;
  float *m = v + plan->scratchV;
  float *rows = m + plan->scratchM;
  memset(rows, 0, sizeof(float) * plan->paddedRows * plan->paddedWidth);
  for (size_t blk = blockBegin; blk < blockEnd; blk++) {
    const size_t t0 = blk * plan->blockTiles;
    const size_t t1 = t0 + plan->blockTiles < total ? t0 + plan->blockTiles : total;
    const size_t panels = (t1 - t0 + BW_NR - 1) / BW_NR, ld = panels * BW_NR;
    const size_t vXiStride = panels * c * BW_NR + BW_SKEW;
    BW_FN(bw_transform_input)(plan, x, t0, t1, v, rows);
    for (size_t gp = 0; gp < plan->weightPanels; gp += group) {
      const size_t gEnd = gp + group < plan->weightPanels ? gp + group : plan->weightPanels;
      const size_t g0 = bp_winograd_panel_start(o, gp);
      const size_t gRows = bp_winograd_panel_start(o, gEnd) - g0;
      for (size_t xi = 0; xi < 16; xi++) {
        float *mXi = m + xi * (gRows * ld + BW_SKEW);
        for (size_t pc = 0; pc < c; pc += kc0) {
          const size_t kc = c - pc < kc0 ? c - pc : kc0;
          for (size_t jp = 0; jp < panels; jp++) {
            const float *bPanel = v + xi * vXiStride + jp * c * BW_NR + pc * BW_NR;
            for (size_t ip = gp; ip < gEnd; ip++) {
              const size_t r0 = bp_winograd_panel_start(o, ip);
              const size_t mr = bp_winograd_panel_start(o, ip + 1) - r0;
              const float *aPanel = u + (ip * 16 + xi) * c * BW_MR + pc * BW_MR;
              BW_FN(bw_tile)(mr, kc, aPanel, bPanel, mXi + (r0 - g0) * ld + jp * BW_NR, ld, pc > 0);
            }
          }
        }
      }
      BW_FN(bw_transform_output)(plan, m, ld, g0, gRows, t0, t1, bias, y, relu, epilogue);
    }
  }
}

#undef BW_UNROLL
#undef BW_FN
#undef BW_CAT
#undef BW_CAT2
