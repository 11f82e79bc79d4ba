// AVX-512F level: 64-byte vectors, fused multiply-add; micro-tiles 12×32 (float), 12×16 (double)
// (24 accumulators of the 32 zmm registers). Only called when bp_cpu_level() >= AVX512.
#include "gemm_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,fma"))), apply_to = function)

#define BP_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)

#define BP_T float
#define BP_VL 16
#define BP_MR 12
#define BP_NV 2
#define BP_KC 384
#define BP_MC 144
#define BP_NC 4096
#define BP_SUFFIX _avx512_s
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
#define BP_VL 8
#define BP_MR 12
#define BP_NV 2
#define BP_KC 384
#define BP_MC 72
#define BP_NC 2048
#define BP_SUFFIX _avx512_d
#include "gemm_body.h"

#pragma clang attribute pop
#endif
