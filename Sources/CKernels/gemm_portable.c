// Portable level: generic vector extensions compiled for the baseline target (SSE2 on x86-64),
// multiply then add (no FMA), 16-byte vectors.
#include "gemm_internal.h"

#define BP_FMA(a, b, c) ((a) * (b) + (c))

#define BP_T float
#define BP_VL 4
#define BP_MR 6
#define BP_NV 2
#define BP_KC 256
#define BP_MC 120
#define BP_NC 2048
#define BP_SUFFIX _portable_s
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
#define BP_VL 2
#define BP_MR 6
#define BP_NV 2
#define BP_KC 256
#define BP_MC 60
#define BP_NC 1024
#define BP_SUFFIX _portable_d
#include "gemm_body.h"
