// Private helpers shared by every kernel family (GEMM, Winograd, direct convolution).
#ifndef BACKPROPAUDIT_LEVEL_INTERNAL_H
#define BACKPROPAUDIT_LEVEL_INTERNAL_H

#include <stddef.h>

/// `level` clamped to [portable, bp_cpu_level()], so no unsupported instruction ever runs.
int bp_usable_level(int level);

/// ⌈x / r⌉ for r > 0.
static inline size_t bp_ceil_div(size_t x, size_t r) { return (x + r - 1) / r; }

#endif
