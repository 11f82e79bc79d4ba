// Direct stride-1 convolution for one kernel level (see directconv.c for the plan).
//
// This file is a template: a level file (directconv_portable.c, directconv_avx2.c) defines the
// macros below and includes it once. Every function gets the level's target attribute through
// `#pragma clang attribute` in the including file.
//
//   BD_FMA(a, b, c)   a * b + c on 8-float vectors (fused where the level has FMA)
//   BD_SUFFIX         name suffix, e.g. _avx2
//
// Per work item (a band of output rows of one sample):
//   1. copy the band's input rows of every channel, zero-padded, into scratch (one channel's
//      band is paddedRows × paddedWidth, border columns zeroed once per call), so the kernel
//      never tests a border;
//   2. for each output row, each run of 8·vectors output columns and each weight panel: an
//      R×V register-blocked micro-kernel (R output channels × V vectors of 8 columns) runs over
//      the C·kh·kw taps, broadcasting one packed weight per channel and tap and loading the
//      input row shifted by the tap's column (unaligned loads, no gathering);
//   3. z + bias through the epilogue straight into y.
//
// Arithmetic contract: each output is accumulated in its own vector lane, from zero, over
// (c, i, j) in increasing order, then the bias is added. The tile shape, the band and the split
// of items between threads never change that sequence, so results depend only on the shapes (and
// the level), and the forward pass equals the im2col product's bits (the same sum, in the same
// order, at the same level).

#include <string.h>

#include "directconv_internal.h"

#define BD_CAT2(a, b) a##b
#define BD_CAT(a, b) BD_CAT2(a, b)
#define BD_FN(name) BD_CAT(name, BD_SUFFIX)
#define BD_UNROLL _Pragma("clang loop unroll(full)")

typedef float bd_v8 __attribute__((vector_size(32)));
typedef int bd_i8 __attribute__((vector_size(32)));

