// Blocked, packed GEMM (Goto/BLIS structure) for one element type and one kernel level.
//
// This file is a template: a level file (gemm_portable.c, gemm_avx2.c, gemm_avx512.c) defines the
// macros below and includes it once per element type. Every function gets the level's target
// attribute through `#pragma clang attribute` in the including file, so the vector code below is
// compiled for that instruction set only, and called only after run-time dispatch.
//
//   BP_T       element type (float or double)
//   BP_VL      lanes per vector register
//   BP_MR      micro-tile rows
//   BP_NV      vectors per micro-tile row (NR = NV * VL columns)
//   BP_KC, BP_MC, BP_NC   default cache blocking (kc: L1 panels, mc: A block in L2, nc: B in L3)
//   BP_FMA(a, b, c)       a * b + c on vectors (fused where the level has FMA)
//   BP_SUFFIX  name suffix, e.g. _avx2_s
//
// Arithmetic contract (what makes results independent of the thread count): every output element
// is accumulated in its own vector lane, from zero, over one kc block at a time in increasing p,
// and then merged as C = alpha*acc + beta*C (beta = 1 after the first block). Tile position,
// edge padding and the way C is partitioned between threads never change that sequence; only k
// and kc do, and kc is a function of k alone.

#include <stdlib.h>
#include <string.h>

#define BP_CAT2(a, b) a##b
#define BP_CAT(a, b) BP_CAT2(a, b)
#define BP_FN(name) BP_CAT(name, BP_SUFFIX)
#define BP_NR (BP_NV * BP_VL)
// Elements between packed B panels: kc rows plus one pad row (see bp_pack_b).
#define BP_PANEL_B(kc) (((kc) + 1) * BP_NR)
#define BP_L2_BYTES ((size_t)1 << 20)  // per-core L2 the blocking is tuned for (Zen 3 EPYC here)
#define BP_VEC BP_FN(bp_vec)
// Fully unroll the fixed-size tile loops so the accumulators live in registers.
#define BP_UNROLL _Pragma("clang loop unroll(full)")

typedef BP_T BP_VEC __attribute__((vector_size(BP_VL * sizeof(BP_T))));

static inline BP_VEC BP_FN(bp_load)(const BP_T *p) {
  BP_VEC v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void BP_FN(bp_store)(BP_T *p, BP_VEC v) { memcpy(p, &v, sizeof v); }

static inline BP_VEC BP_FN(bp_splat)(BP_T x) {
  BP_VEC v;
  for (int l = 0; l < BP_VL; l++) v[l] = x;  // becomes one broadcast instruction
  return v;
}

/// The register-blocked micro-kernel: C[MR×NR] = alpha * Ap·Bp + beta * C over one kc block.
/// `ap` holds kc columns of MR values, `bp` kc rows of NR values (both packed, zero-padded).
/// beta == 0 never reads C, so NaNs in C are ignored.
static void BP_FN(bp_kernel)(size_t kc, const BP_T *restrict ap, const BP_T *restrict bp,
                             BP_T *restrict c, size_t ldc, BP_T alpha, BP_T beta) {
  BP_VEC acc[BP_MR][BP_NV];
  BP_UNROLL
  for (int i = 0; i < BP_MR; i++)
    BP_UNROLL
    for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FN(bp_splat)(0);
  BP_UNROLL
  for (int i = 0; i < BP_MR; i++) {  // the C tile is needed at the end: start fetching it now
    __builtin_prefetch(c + i * ldc, 1);
    __builtin_prefetch(c + i * ldc + BP_NR - 1, 1);
  }
#pragma clang loop unroll_count(4)
  for (size_t p = 0; p < kc; p++) {
    BP_VEC b[BP_NV];
    BP_UNROLL
    for (int j = 0; j < BP_NV; j++) b[j] = BP_FN(bp_load)(bp + j * BP_VL);
    BP_UNROLL
    for (int i = 0; i < BP_MR; i++) {
      const BP_VEC a = BP_FN(bp_splat)(ap[i]);
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FMA(a, b[j], acc[i][j]);
    }
    ap += BP_MR;
    bp += BP_NR;
  }
  const BP_VEC va = BP_FN(bp_splat)(alpha);
  if (beta == 0) {
    BP_UNROLL
    for (int i = 0; i < BP_MR; i++)
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) BP_FN(bp_store)(c + i * ldc + j * BP_VL, va * acc[i][j]);
  } else {
    const BP_VEC vb = BP_FN(bp_splat)(beta);
    BP_UNROLL
    for (int i = 0; i < BP_MR; i++)
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) {
        BP_T *cij = c + i * ldc + j * BP_VL;
        BP_FN(bp_store)(cij, BP_FMA(va, acc[i][j], vb * BP_FN(bp_load)(cij)));
      }
  }
}

