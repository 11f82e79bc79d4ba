// Private declarations shared by the level files and the dispatcher.
#ifndef BACKPROPAUDIT_GEMM_INTERNAL_H
#define BACKPROPAUDIT_GEMM_INTERNAL_H

#include "CKernels.h"
#include "level_internal.h"

/// The kc block length for depth k: the fewest blocks of at most kcMax, balanced in length, so a
/// short last block never occurs. A function of (k, kcMax) only, hence of the shape and level.
static inline size_t bp_kc_for(size_t k, size_t kcMax) {
  const size_t blocks = (k + kcMax - 1) / kcMax;
  return blocks ? (k + blocks - 1) / blocks : 1;
}

/// Block length for extent x: the fewest blocks of at most max(maxBlock, unit), equal in length
/// up to rounding to a multiple of unit (the micro-tile side).
static inline size_t bp_block_for(size_t x, size_t maxBlock, size_t unit) {
  if (maxBlock < unit) maxBlock = unit;
  const size_t blocks = (x + maxBlock - 1) / maxBlock;
  const size_t len = blocks ? (x + blocks - 1) / blocks : 1;
  return (len + unit - 1) / unit * unit;
}

#define BP_DECLARE_LEVEL(suffix)                                                                   \
  int bp_gemm_##suffix##_s(int, int, size_t, size_t, size_t, float, const float *, size_t,         \
                           const float *, size_t, float, float *, size_t, const bp_gemm_options *); \
  int bp_gemm_##suffix##_d(int, int, size_t, size_t, size_t, double, const double *, size_t,       \
                           const double *, size_t, double, double *, size_t,                       \
                           const bp_gemm_options *);

BP_DECLARE_LEVEL(portable)
BP_DECLARE_LEVEL(avx2)
BP_DECLARE_LEVEL(avx512)

#endif