static inline bd_v8 BD_FN(bd_load)(const float *p) {
  bd_v8 v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void BD_FN(bd_store)(float *p, bd_v8 v) { memcpy(p, &v, sizeof v); }

static inline bd_v8 BD_FN(bd_splat)(float x) {
  bd_v8 v;
  for (int l = 0; l < 8; l++) v[l] = x;
  return v;
}

/// max(z, 0) with Swift's `max` semantics: lanes ≤ 0 (including −0) become +0, NaN stays NaN.
static inline bd_v8 BD_FN(bd_relu)(bd_v8 z) {
  const bd_i8 keep = ~(z <= BD_FN(bd_splat)(0));
  return (bd_v8)((bd_i8)z & keep);
}

/// Stores the first `lanes` (< 8) values of z at y (and their ReLU at relu) through the epilogue:
/// the last, partial column vector of a row, kept out of line so the micro-kernels do not spill.
__attribute__((noinline)) static void BD_FN(bd_put_partial)(bd_v8 z, float *y, float *relu,
                                                           int epilogue, size_t lanes) {
  float zs[8], rs[8];
  BD_FN(bd_store)(zs, z);
  BD_FN(bd_store)(rs, BD_FN(bd_relu)(z));
  if (epilogue == BP_EPILOGUE_RELU) {
    memcpy(y, rs, sizeof(float) * lanes);
  } else {
    memcpy(y, zs, sizeof(float) * lanes);
    if (epilogue == BP_EPILOGUE_LINEAR_RELU) memcpy(relu, rs, sizeof(float) * lanes);
  }
}

/// Stores the first `lanes` (≤ 8) values of z at y (and their ReLU at relu) through the epilogue.
static inline void BD_FN(bd_put)(bd_v8 z, float *y, float *relu, int epilogue, size_t lanes) {
  if (lanes < 8) {
    BD_FN(bd_put_partial)(z, y, relu, epilogue, lanes);
  } else if (epilogue == BP_EPILOGUE_RELU) {
    BD_FN(bd_store)(y, BD_FN(bd_relu)(z));
  } else {
    BD_FN(bd_store)(y, z);
    if (epilogue == BP_EPILOGUE_LINEAR_RELU) BD_FN(bd_store)(relu, BD_FN(bd_relu)(z));
  }
}

/// One tap of a micro-tile: acc[r][v] += u[r] · in[8v … 8v + 7] for the input at `src`, then
/// the next tap's weights. With V > R the R weights are held and the V input vectors streamed,
/// otherwise the V input vectors are held and the R weights streamed: R·V accumulators plus
/// min(R, V) held operands and one streamed one stay within the 16 vector registers for the shapes
/// the plan picks.
#define BD_TAP(R, V, src)                                                                           \
  {                                                                                                 \
    if (V > R) {                                                                                    \
      bd_v8 a[R];                                                                                   \
      BD_UNROLL for (int r = 0; r < R; r++) a[r] = BD_FN(bd_splat)(u[r]);                           \
      BD_UNROLL for (int v = 0; v < V; v++) {                                                       \
        const bd_v8 in = BD_FN(bd_load)((src) + 8 * v);                                             \
        BD_UNROLL for (int r = 0; r < R; r++) acc[r][v] = BD_FMA(a[r], in, acc[r][v]);              \
      }                                                                                             \
    } else {                                                                                        \
      bd_v8 in[V];                                                                                  \
      BD_UNROLL for (int v = 0; v < V; v++) in[v] = BD_FN(bd_load)((src) + 8 * v);                  \
      BD_UNROLL for (int r = 0; r < R; r++) {                                                       \
        const bd_v8 a = BD_FN(bd_splat)(u[r]);                                                      \
        BD_UNROLL for (int v = 0; v < V; v++) acc[r][v] = BD_FMA(a, in[v], acc[r][v]);              \
      }                                                                                             \
    }                                                                                               \
    u += stride;                                                                                    \
  }

/// One micro-tile of R output channels × V·8 output columns. `x` is the first input column of the
/// tile in the band's top row for this output row (channel bands `plane` floats apart, rows `ld`
/// apart), `u` the panel's packed weights (`stride` floats per tap), `y` the first output
/// (channels `ys` floats apart); `lanes` ≤ 8·V columns are stored. Three-tap kernel rows are
/// unrolled (no inner loop).
#define BD_DEFINE_KERNEL(R, V)                                                                      \
  static void BD_FN(bd_kernel_##R##_##V)(size_t c, size_t kh, size_t kw, const float *restrict u,  \
                                          size_t stride, const float *restrict x, size_t ld,        \
                                          size_t plane, const float *bias, float *y, float *relu,   \
                                          size_t ys, int epilogue, size_t lanes) {                  \
    bd_v8 acc[R][V];                                                                                \
    BD_UNROLL for (int r = 0; r < R; r++) BD_UNROLL for (int v = 0; v < V; v++) acc[r][v] =         \
        BD_FN(bd_splat)(0);                                                                         \
    for (size_t ic = 0; ic < c; ic++) {                                                             \
      for (size_t i = 0; i < kh; i++) {                                                             \
        const float *row = x + ic * plane + i * ld;                                                 \
        if (kw == 3) {                                                                              \
          BD_TAP(R, V, row)                                                                         \
          BD_TAP(R, V, row + 1)                                                                     \
          BD_TAP(R, V, row + 2)                                                                     \
        } else {                                                                                    \
          for (size_t j = 0; j < kw; j++) BD_TAP(R, V, row + j)                                     \
        }                                                                                           \
      }                                                                                             \
    }                                                                                               \
    BD_UNROLL for (int r = 0; r < R; r++) {                                                         \
      const bd_v8 b = BD_FN(bd_splat)(bias ? bias[r] : 0.0f);                                       \
      BD_UNROLL for (int v = 0; v < V; v++) {                                                       \
        const size_t first = 8 * (size_t)v;                                                         \
        if (first < lanes)                                                                          \
          BD_FN(bd_put)(acc[r][v] + b, y + r * ys + first, relu ? relu + r * ys + first : relu,     \
                        epilogue, lanes - first < 8 ? lanes - first : 8);                           \
      }                                                                                             \
    }                                                                                               \
  }
#define BD_DEFINE_ROWS(V) \
  BD_DEFINE_KERNEL(1, V)  \
  BD_DEFINE_KERNEL(2, V)  \
  BD_DEFINE_KERNEL(3, V)
BD_DEFINE_ROWS(1)
BD_DEFINE_ROWS(2)
BD_DEFINE_ROWS(3)
BD_DEFINE_ROWS(4)
BD_DEFINE_KERNEL(4, 1)
BD_DEFINE_KERNEL(5, 1)
BD_DEFINE_KERNEL(6, 1)
BD_DEFINE_KERNEL(4, 2)
BD_DEFINE_KERNEL(5, 2)
BD_DEFINE_KERNEL(6, 2)
BD_DEFINE_KERNEL(4, 3)
#undef BD_DEFINE_ROWS
#undef BD_DEFINE_KERNEL
#undef BD_TAP

/// The micro-kernel signature, for the table below.
typedef void (*BD_FN(bd_kernel_fn))(size_t, size_t, size_t, const float *, size_t, const float *,
                                    size_t, size_t, const float *, float *, float *, size_t, int,
                                    size_t);

/// The micro-kernel for `rows` output channels and `vectors` column vectors (rows · vectors ≤ 12).
static BD_FN(bd_kernel_fn) BD_FN(bd_kernel_for)(size_t rows, size_t vectors) {
#define BD_CASE(R, V) \
  case 10 * R + V: return BD_FN(bd_kernel_##R##_##V);
  switch (10 * rows + vectors) {
    BD_CASE(1, 1) BD_CASE(2, 1) BD_CASE(3, 1) BD_CASE(4, 1) BD_CASE(5, 1) BD_CASE(6, 1)
    BD_CASE(1, 2) BD_CASE(2, 2) BD_CASE(3, 2) BD_CASE(4, 2) BD_CASE(5, 2) BD_CASE(6, 2)
    BD_CASE(1, 3) BD_CASE(2, 3) BD_CASE(3, 3) BD_CASE(4, 3)
    BD_CASE(1, 4) BD_CASE(2, 4) BD_CASE(3, 4)
    default: return 0;
  }
#undef BD_CASE
}

/// dst[k] = src[k] for k < n, 8 floats at a time (rows are short: a call to memcpy per row cost
/// as much as the copy).
static inline void BD_FN(bd_copy)(float *restrict dst, const float *restrict src, size_t n) {
  size_t k = 0;
  for (; k + 8 <= n; k += 8) BD_FN(bd_store)(dst + k, BD_FN(bd_load)(src + k));
  for (; k < n; k++) dst[k] = src[k];
}

/// dst[k] = 0 for k < n.
static inline void BD_FN(bd_zero)(float *dst, size_t n) {
  size_t k = 0;
  for (; k + 8 <= n; k += 8) BD_FN(bd_store)(dst + k, BD_FN(bd_splat)(0));
  for (; k < n; k++) dst[k] = 0;
}

/// Copies the padded input band of output rows [oy0, oy1) of sample s into `band`: for every
/// channel, rows oy0 − padTop … oy1 + kh − 2 − padTop of the input at column padLeft, zero for
/// rows outside the input (`plan->paddedWidth` floats per row, `plan->paddedRows` rows per
/// channel). Writes only columns padLeft … padLeft + W − 1: the caller zeroes the band once, so
/// the border columns stay zero.
static void BD_FN(bd_fill_band)(const bp_direct_conv_plan *plan, const float *x, size_t s,
                                size_t oy0, size_t oy1, float *band) {
  const size_t c = plan->channels, h = plan->height, w = plan->width, ld = plan->paddedWidth;
  const size_t pad = plan->padLeft, rows = oy1 - oy0 + plan->kernelHeight - 1;
  const size_t plane = plan->paddedRows * ld;
  for (size_t ic = 0; ic < c; ic++) {
    const float *src = x + (s * c + ic) * h * w;
    for (size_t r = 0; r < rows; r++) {
      float *dst = band + ic * plane + r * ld + pad;
      const long iy = (long)(oy0 + r) - (long)plan->padTop;
      if (iy < 0 || iy >= (long)h) BD_FN(bd_zero)(dst, w);
      else BD_FN(bd_copy)(dst, src + (size_t)iy * w, w);
    }
  }
}

/// Prefetches (towards L2) the input rows that work item `item` will copy, so that while one
/// item computes, the next one's input arrives: the band of one channel is only a few KiB, too
/// short for the hardware prefetcher to ramp up before the copy reaches it.
static void BD_FN(bd_prefetch_item)(const bp_direct_conv_plan *plan, const float *x, size_t item) {
  const size_t c = plan->channels, h = plan->height, w = plan->width;
  const size_t s = item / plan->bands, oy0 = item % plan->bands * plan->bandRows;
  const long first = (long)oy0 - (long)plan->padTop;
  const long last = first + (long)(plan->bandRows + plan->kernelHeight - 1);
  const size_t begin = first > 0 ? (size_t)first : 0, end = last < (long)h ? (size_t)last : h;
  if (end <= begin) return;
  for (size_t ic = 0; ic < c; ic++) {
    const char *p = (const char *)(x + ((s * c + ic) * h + begin) * w);
    for (size_t off = 0; off < sizeof(float) * (end - begin) * w; off += 64) __builtin_prefetch(p + off, 0, 2);
  }
}

/// Runs work items [itemBegin, itemEnd) of the plan (see bp_direct_conv_run in CKernels.h).
void BD_FN(bp_direct_conv_items)(const bp_direct_conv_plan *plan, const float *u, const float *x,
                                 const float *bias, float *y, float *relu, int epilogue,
                                 size_t itemBegin, size_t itemEnd, float *scratch) {
  const size_t c = plan->channels, o = plan->outChannels, oh = plan->outputHeight,
               ow = plan->outputWidth, kh = plan->kernelHeight, kw = plan->kernelWidth;
  const size_t ld = plan->paddedWidth, plane = plan->paddedRows * ld, stride = plan->panelRows;
  const size_t columns = 8 * plan->vectors, panelSize = c * kh * kw * stride, ys = oh * ow;
  memset(scratch, 0, sizeof(float) * plan->scratchCount);
  for (size_t item = itemBegin; item < itemEnd; item++) {
    const size_t s = item / plan->bands, oy0 = item % plan->bands * plan->bandRows;
    const size_t oy1 = oy0 + plan->bandRows < oh ? oy0 + plan->bandRows : oh;
    BD_FN(bd_fill_band)(plan, x, s, oy0, oy1, scratch);
    if (item + 1 < itemEnd) BD_FN(bd_prefetch_item)(plan, x, item + 1);
    for (size_t oy = oy0; oy < oy1; oy++) {
      const float *in = scratch + (oy - oy0) * ld;
      for (size_t tx = 0; tx < ow; tx += columns) {
        const size_t lanes = ow - tx < columns ? ow - tx : columns;
        size_t o1 = 0;
        for (size_t p = 0; p < plan->panels; p++) {
          const size_t o0 = o1, rows = (o1 = bp_direct_conv_panel_start(plan, p + 1)) - o0;
          const size_t at = ((s * o + o0) * oh + oy) * ow + tx;
          BD_FN(bd_kernel_for)(rows, plan->vectors)(
              c, kh, kw, u + p * panelSize, stride, in + tx, ld, plane, bias ? bias + o0 : 0,
              y + at, relu ? relu + at : 0, ys, epilogue, lanes);
        }
      }
    }
  }
}
