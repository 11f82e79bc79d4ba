// Skinny products: a dense layer's weight matrix against a small batch (part of the gemm_body.h
// template, included from it, so BP_T, BP_MR, BP_NR, BP_FN, … are those of the including level).
//
// The blocked path (bp_gemm_serial) copies blocks of both operands into packed panels. When one
// side of C is at most BP_SKINNY_N wide, each value of the large operand is used only that many
// times, and copying it costs a large share of the arithmetic (about half the time for a 32-wide batch).
// Two forms for those shapes, both chosen by bp_gemm for BP_PATH_BLOCKED:
//
//   bp_gemm_rows_in_place  n ≤ BP_SKINNY_N, A as stored (the layer's Yᵀ = W·Xᵀ, W as A): the
//                          micro-kernel reads MR rows of A in place, as long sequential streams;
//                          only op(B) (small) is packed.
//   bp_gemm_cols_packed    m ≤ BP_SKINNY_N, B as stored (the input gradient G·W, W as B): B's
//                          column strips lie ldb apart and cannot be read in place, so B is
//                          still packed, in small blocks, with the next block's rows prefetched
//                          while the current one is multiplied (memory reads overlap arithmetic),
//                          on 4-row register tiles (a 32-row op(A) then has no padded rows).
//
// Both keep the arithmetic of bp_gemm_serial exactly (the contract in gemm_body.h): the same kc
// blocks (kc from k alone), each element accumulated in its own lane from zero over one block in
// increasing p with the same fused operations, then merged as C = alpha*acc + beta*C. Results are
// therefore bitwise those of the packed path (BP_PATH_PACKED), for any split of C between threads.

/// Widest skinny side (4 register-tile panels) for which bp_gemm takes the forms below.
#define BP_SKINNY_N (4 * BP_NR)

/// Bytes of packed op(B) kept for a group of kc blocks (half of a Zen 3 core's 512 KiB L2).
#define BP_SKINNY_B_BYTES ((size_t)1 << 18)

