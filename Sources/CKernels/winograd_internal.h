// Private declarations shared by the Winograd level files and winograd.c.
#ifndef BACKPROPAUDIT_WINOGRAD_INTERNAL_H
#define BACKPROPAUDIT_WINOGRAD_INTERNAL_H

#include "CKernels.h"

/// Micro-tile rows (output channels, broadcast side) and columns (tiles, two 8-float vectors).
/// The same at every level, so the packed weights have one layout.
#define BW_MR 6
#define BW_NV 2
#define BW_NR (BW_NV * 8)

/// Largest depth block: channels are split into the fewest balanced blocks of at most this many,
/// so a kc×NR panel of V (16 KiB) and the U rows of a group stay in L1.
#define BW_KC 256

/// The depth block for C channels: the fewest balanced blocks of at most BW_KC (as bp_kc_for).
static inline size_t bp_winograd_kc(size_t c) {
  const size_t blocks = (c + BW_KC - 1) / BW_KC;
  return blocks ? (c + blocks - 1) / blocks : 1;
}

void bp_winograd23_blocks_portable(const bp_winograd_plan *, const float *, const float *,
                                   const float *, float *, float *, int, size_t, size_t, float *);
void bp_winograd23_blocks_avx2(const bp_winograd_plan *, const float *, const float *,
                               const float *, float *, float *, int, size_t, size_t, float *);

void bp_winograd23_pack_portable(const bp_winograd_plan *, const float *, int, size_t, size_t,
                                 float *);
void bp_winograd23_pack_avx2(const bp_winograd_plan *, const float *, int, size_t, size_t, float *);

#endif
