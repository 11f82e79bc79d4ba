// Winograd F(2×2, 3×3): the plan, the weight transform and the run-time level dispatch.
// The pipeline itself is the template winograd_body.h (see there for the algorithm).
#include "winograd_internal.h"

// Blocking, for a 512 KiB L2 and 32 KiB L1 per core (Zen 3 EPYC here). Measured with a C harness
// (conv2–conv4 shapes of the CIFAR-10 network, batch 32 and 1): V budgets of 128–512 KiB and M
// budgets of 16–256 KiB all ran within the ±5 % run-to-run noise of this shared VM.

/// Transformed-input floats a block may hold (256 KiB: half of the L2, next to the products
/// and the streamed weights).
#define BW_V_BUDGET ((size_t)65536)
/// Product floats a group of output channels may hold (64 KiB).
#define BW_M_BUDGET ((size_t)16384)
/// Most tiles per block.
#define BW_MAX_BLOCK ((size_t)128)

static size_t bw_round_up(size_t x, size_t r) { return (x + r - 1) / r * r; }

int bp_winograd23_plan(int level, size_t channels, size_t outChannels, size_t height, size_t width,
                       size_t padTop, size_t padLeft, size_t batch, bp_winograd_plan *plan) {
  if (!channels || !outChannels || !batch || height + 2 * padTop < 3 || width + 2 * padLeft < 3)
    return -1;
  plan->level = bp_usable_level(level);
  plan->channels = channels;
  plan->outChannels = outChannels;
  plan->height = height;
  plan->width = width;
  plan->padTop = padTop;
  plan->padLeft = padLeft;
  plan->batch = batch;
  plan->outputHeight = height + 2 * padTop - 2;
  plan->outputWidth = width + 2 * padLeft - 2;
  plan->tileRows = (plan->outputHeight + 1) / 2;
  plan->tileColumns = (plan->outputWidth + 1) / 2;
  plan->tiles = batch * plan->tileRows * plan->tileColumns;
  // Blocks: as many tiles as keep V within budget, then balanced; a small problem gets an even
  // number of blocks (when it has enough panels) so both cores of the target machine take part.
  size_t maxTiles = BW_V_BUDGET / (16 * channels) / BW_NR * BW_NR;
  if (maxTiles < BW_NR) maxTiles = BW_NR;
  if (maxTiles > BW_MAX_BLOCK) maxTiles = BW_MAX_BLOCK;
  const size_t panels = bp_ceil_div(plan->tiles, BW_NR);
  size_t blocks = bp_ceil_div(plan->tiles, maxTiles);
  if (blocks < 8 && blocks % 2 == 1 && blocks < panels) blocks += 1;
  plan->blockTiles = bw_round_up(bp_ceil_div(plan->tiles, blocks), BW_NR);
  plan->blocks = bp_ceil_div(plan->tiles, plan->blockTiles);
  plan->weightPanels = bp_ceil_div(outChannels, BW_MR);
  size_t group = BW_M_BUDGET / (16 * plan->blockTiles) / BW_MR;
  if (group < 1) group = 1;
  plan->groupPanels = group < plan->weightPanels ? group : plan->weightPanels;
  plan->kc = bp_winograd_kc(channels);
  plan->paddedWidth = plan->tileColumns + 16;
  const size_t spanned = bp_ceil_div(plan->blockTiles, plan->tileColumns) + 1;
  plan->paddedRows = 2 * (2 * (spanned < plan->tileRows ? spanned : plan->tileRows) + 2);
  plan->weightCount = 16 * BW_MR * plan->weightPanels * channels;
  plan->scratchV = bw_round_up(16 * (channels * plan->blockTiles + BW_SKEW), 16);
  plan->scratchM = bw_round_up(16 * (plan->groupPanels * BW_MR * plan->blockTiles + BW_SKEW) + 8, 16);
  plan->scratchCount = plan->scratchV + plan->scratchM + plan->paddedRows * plan->paddedWidth;
  return 0;
}

void bp_winograd23_pack_weights(const bp_winograd_plan *plan, const float *w, int transposedFlipped,
                                size_t panelBegin, size_t panelEnd, float *u) {
#if defined(__x86_64__) && defined(__clang__)
  if (plan->level >= BP_LEVEL_AVX2) {
    bp_winograd23_pack_avx2(plan, w, transposedFlipped, panelBegin, panelEnd, u);
    return;
  }
#endif
  bp_winograd23_pack_portable(plan, w, transposedFlipped, panelBegin, panelEnd, u);
}

void bp_winograd23_run(const bp_winograd_plan *plan, const float *u, const float *x,
                       const float *bias, float *y, float *relu, int epilogue, size_t blockBegin,
                       size_t blockEnd, float *scratch) {
#if defined(__x86_64__) && defined(__clang__)
  if (plan->level >= BP_LEVEL_AVX2) {
    bp_winograd23_blocks_avx2(plan, u, x, bias, y, relu, epilogue, blockBegin, blockEnd, scratch);
    return;
  }
#endif
  bp_winograd23_blocks_portable(plan, u, x, bias, y, relu, epilogue, blockBegin, blockEnd, scratch);
}