/// Interleaves `w` strided sources into a panel of width W: dst[p*W + j] = src_j[p] for
/// p < kc, j < w, and 0 for w ≤ j < W. Writes are sequential; the w source streams are each
/// read sequentially (the transposing case of packing).
#define BP_DEFINE_GATHER(NAME, W)                                                              \
  static void BP_FN(NAME)(size_t w, size_t kc, const BP_T *src, size_t ld, BP_T *restrict dst) { \
    if (w == (W)) {                                                                            \
      for (size_t p = 0; p < kc; p++) {                                                        \
        BP_UNROLL for (int j = 0; j < (W); j++) dst[p * (W) + j] = src[j * ld + p];            \
      }                                                                                        \
      return;                                                                                  \
    }                                                                                          \
    for (size_t p = 0; p < kc; p++)                                                            \
      for (size_t j = 0; j < (W); j++) dst[p * (W) + j] = j < w ? src[j * ld + p] : 0;         \
  }
BP_DEFINE_GATHER(bp_gather_a, BP_MR)
BP_DEFINE_GATHER(bp_gather_b, BP_NR)
#undef BP_DEFINE_GATHER

/// Packs rows [0, mc) × columns [0, kc) of op(A) into MR-row panels: panel r holds, for each p,
/// the MR values op(A)[r*MR + i, p]; rows beyond mc are zero.
static void BP_FN(bp_pack_a)(int trans, size_t mc, size_t kc, const BP_T *a, size_t lda,
                             BP_T *restrict dst) {
  for (size_t i0 = 0; i0 < mc; i0 += BP_MR) {
    const size_t mr = mc - i0 < BP_MR ? mc - i0 : BP_MR;
    if (trans) {  // op(A)[i, p] = a[p*lda + i]: each p is a contiguous run of mr values
      for (size_t p = 0; p < kc; p++) {
        const BP_T *src = a + p * lda + i0;
        BP_T *d = dst + p * BP_MR;
        size_t i = 0;
        for (; i < mr; i++) d[i] = src[i];
        for (; i < BP_MR; i++) d[i] = 0;
      }
    } else {  // op(A)[i, p] = a[i*lda + p]: row i0 + i of a is contiguous in p
      BP_FN(bp_gather_a)(mr, kc, a + i0 * lda, lda, dst);
    }
    dst += kc * BP_MR;
  }
}

/// Packs rows [0, kc) × columns [0, nc) of op(B) into NR-column panels of kc rows of NR values,
/// `BP_PANEL_B(kc)` elements apart; columns beyond nc are zero.
static void BP_FN(bp_pack_b)(int trans, size_t kc, size_t nc, const BP_T *b, size_t ldb,
                             BP_T *restrict dst) {
  const size_t stride = BP_PANEL_B(kc);
  if (!trans) {
    // op(B)[p, j] = b[p*ldb + j]: walk each row of B once, left to right (prefetcher-friendly),
    // scattering NR-wide pieces to the panels. The one-row pad in BP_PANEL_B spreads these
    // stores over the L1 sets (with kc*NR apart, they would all hit one or two sets).
    const size_t ncFull = nc / BP_NR * BP_NR;
    for (size_t p = 0; p < kc; p++) {
      const BP_T *src = b + p * ldb;
      BP_T *d = dst + p * BP_NR;
      for (size_t j0 = 0; j0 < ncFull; j0 += BP_NR, d += stride)
        memcpy(d, src + j0, sizeof(BP_T) * BP_NR);
      if (ncFull < nc) {
        size_t j = 0;
        for (; j < nc - ncFull; j++) d[j] = src[ncFull + j];
        for (; j < BP_NR; j++) d[j] = 0;
      }
    }
    return;
  }
  // op(B)[p, j] = b[j*ldb + p]: column j of op(B) is row j of b, contiguous in p.
  for (size_t j0 = 0; j0 < nc; j0 += BP_NR, dst += stride)
    BP_FN(bp_gather_b)(nc - j0 < BP_NR ? nc - j0 : BP_NR, kc, b + j0 * ldb, ldb, dst);
}

