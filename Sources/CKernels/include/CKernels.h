#ifndef BACKPROPAUDIT_CKERNELS_H
#define BACKPROPAUDIT_CKERNELS_H

#include <stddef.h>

/// Row-major single-precision block product C[m×n] = A[m×k] · B[k×n] + beta·C on plain strided
/// pointers. The portable reference kernel; the dispatching kernels replace it where the CPU allows.
void bp_sgemm_block(size_t m, size_t n, size_t k,
                    const float *a, size_t lda,
                    const float *b, size_t ldb,
                    float beta, float *c, size_t ldc);

#endif
