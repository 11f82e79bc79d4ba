// Run-time CPU dispatch between the kernel levels.
#include "gemm_internal.h"

int bp_cpu_level(void) {
#if defined(__x86_64__) && defined(__clang__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return BP_LEVEL_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return BP_LEVEL_AVX2;
#endif
  return BP_LEVEL_PORTABLE;
}

int bp_usable_level(int level) {
  const int best = bp_cpu_level();
  if (level > best) return best;
  return level < BP_LEVEL_PORTABLE ? BP_LEVEL_PORTABLE : level;
}

void bp_gemm_tile(int level, size_t elementSize, size_t *mr, size_t *nr) {
  const size_t lanes = (elementSize == 8 ? 1 : 2);  // floats per double-width lane
  switch (bp_usable_level(level)) {
    case BP_LEVEL_AVX512: *mr = 12; *nr = 16 * lanes; break;
    case BP_LEVEL_AVX2: *mr = 6; *nr = 8 * lanes; break;
    default: *mr = 6; *nr = 4 * lanes; break;
  }
}

static const bp_gemm_options bp_default_options = {0, 0, 0, 0};

int bp_sgemm(int level, int transA, int transB, size_t m, size_t n, size_t k, float alpha,
             const float *a, size_t lda, const float *b, size_t ldb, float beta, float *c,
             size_t ldc, const bp_gemm_options *options) {
  const bp_gemm_options *o = options ? options : &bp_default_options;
  switch (bp_usable_level(level)) {
#if defined(__x86_64__) && defined(__clang__)
    case BP_LEVEL_AVX512:
      return bp_gemm_avx512_s(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
    case BP_LEVEL_AVX2:
      return bp_gemm_avx2_s(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
#endif
    default:
      return bp_gemm_portable_s(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
  }
}

int bp_dgemm(int level, int transA, int transB, size_t m, size_t n, size_t k, double alpha,
             const double *a, size_t lda, const double *b, size_t ldb, double beta, double *c,
             size_t ldc, const bp_gemm_options *options) {
  const bp_gemm_options *o = options ? options : &bp_default_options;
  switch (bp_usable_level(level)) {
#if defined(__x86_64__) && defined(__clang__)
    case BP_LEVEL_AVX512:
      return bp_gemm_avx512_d(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
    case BP_LEVEL_AVX2:
      return bp_gemm_avx2_d(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
#endif
    default:
      return bp_gemm_portable_d(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, o);
  }
}