/// One possibly partial micro-tile: full tiles go straight to C; edge tiles run the same kernel
/// on a padded copy of the C tile, so edge elements see exactly the same arithmetic.
static void BP_FN(bp_tile)(size_t mr, size_t nr, size_t kc, const BP_T *ap, const BP_T *bp,
                           BP_T *c, size_t ldc, BP_T alpha, BP_T beta) {
  if (mr == BP_MR && nr == BP_NR) {
    BP_FN(bp_kernel)(kc, ap, bp, c, ldc, alpha, beta);
    return;
  }
  BP_T tile[BP_MR * BP_NR] __attribute__((aligned(64)));
  if (beta != 0) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < mr; i++)
      for (size_t j = 0; j < nr; j++) tile[i * BP_NR + j] = c[i * ldc + j];
  }
  BP_FN(bp_kernel)(kc, ap, bp, tile, BP_NR, alpha, beta);
  for (size_t i = 0; i < mr; i++)
    for (size_t j = 0; j < nr; j++) c[i * ldc + j] = tile[i * BP_NR + j];
}

static size_t BP_FN(bp_round_up)(size_t x, size_t r) { return (x + r - 1) / r * r; }

/// Serial blocked product on one block of C (see CKernels.h for the contract).
static int BP_FN(bp_gemm_serial)(int transA, int transB, size_t m, size_t n, size_t k, BP_T alpha,
                                 const BP_T *a, size_t lda, const BP_T *b, size_t ldb, BP_T beta,
                                 BP_T *c, size_t ldc, size_t kcMax, size_t mcMax, size_t ncMax) {
  const size_t kc0 = bp_kc_for(k, kcMax ? kcMax : BP_KC);
  const size_t kcb = kc0 < k ? kc0 : k;
  // Row and column blocks: the fewest blocks of at most mc (nc), balanced and rounded up to
  // whole micro-tiles, so no thin leftover block re-streams a whole packed panel.
  const size_t mcb = bp_block_for(m, mcMax ? mcMax : BP_MC, BP_MR);
  size_t ncb = bp_block_for(n, ncMax ? ncMax : BP_NC, BP_NR);
  if (!ncMax && mcb >= m) {
    // One row block only: each packed B block is used once, right after packing, so size it
    // for L2 (half of BP_L2_BYTES) instead of L3; measured ~1.3x on conv-like 64×8192×288.
    const size_t l2nc = BP_L2_BYTES / 2 / (sizeof(BP_T) * kcb);
    ncb = bp_block_for(n, l2nc < ncb ? l2nc : ncb, BP_NR);
  }
  const size_t aBytes = BP_FN(bp_round_up)(sizeof(BP_T) * mcb * kcb, 64);
  const size_t bBytes = BP_FN(bp_round_up)(sizeof(BP_T) * BP_PANEL_B(kcb) * (ncb / BP_NR), 64);
  // Small products pack on the stack (no allocator round trip); others get fresh buffers.
  _Alignas(64) unsigned char small[16384];
  const int onStack = aBytes + bBytes <= sizeof small;
  BP_T *ap = onStack ? (BP_T *)small : aligned_alloc(64, aBytes);
  BP_T *bp = onStack ? (BP_T *)(small + aBytes) : aligned_alloc(64, bBytes);
  if (!ap || !bp) {
    free(ap);
    free(bp);
    return -1;
  }
  for (size_t jc = 0; jc < n; jc += ncb) {
    const size_t nc = n - jc < ncb ? n - jc : ncb;
    for (size_t pc = 0; pc < k; pc += kc0) {
      const size_t kc = k - pc < kc0 ? k - pc : kc0;
      const BP_T betaBlock = pc == 0 ? beta : (BP_T)1;
      const BP_T *bBlock = transB ? b + jc * ldb + pc : b + pc * ldb + jc;
      BP_FN(bp_pack_b)(transB, kc, nc, bBlock, ldb, bp);
      for (size_t ic = 0; ic < m; ic += mcb) {
        const size_t mc = m - ic < mcb ? m - ic : mcb;
        BP_FN(bp_pack_a)(transA, mc, kc, transA ? a + pc * lda + ic : a + ic * lda + pc, lda, ap);
        for (size_t jr = 0; jr < nc; jr += BP_NR) {
          const size_t nr = nc - jr < BP_NR ? nc - jr : BP_NR;
          const BP_T *bPanel = bp + jr / BP_NR * BP_PANEL_B(kc);
          for (size_t ir = 0; ir < mc; ir += BP_MR) {
            const size_t mr = mc - ir < BP_MR ? mc - ir : BP_MR;
            BP_FN(bp_tile)(mr, nr, kc, ap + ir * kc, bPanel,
                           c + (ic + ir) * ldc + jc + jr, ldc, alpha, betaBlock);
          }
        }
      }
    }
  }
  if (!onStack) {
    free(ap);
    free(bp);
  }
  return 0;
}

