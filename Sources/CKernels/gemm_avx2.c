// AVX2 + FMA level: 32-byte vectors, fused multiply-add; micro-tiles 6×16 (float), 6×8 (double).
// Compiled with a per-function target attribute; only called when bp_cpu_level() >= AVX2.
#include "gemm_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define BP_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)

#define BP_T float
#define BP_VL 8
#define BP_MR 6
#define BP_NV 2
#define BP_KC 384
#define BP_MC 120
#define BP_NC 4096
#define BP_SUFFIX _avx2_s
#include "gemm_body.h"
#undef BP_T
#undef BP_VL
#undef BP_MR
#undef BP_NV
#undef BP_KC
#undef BP_MC
#undef BP_NC
#undef BP_SUFFIX

#define BP_T double
#define BP_VL 4
#define BP_MR 6
#define BP_NV 2
#define BP_KC 384
#define BP_MC 72
#define BP_NC 2048
#define BP_SUFFIX _avx2_d
#include "gemm_body.h"

#pragma clang attribute pop
#endif