/// Micro-kernel over A read in place: C[MR×NR] = alpha * A[rows, p0..p0+kc)·Bp + beta * C.
/// `rows[i]` points at element p0 of row i (rows past the edge repeat the last valid row; their
/// results are discarded by the caller). The operations are those of bp_kernel.
static void BP_FN(bp_kernel_rows)(size_t kc, const BP_T *const rows[BP_MR],
                                  const BP_T *restrict bp, BP_T *restrict c, size_t ldc,
                                  BP_T alpha, BP_T beta) {
  BP_VEC acc[BP_MR][BP_NV];
  const BP_T *r[BP_MR];
  BP_UNROLL
  for (int i = 0; i < BP_MR; i++) {
    r[i] = rows[i];
    BP_UNROLL
    for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FN(bp_splat)(0);
  }
#pragma clang loop unroll_count(4)
  for (size_t p = 0; p < kc; p++) {
    BP_VEC b[BP_NV];
    BP_UNROLL
    for (int j = 0; j < BP_NV; j++) b[j] = BP_FN(bp_load)(bp + j * BP_VL);
    BP_UNROLL
    for (int i = 0; i < BP_MR; i++) {
      const BP_VEC a = BP_FN(bp_splat)(r[i][p]);
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FMA(a, b[j], acc[i][j]);
    }
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

/// C = alpha·A·op(B) + beta·C for row-major A (m×k, read in place) and n ≤ BP_SKINNY_N.
/// The kc blocks are taken in groups whose packed op(B) fits BP_SKINNY_B_BYTES; for each group,
/// every MR-row panel of A runs through all the group's blocks in increasing p (so each row of A
/// is read as one long sequential stream per group) and, per block, through the NR panels of
/// op(B). Edge tiles as in bp_tile. Returns 0, or -1 if the pack buffer could not be allocated.
static int BP_FN(bp_gemm_rows_in_place)(int transB, size_t m, size_t n, size_t k, BP_T alpha,
                                        const BP_T *a, size_t lda, const BP_T *b, size_t ldb,
                                        BP_T beta, BP_T *c, size_t ldc, size_t kcMax) {
  const size_t kc0 = bp_kc_for(k, kcMax ? kcMax : BP_KC);
  const size_t kcb = kc0 < k ? kc0 : k;
  const size_t blockElements = BP_PANEL_B(kcb) * ((n + BP_NR - 1) / BP_NR);  // one packed block
  const size_t blocks = (k + kc0 - 1) / kc0;
  size_t group = BP_SKINNY_B_BYTES / (sizeof(BP_T) * blockElements);
  group = group < 1 ? 1 : group > blocks ? blocks : group;
  BP_T *bp = aligned_alloc(64, BP_FN(bp_round_up)(sizeof(BP_T) * blockElements * group, 64));
  if (!bp) return -1;
  BP_T tile[BP_MR * BP_NR] __attribute__((aligned(64)));
  for (size_t g0 = 0; g0 < blocks; g0 += group) {
    const size_t g1 = g0 + group < blocks ? g0 + group : blocks;
    for (size_t g = g0; g < g1; g++) {
      const size_t pc = g * kc0, kc = k - pc < kc0 ? k - pc : kc0;
      BP_FN(bp_pack_b)(transB, kc, n, transB ? b + pc : b + pc * ldb, ldb,
                       bp + (g - g0) * blockElements);
    }
    for (size_t ir = 0; ir < m; ir += BP_MR) {
      const size_t mr = m - ir < BP_MR ? m - ir : BP_MR;
      for (size_t g = g0; g < g1; g++) {
        const size_t pc = g * kc0, kc = k - pc < kc0 ? k - pc : kc0;
        const BP_T betaBlock = pc == 0 ? beta : (BP_T)1;
        const BP_T *rows[BP_MR];
        for (size_t i = 0; i < BP_MR; i++) rows[i] = a + (ir + (i < mr ? i : mr - 1)) * lda + pc;
        for (size_t jr = 0; jr < n; jr += BP_NR) {
          const size_t nr = n - jr < BP_NR ? n - jr : BP_NR;
          const BP_T *bPanel = bp + (g - g0) * blockElements + jr / BP_NR * BP_PANEL_B(kc);
          BP_T *ct = c + ir * ldc + jr;
          if (mr == BP_MR && nr == BP_NR) {
            BP_FN(bp_kernel_rows)(kc, rows, bPanel, ct, ldc, alpha, betaBlock);
            continue;
          }
          if (betaBlock != 0) {
            memset(tile, 0, sizeof tile);
            for (size_t i = 0; i < mr; i++)
              for (size_t j = 0; j < nr; j++) tile[i * BP_NR + j] = ct[i * ldc + j];
          }
          BP_FN(bp_kernel_rows)(kc, rows, bPanel, tile, BP_NR, alpha, betaBlock);
          for (size_t i = 0; i < mr; i++)
            for (size_t j = 0; j < nr; j++) ct[i * ldc + j] = tile[i * BP_NR + j];
        }
      }
    }
  }
  free(bp);
  return 0;
}

/// Columns of op(B) per packed block in bp_gemm_cols_packed (8 NR panels for AVX2 floats).
#define BP_SKINNY_NC (128 / (sizeof(BP_T) / 4))

/// Rows per register tile in bp_gemm_cols_packed: 4 (a 4×NR tile: 4·NV accumulators), so a
/// 32-row op(A) fills its tiles exactly (6-row tiles would compute 36 rows).
#define BP_CMR 4

/// bp_pack_a for BP_CMR-row panels: panel r holds, for each p, op(A)[r*BP_CMR + i, p].
static void BP_FN(bp_pack_a_cols)(int trans, size_t mc, size_t kc, const BP_T *a, size_t lda,
                                  BP_T *restrict dst) {
  for (size_t i0 = 0; i0 < mc; i0 += BP_CMR, dst += kc * BP_CMR) {
    const size_t mr = mc - i0 < BP_CMR ? mc - i0 : BP_CMR;
    for (size_t p = 0; p < kc; p++)
      for (size_t i = 0; i < BP_CMR; i++)
        dst[p * BP_CMR + i] = i >= mr ? 0 : trans ? a[p * lda + i0 + i] : a[(i0 + i) * lda + p];
  }
}

/// Where bp_kernel_prefetching is in the rows of B that are packed next: the cache line at
/// `row + col`, `rows` rows of `cols` values (row stride ldb) still to go.
typedef struct {
  const BP_T *row;
  size_t col, cols, ldb, rows;
} BP_FN(bp_cursor);

/// bp_kernel (same operations, same result) that also prefetches into L2, every 8 values of p,
/// up to `perStep` cache lines of the B block packed next, advancing `next`.
static void BP_FN(bp_kernel_prefetching)(size_t kc, const BP_T *restrict ap,
                                         const BP_T *restrict bp, BP_T *restrict c, size_t ldc,
                                         BP_T alpha, BP_T beta, BP_FN(bp_cursor) *next,
                                         size_t perStep) {
  BP_VEC acc[BP_CMR][BP_NV];
  BP_UNROLL
  for (int i = 0; i < BP_CMR; i++)
    BP_UNROLL
    for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FN(bp_splat)(0);
  const size_t line = 64 / sizeof(BP_T);
  for (size_t p0 = 0; p0 < kc; p0 += 8) {
    for (size_t q = 0; q < perStep && next->rows; q++) {
      __builtin_prefetch(next->row + next->col, 0, 2);
      next->col += line;
      if (next->col >= next->cols) {
        next->col = 0;
        if (--next->rows) next->row += next->ldb;
      }
    }
    const size_t end = kc - p0 < 8 ? kc : p0 + 8;
#pragma clang loop unroll_count(4)
    for (size_t p = p0; p < end; p++) {
      BP_VEC b[BP_NV];
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) b[j] = BP_FN(bp_load)(bp + j * BP_VL);
      BP_UNROLL
      for (int i = 0; i < BP_CMR; i++) {
        const BP_VEC a = BP_FN(bp_splat)(ap[i]);
        BP_UNROLL
        for (int j = 0; j < BP_NV; j++) acc[i][j] = BP_FMA(a, b[j], acc[i][j]);
      }
      ap += BP_CMR;
      bp += BP_NR;
    }
  }
  const BP_VEC va = BP_FN(bp_splat)(alpha);
  if (beta == 0) {
    BP_UNROLL
    for (int i = 0; i < BP_CMR; i++)
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) BP_FN(bp_store)(c + i * ldc + j * BP_VL, va * acc[i][j]);
  } else {
    const BP_VEC vb = BP_FN(bp_splat)(beta);
    BP_UNROLL
    for (int i = 0; i < BP_CMR; i++)
      BP_UNROLL
      for (int j = 0; j < BP_NV; j++) {
        BP_T *cij = c + i * ldc + j * BP_VL;
        BP_FN(bp_store)(cij, BP_FMA(va, acc[i][j], vb * BP_FN(bp_load)(cij)));
      }
  }
}

