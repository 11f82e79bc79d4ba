// Private declarations shared by the Winograd level files and winograd.c.
#ifndef BACKPROPAUDIT_WINOGRAD_INTERNAL_H
#define BACKPROPAUDIT_WINOGRAD_INTERNAL_H

#include "CKernels.h"
#include "level_internal.h"

/// Micro-tile rows (output channels, broadcast side) and columns (tiles, two 8-float vectors).
/// The same at every level, so the packed weights have one layout.
#define BW_MR 6
#define BW_NV 2
#define BW_NR (BW_NV * 8)

/// First output channel of weight panel p (of ⌈O/6⌉). Panels hold 6 channels, except that when
/// O mod 6 is 1, 2 or 3 the last two panels share 6 + O mod 6 channels evenly (4 + 3, 4 + 4 or
/// 5 + 4 rather than 6 + 1 …): a 1- or 2-row micro-kernel has too few independent accumulators to
/// keep the FMA units busy. panel_start(⌈O/6⌉) = O.
static inline size_t bp_winograd_panel_start(size_t o, size_t p) {
  const size_t panels = (o + BW_MR - 1) / BW_MR, r = o % BW_MR;
  if (p >= panels) return o;
  if (r == 0 || r > 3 || panels < 2 || p + 1 < panels) return p * BW_MR;
  return (panels - 2) * BW_MR + (BW_MR + r + 1) / 2;  // the last panel
}

/// Extra floats between the 16 ξ slices of the V and M blocks: one cache line, so the 16 slices
/// a transform touches at once fall in different L1 sets (the data alone is often a multiple of
/// 4 KiB, which would put all 16 in one 8-way set).
#define BW_SKEW 16

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
