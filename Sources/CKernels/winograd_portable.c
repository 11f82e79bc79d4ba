// Portable level of the Winograd pipeline: 8-float vector extensions compiled for the baseline
// target (pairs of SSE2 registers on x86-64), multiply then add (no FMA).
#include "winograd_internal.h"

// Every vector helper is static (inlined), so the 32-byte vector ABI note does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#define BW_FMA(a, b, c) ((a) * (b) + (c))
#define BW_SUFFIX _portable
#include "winograd_body.h"