/// C = alpha·op(A)·B + beta·C for small m (≤ BP_SKINNY_N) and B stored row-major (k×n, large).
/// B cannot be read in place (its kc-row column strips lie ldb apart and thrash the caches), so
/// it is packed in blocks of kc × BP_SKINNY_NC; op(A) (m×k, small) is packed once per kc block,
/// in BP_CMR-row panels.
/// While the kernels multiply one B block, they prefetch the rows of the next block into L2,
/// spread evenly over the block's tiles, so the main-memory reads overlap the arithmetic instead
/// of preceding it. Edge tiles as in bp_tile. Returns 0, or -1 if allocation failed.
static int BP_FN(bp_gemm_cols_packed)(int transA, size_t m, size_t n, size_t k, BP_T alpha,
                                      const BP_T *a, size_t lda, const BP_T *b, size_t ldb,
                                      BP_T beta, BP_T *c, size_t ldc, size_t kcMax) {
  const size_t kc0 = bp_kc_for(k, kcMax ? kcMax : BP_KC);
  const size_t kcb = kc0 < k ? kc0 : k;
  const size_t mPanels = (m + BP_CMR - 1) / BP_CMR;
  const size_t aElements = BP_FN(bp_round_up)(mPanels * BP_CMR * kcb, 16);
  const size_t bElements = BP_PANEL_B(kcb) * (BP_SKINNY_NC / BP_NR);
  BP_T *ap =
      aligned_alloc(64, BP_FN(bp_round_up)(sizeof(BP_T) * (aElements + bElements), 64));
  if (!ap) return -1;
  BP_T *bp = ap + aElements;
  const size_t line = 64 / sizeof(BP_T);
  BP_T tile[BP_CMR * BP_NR] __attribute__((aligned(64)));
  for (size_t pc = 0; pc < k; pc += kc0) {
    const size_t kc = k - pc < kc0 ? k - pc : kc0;
    const BP_T betaBlock = pc == 0 ? beta : (BP_T)1;
    BP_FN(bp_pack_a_cols)(transA, m, kc, transA ? a + pc * lda : a + pc, lda, ap);
    for (size_t jc = 0; jc < n; jc += BP_SKINNY_NC) {
      const size_t nc = n - jc < BP_SKINNY_NC ? n - jc : BP_SKINNY_NC;
      BP_FN(bp_pack_b)(0, kc, nc, b + pc * ldb + jc, ldb, bp);
      // The next block: the next columns of these rows, or the first columns of the next rows.
      const size_t nextJ = jc + nc < n ? jc + nc : 0;
      const size_t nextP = jc + nc < n ? pc : pc + kc;
      BP_FN(bp_cursor) next = {b + nextP * ldb + nextJ, 0,
                               n - nextJ < BP_SKINNY_NC ? n - nextJ : BP_SKINNY_NC, ldb,
                               nextP >= k ? 0 : k - nextP < kc0 ? k - nextP : kc0};
      const size_t lines = next.rows * ((next.cols + line - 1) / line);
      const size_t steps = ((nc + BP_NR - 1) / BP_NR) * mPanels * ((kc + 7) / 8);
      const size_t perStep = (lines + steps - 1) / steps;
      for (size_t jr = 0; jr < nc; jr += BP_NR) {
        const size_t nr = nc - jr < BP_NR ? nc - jr : BP_NR;
        const BP_T *bPanel = bp + jr / BP_NR * BP_PANEL_B(kc);
        for (size_t ir = 0; ir < m; ir += BP_CMR) {
          const size_t mr = m - ir < BP_CMR ? m - ir : BP_CMR;
          BP_T *ct = c + ir * ldc + jc + jr;
          if (mr == BP_CMR && nr == BP_NR) {
            BP_FN(bp_kernel_prefetching)(kc, ap + ir * kc, bPanel, ct, ldc, alpha, betaBlock,
                                         &next, perStep);
            continue;
          }
          if (betaBlock != 0) {
            memset(tile, 0, sizeof tile);
            for (size_t i = 0; i < mr; i++)
              for (size_t j = 0; j < nr; j++) tile[i * BP_NR + j] = ct[i * ldc + j];
          }
          BP_FN(bp_kernel_prefetching)(kc, ap + ir * kc, bPanel, tile, BP_NR, alpha, betaBlock,
                                       &next, perStep);
          for (size_t i = 0; i < mr; i++)
            for (size_t j = 0; j < nr; j++) ct[i * ldc + j] = tile[i * BP_NR + j];
        }
      }
    }
  }
  free(ap);
  return 0;
}
