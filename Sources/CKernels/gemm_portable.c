#include "CKernels.h"

void bp_sgemm_block(size_t m, size_t n, size_t k,
                    const float *a, size_t lda,
                    const float *b, size_t ldb,
                    float beta, float *c, size_t ldc) {
  for (size_t i = 0; i < m; i++) {
    float *crow = c + i * ldc;
    for (size_t j = 0; j < n; j++) crow[j] = beta == 0.0f ? 0.0f : beta * crow[j];
    for (size_t p = 0; p < k; p++) {
      const float aip = a[i * lda + p];
      const float *brow = b + p * ldb;
      for (size_t j = 0; j < n; j++) crow[j] += aip * brow[j];
    }
  }
}
