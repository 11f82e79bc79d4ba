// AVX2 + FMA level of the Winograd pipeline: 32-byte vectors, fused multiply-add, 6×16 micro-tiles.
// Compiled with a per-function target attribute; only called when bp_cpu_level() >= AVX2.
#include "winograd_internal.h"

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define BW_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#define BW_SUFFIX _avx2
#include "winograd_body.h"

#pragma clang attribute pop
#endif
