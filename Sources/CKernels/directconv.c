// Direct stride-1 convolution for few channels: the plan, the weight packing and the run-time
// level dispatch. The kernel itself is the template directconv_body.h.
#include "directconv_internal.h"

/// Output rows per work item at most: a sample's rows are split into bands so that batch 1 still
/// gives both cores work, and a band's padded input stays in L2 for any channel count.
#define BD_BAND_ROWS ((size_t)16)

int bp_direct_conv_make_plan(int level, size_t channels, size_t outChannels, size_t height,
                             size_t width, size_t kernelHeight, size_t kernelWidth, size_t padTop,
                             size_t padLeft, size_t batch, bp_direct_conv_plan *plan) {
  if (!channels || !outChannels || !batch || !kernelHeight || !kernelWidth || !height || !width ||
      height + 2 * padTop < kernelHeight || width + 2 * padLeft < kernelWidth)
    return -1;
  plan->level = bp_usable_level(level);
  plan->channels = channels;
  plan->outChannels = outChannels;
  plan->height = height;
  plan->width = width;
  plan->padTop = padTop;
  plan->padLeft = padLeft;
  plan->kernelHeight = kernelHeight;
  plan->kernelWidth = kernelWidth;
  plan->batch = batch;
  plan->outputHeight = height + 2 * padTop - kernelHeight + 1;
  plan->outputWidth = width + 2 * padLeft - kernelWidth + 1;
  // Micro-tile: as many 8-column vectors as cover a row (at most 4), then as many output
  // channels as keep 12 accumulators (at most 6); the panels split O evenly.
  size_t vectors = bp_ceil_div(plan->outputWidth, 8);
  if (vectors > BD_MAX_VECTORS) vectors = BD_MAX_VECTORS;
  size_t rows = BD_MAX_ACCUMULATORS / vectors;
  if (rows > BD_MAX_ROWS) rows = BD_MAX_ROWS;
  plan->panels = bp_ceil_div(outChannels, rows);
  plan->panelRows = bp_ceil_div(outChannels, plan->panels);
  plan->vectors = vectors;
  plan->bands = bp_ceil_div(plan->outputHeight, BD_BAND_ROWS);
  plan->bandRows = bp_ceil_div(plan->outputHeight, plan->bands);
  plan->items = batch * plan->bands;
  // Reads reach column (last tile start) + 8·vectors − 1 + kw − 1.
  plan->paddedWidth = bp_ceil_div(plan->outputWidth, 8 * vectors) * 8 * vectors + kernelWidth - 1;
  plan->paddedRows = plan->bandRows + kernelHeight - 1;
  plan->weightCount = plan->panels * channels * kernelHeight * kernelWidth * plan->panelRows;
  plan->scratchCount = channels * plan->paddedRows * plan->paddedWidth;
  return 0;
}

size_t bp_direct_conv_panel_start(const bp_direct_conv_plan *plan, size_t p) {
  return p * plan->outChannels / plan->panels;
}

void bp_direct_conv_pack_weights(const bp_direct_conv_plan *plan, const float *w,
                                 int transposedFlipped, float *u) {
  const size_t c = plan->channels, o = plan->outChannels, kh = plan->kernelHeight,
               kw = plan->kernelWidth, rows = plan->panelRows, taps = kh * kw;
  for (size_t p = 0; p < plan->panels; p++) {
    const size_t o0 = bp_direct_conv_panel_start(plan, p);
    const size_t o1 = bp_direct_conv_panel_start(plan, p + 1);
    float *panel = u + p * c * taps * rows;
    for (size_t ic = 0; ic < c; ic++)
      for (size_t k = 0; k < taps; k++) {
        float *dst = panel + (ic * taps + k) * rows;
        for (size_t r = 0; r < rows; r++) {
          const size_t oc = o0 + r;
          dst[r] = oc >= o1 ? 0.0f
                   : transposedFlipped ? w[(ic * o + oc) * taps + (taps - 1 - k)]
                                       : w[(oc * c + ic) * taps + k];
        }
      }
  }
}

void bp_direct_conv_run(const bp_direct_conv_plan *plan, const float *u, const float *x,
                        const float *bias, float *y, float *relu, int epilogue, size_t itemBegin,
                        size_t itemEnd, float *scratch) {
#if defined(__x86_64__) && defined(__clang__)
  if (plan->level >= BP_LEVEL_AVX2) {
    bp_direct_conv_items_avx2(plan, u, x, bias, y, relu, epilogue, itemBegin, itemEnd, scratch);
    return;
  }
#endif
  bp_direct_conv_items_portable(plan, u, x, bias, y, relu, epilogue, itemBegin, itemEnd, scratch);
}
