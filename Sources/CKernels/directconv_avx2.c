// AVX2 + FMA level of the direct convolution: 32-byte vectors, fused multiply-add.
// Compiled with a per-function target attribute; only called when bp_cpu_level() >= AVX2.
#include "directconv_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define BD_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#define BD_SUFFIX _avx2
#include "directconv_body.h"

#pragma clang attribute pop
#endif