/// y[j] = alpha * Σ_p x[p]·M[p, j] + beta*y[j] with rows of M contiguous ("axpy" form).
/// y is accumulated in strips of 2048 on the stack (written once); four rows of M are streamed
/// at a time, each element still taking its k multiply-adds in increasing p.
static void BP_FN(bp_gemv_rows)(size_t n, size_t k, BP_T alpha, const BP_T *x, size_t incx,
                                const BP_T *mat, size_t ldm, BP_T beta, BP_T *y, size_t incy) {
  enum { STRIP = 2048 };
  BP_T acc[STRIP] __attribute__((aligned(64)));
  for (size_t j0 = 0; j0 < n; j0 += STRIP) {
    const size_t w = n - j0 < STRIP ? n - j0 : STRIP;
    const size_t wv = w / BP_VL * BP_VL;
    memset(acc, 0, sizeof acc);
    size_t p = 0;
    for (; p + 4 <= k; p += 4) {
      const BP_VEC x0 = BP_FN(bp_splat)(x[p * incx]), x1 = BP_FN(bp_splat)(x[(p + 1) * incx]);
      const BP_VEC x2 = BP_FN(bp_splat)(x[(p + 2) * incx]), x3 = BP_FN(bp_splat)(x[(p + 3) * incx]);
      const BP_T *r0 = mat + p * ldm + j0, *r1 = r0 + ldm, *r2 = r1 + ldm, *r3 = r2 + ldm;
      size_t j = 0;
      for (; j < wv; j += BP_VL) {
        BP_VEC t = BP_FN(bp_load)(acc + j);
        t = BP_FMA(x0, BP_FN(bp_load)(r0 + j), t);
        t = BP_FMA(x1, BP_FN(bp_load)(r1 + j), t);
        t = BP_FMA(x2, BP_FN(bp_load)(r2 + j), t);
        t = BP_FMA(x3, BP_FN(bp_load)(r3 + j), t);
        BP_FN(bp_store)(acc + j, t);
      }
      for (; j < w; j++) {  // scalar tail with the same per-element operations
        BP_VEC t = BP_FN(bp_splat)(acc[j]);
        t = BP_FMA(x0, BP_FN(bp_splat)(r0[j]), t);
        t = BP_FMA(x1, BP_FN(bp_splat)(r1[j]), t);
        t = BP_FMA(x2, BP_FN(bp_splat)(r2[j]), t);
        t = BP_FMA(x3, BP_FN(bp_splat)(r3[j]), t);
        acc[j] = t[0];
      }
    }
    for (; p < k; p++) {
      const BP_VEC xv = BP_FN(bp_splat)(x[p * incx]);
      const BP_T *row = mat + p * ldm + j0;
      size_t j = 0;
      for (; j < wv; j += BP_VL)
        BP_FN(bp_store)(acc + j, BP_FMA(xv, BP_FN(bp_load)(row + j), BP_FN(bp_load)(acc + j)));
      for (; j < w; j++) {
        BP_VEC t = BP_FN(bp_splat)(acc[j]);
        t = BP_FMA(xv, BP_FN(bp_splat)(row[j]), t);
        acc[j] = t[0];
      }
    }
    for (size_t j = 0; j < w; j++) {
      BP_T *yj = y + (j0 + j) * incy;
      *yj = beta == 0 ? alpha * acc[j] : alpha * acc[j] + beta * *yj;
    }
  }
}

