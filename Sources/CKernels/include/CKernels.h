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
  BP_PATH_COLUMN_VECTOR = 3   ///< n == 1 form: C[i, 0] = α Σ_p op(A)[i, p]·op(B)[p, 0] + β·C
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

#endif
