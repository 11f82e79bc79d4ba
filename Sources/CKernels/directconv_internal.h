// Private declarations shared by the direct-convolution level files and directconv.c.
#ifndef BACKPROPAUDIT_DIRECTCONV_INTERNAL_H
#define BACKPROPAUDIT_DIRECTCONV_INTERNAL_H

#include "CKernels.h"
#include "level_internal.h"

/// Most output channels per micro-tile, and most accumulator vectors (rows · vectors): 12 of the
/// 16 AVX2 registers, leaving room for the input vectors and a broadcast weight.
#define BD_MAX_ROWS 6
#define BD_MAX_VECTORS 4
#define BD_MAX_ACCUMULATORS 12

void bp_direct_conv_items_portable(const bp_direct_conv_plan *, const float *, const float *,
                                   const float *, float *, float *, int, size_t, size_t, float *);
void bp_direct_conv_items_avx2(const bp_direct_conv_plan *, const float *, const float *,
                               const float *, float *, float *, int, size_t, size_t, float *);

#endif