/// y[j] = alpha * Σ_p x[p]·M[j, p] + beta*y[j] with rows of M contiguous ("dot" form).
/// Each dot product uses 4 vector accumulators, combined in a fixed order.
static int BP_FN(bp_gemv_dots)(size_t n, size_t k, BP_T alpha, const BP_T *x, size_t incx,
                                const BP_T *mat, size_t ldm, BP_T beta, BP_T *y, size_t incy) {
  BP_T *xc = NULL;
  if (incx != 1) {
    xc = malloc(sizeof(BP_T) * (k ? k : 1));
    if (!xc) return -1;
    for (size_t p = 0; p < k; p++) xc[p] = x[p * incx];
    x = xc;
  }
  const size_t k4 = k / (4 * BP_VL) * (4 * BP_VL);
  for (size_t j = 0; j < n; j++) {
    const BP_T *row = mat + j * ldm;
    BP_VEC s0 = BP_FN(bp_splat)(0), s1 = s0, s2 = s0, s3 = s0;
    size_t p = 0;
    for (; p < k4; p += 4 * BP_VL) {
      s0 = BP_FMA(BP_FN(bp_load)(x + p), BP_FN(bp_load)(row + p), s0);
      s1 = BP_FMA(BP_FN(bp_load)(x + p + BP_VL), BP_FN(bp_load)(row + p + BP_VL), s1);
      s2 = BP_FMA(BP_FN(bp_load)(x + p + 2 * BP_VL), BP_FN(bp_load)(row + p + 2 * BP_VL), s2);
      s3 = BP_FMA(BP_FN(bp_load)(x + p + 3 * BP_VL), BP_FN(bp_load)(row + p + 3 * BP_VL), s3);
    }
    const BP_VEC s = (s0 + s1) + (s2 + s3);
    BP_T sum = 0;
    for (int l = 0; l < BP_VL; l++) sum += s[l];
    for (; p < k; p++) sum += x[p] * row[p];
    BP_T *yj = y + j * incy;
    *yj = beta == 0 ? alpha * sum : alpha * sum + beta * *yj;
  }
  free(xc);
  return 0;
}

#include "gemm_skinny.h"

/// Entry point: handles k == 0, then runs the path in `opt` (see BP_PATH_* in CKernels.h).
int BP_FN(bp_gemm)(int transA, int transB, size_t m, size_t n, size_t k, BP_T alpha,
                   const BP_T *a, size_t lda, const BP_T *b, size_t ldb, BP_T beta, BP_T *c,
                   size_t ldc, const bp_gemm_options *opt) {
  if (m == 0 || n == 0) return 0;
  if (k == 0) {
    for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < n; j++) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
    return 0;
  }
  int path = opt->path;
  if (path == BP_PATH_AUTO)
    path = m == 1 ? BP_PATH_ROW_VECTOR : n == 1 ? BP_PATH_COLUMN_VECTOR : BP_PATH_BLOCKED;
  if (path == BP_PATH_ROW_VECTOR && m == 1) {  // x = row 0 of op(A), M = op(B)
    const size_t incx = transA ? lda : 1;
    if (transB) return BP_FN(bp_gemv_dots)(n, k, alpha, a, incx, b, ldb, beta, c, 1);
    BP_FN(bp_gemv_rows)(n, k, alpha, a, incx, b, ldb, beta, c, 1);
    return 0;
  }
  if (path == BP_PATH_COLUMN_VECTOR && n == 1) {  // x = column 0 of op(B), M = op(A)
    const size_t incx = transB ? 1 : ldb;
    if (transA) {
      BP_FN(bp_gemv_rows)(m, k, alpha, b, incx, a, lda, beta, c, ldc);
      return 0;
    }
    return BP_FN(bp_gemv_dots)(m, k, alpha, b, incx, a, lda, beta, c, ldc);
  }
  if (path == BP_PATH_BLOCKED && !transA && n <= BP_SKINNY_N)  // same arithmetic, A not packed
    return BP_FN(bp_gemm_rows_in_place)(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                        opt->kc);
  if (path == BP_PATH_BLOCKED && !transB && m <= BP_SKINNY_N)  // same arithmetic, B streamed
    return BP_FN(bp_gemm_cols_packed)(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                                      opt->kc);
  return BP_FN(bp_gemm_serial)(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
                               opt->kc, opt->mc, opt->nc);
}

#undef BP_SKINNY_N
#undef BP_SKINNY_NC
#undef BP_CMR
#undef BP_SKINNY_B_BYTES
#undef BP_VEC
#undef BP_UNROLL
#undef BP_L2_BYTES
#undef BP_NR
#undef BP_PANEL_B
#undef BP_FN
#undef BP_CAT
#undef BP_CAT2
